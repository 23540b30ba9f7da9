import { parseArgs } from 'node:util';
import type { AppContext, Actor } from '../../context.js';
import { formatDateVi, TIME_ZONE } from '../../../domain/numbering.js';
import { createImapAccount, listImapAccounts, pollImapAccountNow, type ImapAccountView } from './accounts.js';
import type { PollResult } from './fetch.js';

export const IMAP_USAGE = `lienthong mail imap add --host <máy chủ> [--port 993] --user <tên> --password <mật khẩu> [--org <mã định danh|id>] [--mailbox INBOX] [--tls|--starttls] [--insecure]
  lienthong mail imap list
  lienthong mail imap poll [id]`;

const time = new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
const when = (iso: string | null) => (iso ? `${formatDateVi(iso)} ${time.format(new Date(iso))}` : 'chưa');

function line(a: ImapAccountView): string {
  const parts = [
    `#${a.id} ${a.username}@${a.host}:${a.port} (${a.security}${a.tlsRejectUnauthorized ? '' : ', không kiểm chứng chỉ'}) thư mục "${a.mailbox}"`,
    `→ ${a.orgName ?? 'theo địa chỉ người nhận'}`,
    a.active ? '' : '[tạm dừng]',
    `UIDVALIDITY ${a.uidvalidity ?? '—'}`,
    a.polling ? 'đang tải' : `lần tải cuối ${when(a.lastPolledAt)}`,
    `đã xem ${a.seen.total} (nhận ${a.seen.accepted}, trùng ${a.seen.duplicate}, từ chối ${a.seen.refused}, lỗi ${a.seen.failed})`,
    a.lastError ? `\n    lỗi: ${a.lastError}` : '',
  ];
  return parts.filter(Boolean).join('  ');
}

const counts = (id: number, r: PollResult) =>
  `#${id}: đã xem ${r.examined}, tải về ${r.fetched}, nhận ${r.accepted}, trùng ${r.duplicate}, từ chối ${r.refused} (quá cỡ ${r.tooLarge}), lỗi ${r.failed}` +
  `${r.uidvalidityChanged ? ', UIDVALIDITY mới' : ''}${r.more ? ', còn thư chờ lần sau' : ''}${r.error ? `\n    lỗi: ${r.error}` : ''}`;

/** `lienthong mail imap …`; answers the exit code (1 when an account could not be polled). */
export async function imapCommand(ctx: AppContext, actor: Actor, args: string[], orgIdOf: (codeOrId: string) => Promise<number>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') {
    const { values } = parseArgs({
      args: rest,
      options: { host: { type: 'string' }, port: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' }, org: { type: 'string' }, mailbox: { type: 'string' }, tls: { type: 'boolean' }, starttls: { type: 'boolean' }, insecure: { type: 'boolean' } },
    });
    if (values.tls && values.starttls) throw new Error('--tls và --starttls không dùng cùng nhau. / Use either --tls or --starttls.');
    const port = values.port === undefined ? (values.starttls ? 143 : 993) : Number(values.port);
    const a = await createImapAccount(ctx, actor, {
      host: values.host,
      port,
      security: values.tls ? 'tls' : values.starttls ? 'starttls' : undefined,
      username: values.user,
      password: values.password,
      mailbox: values.mailbox,
      orgId: values.org ? await orgIdOf(values.org) : null,
      tlsRejectUnauthorized: !values.insecure,
    });
    console.log(`Đã thêm hộp thư IMAP ${line(a)}`);
    return 0;
  }
  if (sub === 'list') {
    const all = await listImapAccounts(ctx, actor);
    console.log(all.length ? all.map(line).join('\n') : 'Chưa có hộp thư IMAP nào. No IMAP account yet.');
    return 0;
  }
  if (sub === 'poll') {
    const ids = rest[0] ? [Number(rest[0])] : (await listImapAccounts(ctx, actor)).filter((a) => a.active).map((a) => a.id);
    if (ids.some((id) => !Number.isInteger(id) || id < 1)) throw new Error(`usage: ${IMAP_USAGE}`);
    let failed = false;
    for (const id of ids) {
      const r = await pollImapAccountNow(ctx, actor, id);
      if (r.error) failed = true;
      console.log(counts(id, r));
    }
    return failed ? 1 : 0;
  }
  console.error(`usage: ${IMAP_USAGE}`);
  return 2;
}
