import net from 'node:net';
import { sql } from 'kysely';
import type { AppContext, Actor } from '../../context.js';
import type { Executor } from '../../../db/connect.js';
import type { ImapAccountTable } from '../../../db/schema.js';
import { conflict, forbidden, invalid, notFound, refused } from '../../../domain/errors.js';
import { requiredText } from '../../../domain/validate.js';
import { appendAudit } from '../../audit/service.js';
import { getOrg } from '../../directory/repo.js';
import { sealSecret } from '../../secrets/seal.js';
import { pollAccount, type PollResult } from './fetch.js';

/** The mailboxes the province already runs, fetched over IMAP: managed by province administrators. */
export type ImapSecurity = 'tls' | 'starttls';

export interface ImapAccountInput {
  orgId?: number | null;
  host?: string;
  port?: number;
  security?: ImapSecurity;
  username?: string;
  password?: string;
  mailbox?: string;
  tlsRejectUnauthorized?: boolean;
  active?: boolean;
}

type AccountRow = Omit<ImapAccountTable, 'id' | 'tls_reject_unauthorized' | 'active'> & { id: number; tls_reject_unauthorized: number; active: number };

export interface SeenCounts {
  total: number;
  accepted: number;
  duplicate: number;
  refused: number;
  failed: number;
}

/** What is shown of an account: never the password. */
export function publicAccount(a: AccountRow, orgName: string | null, seen: SeenCounts, now: Date) {
  // While a poll runs, last_polled_at holds the end of its lease (a time to come).
  const polling = a.last_polled_at !== null && a.last_polled_at > now.toISOString();
  return {
    id: a.id,
    orgId: a.org_id,
    orgName,
    host: a.host,
    port: a.port,
    security: (Number(a.secure) === 1 ? 'tls' : 'starttls') as ImapSecurity,
    username: a.username,
    mailbox: a.mailbox,
    tlsRejectUnauthorized: Number(a.tls_reject_unauthorized) === 1,
    active: Number(a.active) === 1,
    uidvalidity: a.uidvalidity,
    polling,
    lastPolledAt: polling ? null : a.last_polled_at,
    lastError: a.last_error,
    seen,
    createdAt: a.created_at,
  };
}

export type ImapAccountView = ReturnType<typeof publicAccount>;

function assertProvinceAdmin(actor: Actor) {
  if (!actor.isProvinceAdmin) {
    throw forbidden('Chỉ quản trị cấp tỉnh được quản lý các hộp thư IMAP.', 'Only a province administrator may manage IMAP accounts.');
  }
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function validHost(value: unknown): string {
  const host = requiredText(value, 'host', 'Máy chủ IMAP', 253).toLowerCase();
  if (!HOST_NAME.test(host) && net.isIP(host) === 0) {
    throw invalid('host', `"${host}" không phải tên máy chủ hay địa chỉ IP hợp lệ.`, `"${host}" is not a valid host name or IP address.`);
  }
  return host;
}

function validPort(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    throw invalid('port', 'Cổng phải là số nguyên từ 1 đến 65535.', 'port must be an integer from 1 to 65535.');
  }
  return value;
}

function validMailbox(value: unknown): string {
  const box = requiredText(value, 'mailbox', 'Thư mục', 255);
  const hasControl = [...box].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  if (hasControl) throw invalid('mailbox', 'Tên thư mục chứa ký tự điều khiển.', 'The mailbox name holds control characters.');
  return box;
}

function validSecurity(value: unknown, port: number): ImapSecurity {
  if (value === undefined || value === null) return port === 993 ? 'tls' : 'starttls';
  if (value === 'tls' || value === 'starttls') return value;
  throw invalid('security', 'Bảo mật phải là "tls" (cổng 993) hoặc "starttls" (cổng 143).', 'security must be "tls" (port 993) or "starttls" (port 143).');
}

function validPassword(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw invalid('password', 'Mật khẩu không được để trống.', 'password is required.');
  if (value.length > 1024) throw invalid('password', 'Mật khẩu dài quá 1024 ký tự.', 'password is longer than 1024 characters.');
  if (value.includes('\r') || value.includes('\n') || value.includes('\0')) throw invalid('password', 'Mật khẩu chứa ký tự không hợp lệ.', 'password holds characters IMAP cannot carry.');
  return value;
}

/** The organisation whose inbox receives the account's mail must have an official address to receive it at. */
async function validOrg(db: Executor, value: unknown): Promise<number | null> {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalid('orgId', 'Mã tổ chức phải là số nguyên dương.', 'orgId must be a positive integer.');
  }
  const org = await getOrg(db, value);
  if (!org || Number(org.active) !== 1) throw invalid('orgId', 'Tổ chức không tồn tại hoặc đã ngừng hoạt động.', 'The organisation does not exist or is inactive.');
  if (!org.email) {
    throw invalid('orgId', `${org.name} chưa có địa chỉ thư công vụ: hãy khai báo trước khi nhận thư qua IMAP.`, `${org.name} has no official mail address yet: set one before fetching its mail over IMAP.`);
  }
  return org.id;
}

async function seenCounts(db: Executor, accounts: { id: number; uidvalidity: string | null }[]): Promise<Map<number, SeenCounts>> {
  const out = new Map<number, SeenCounts>();
  for (const a of accounts) out.set(a.id, { total: 0, accepted: 0, duplicate: 0, refused: 0, failed: 0 });
  if (accounts.length === 0) return out;
  const rows = await db
    .selectFrom('imap_seen')
    .innerJoin('imap_accounts', (j) => j.onRef('imap_accounts.id', '=', 'imap_seen.account_id').onRef('imap_accounts.uidvalidity', '=', 'imap_seen.uidvalidity'))
    .select(['imap_seen.account_id', 'imap_seen.outcome', (eb) => eb.fn.countAll().as('n')])
    .where(
      'imap_seen.account_id',
      'in',
      accounts.map((a) => a.id),
    )
    .groupBy(['imap_seen.account_id', 'imap_seen.outcome'])
    .execute();
  for (const r of rows) {
    const c = out.get(Number(r.account_id))!;
    const n = Number(r.n);
    c.total += n;
    if (r.outcome in c && r.outcome !== 'total') c[r.outcome as keyof SeenCounts] += n;
  }
  return out;
}

async function views(ctx: AppContext, db: Executor, rows: AccountRow[]): Promise<ImapAccountView[]> {
  const counts = await seenCounts(db, rows);
  const orgIds = [...new Set(rows.map((r) => r.org_id).filter((id): id is number => id !== null))];
  const orgs = orgIds.length ? await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const now = ctx.now();
  return rows.map((r) => publicAccount(r, r.org_id === null ? null : names.get(r.org_id) ?? null, counts.get(r.id)!, now));
}

export async function listImapAccounts(ctx: AppContext, actor: Actor): Promise<ImapAccountView[]> {
  assertProvinceAdmin(actor);
  const rows = await ctx.db.kysely.selectFrom('imap_accounts').selectAll().orderBy('id').execute();
  return views(ctx, ctx.db.kysely, rows);
}

export async function getImapAccount(ctx: AppContext, actor: Actor, id: number): Promise<ImapAccountView> {
  assertProvinceAdmin(actor);
  const row = await ctx.db.kysely.selectFrom('imap_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('IMAP account');
  return (await views(ctx, ctx.db.kysely, [row]))[0]!;
}

async function assertUnique(trx: Executor, a: { host: string; port: number; username: string; mailbox: string }, exceptId?: number) {
  let q = trx.selectFrom('imap_accounts').select('id').where('host', '=', a.host).where('port', '=', a.port).where('username', '=', a.username).where('mailbox', '=', a.mailbox);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw conflict('duplicate_imap_account', `Hộp thư ${a.username} (${a.mailbox}) trên ${a.host}:${a.port} đã được khai báo.`, `Mailbox ${a.username} (${a.mailbox}) on ${a.host}:${a.port} is already configured.`);
  }
}

/** What the audit log keeps of an account: everything but the password. */
const audited = (a: AccountRow) => ({ orgId: a.org_id, host: a.host, port: a.port, secure: Number(a.secure), username: a.username, mailbox: a.mailbox, tlsRejectUnauthorized: Number(a.tls_reject_unauthorized), active: Number(a.active) });

export async function createImapAccount(ctx: AppContext, actor: Actor, input: ImapAccountInput): Promise<ImapAccountView> {
  assertProvinceAdmin(actor);
  const host = validHost(input.host);
  const port = validPort(input.port ?? 993);
  const security = validSecurity(input.security, port);
  const username = requiredText(input.username, 'username', 'Tên đăng nhập', 320);
  const password = validPassword(input.password);
  const mailbox = validMailbox(input.mailbox ?? 'INBOX');
  const orgId = await validOrg(ctx.db.kysely, input.orgId);
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await assertUnique(trx, { host, port, username, mailbox });
    const row = await trx
      .insertInto('imap_accounts')
      .values({
        org_id: orgId,
        host,
        port,
        secure: security === 'tls' ? 1 : 0,
        username,
        password: sealSecret(ctx.secrets, password),
        mailbox,
        tls_reject_unauthorized: input.tlsRejectUnauthorized === false ? 0 : 1,
        active: input.active === false ? 0 : 1,
        uidvalidity: null,
        last_polled_at: null,
        last_error: null,
        created_at: at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'mail.imap.create', entityType: 'imap_account', entityId: row.id, data: audited(row) });
    return (await views(ctx, trx, [row]))[0]!;
  });
}

export async function updateImapAccount(ctx: AppContext, actor: Actor, id: number, input: ImapAccountInput): Promise<ImapAccountView> {
  assertProvinceAdmin(actor);
  const existing = await ctx.db.kysely.selectFrom('imap_accounts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!existing) throw notFound('IMAP account');
  const host = input.host === undefined ? existing.host : validHost(input.host);
  const port = input.port === undefined ? existing.port : validPort(input.port);
  const security = input.security === undefined ? (Number(existing.secure) === 1 ? 'tls' : 'starttls') : validSecurity(input.security, port);
  const username = input.username === undefined ? existing.username : requiredText(input.username, 'username', 'Tên đăng nhập', 320);
  const mailbox = input.mailbox === undefined ? existing.mailbox : validMailbox(input.mailbox);
  // The password is write-only: left out (or empty), it stays as it is (sealed).
  const passwordChanged = input.password !== undefined && input.password !== '';
  const password = passwordChanged ? sealSecret(ctx.secrets, validPassword(input.password)) : existing.password;
  const orgId = input.orgId === undefined ? existing.org_id : await validOrg(ctx.db.kysely, input.orgId);
  // Another server or mailbox: the UIDs remembered belong to the old one.
  const otherMailbox = host !== existing.host || port !== existing.port || username !== existing.username || mailbox !== existing.mailbox;
  const at = ctx.now().toISOString();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (otherMailbox) await assertUnique(trx, { host, port, username, mailbox }, id);
    if (otherMailbox) await trx.deleteFrom('imap_seen').where('account_id', '=', id).execute();
    const row = await trx
      .updateTable('imap_accounts')
      .set({
        org_id: orgId,
        host,
        port,
        secure: security === 'tls' ? 1 : 0,
        username,
        password,
        mailbox,
        tls_reject_unauthorized: input.tlsRejectUnauthorized === undefined ? existing.tls_reject_unauthorized : input.tlsRejectUnauthorized ? 1 : 0,
        active: input.active === undefined ? existing.active : input.active ? 1 : 0,
        // Another mailbox starts afresh, due at once; a poll still running on the old one loses its lease and stops.
        ...(otherMailbox ? { uidvalidity: null, last_polled_at: null } : {}),
        // New settings deserve a fresh verdict at the next poll.
        last_error: null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at,
      actorUserId: actor.userId,
      orgId,
      action: 'mail.imap.update',
      entityType: 'imap_account',
      entityId: id,
      data: { ...audited(row), passwordChanged, seenReset: otherMailbox },
    });
    return (await views(ctx, trx, [row]))[0]!;
  });
}

export async function deleteImapAccount(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  assertProvinceAdmin(actor);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('imap_accounts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!existing) throw notFound('IMAP account');
    const seen = await trx.selectFrom('imap_seen').select(sql<number>`count(*)`.as('n')).where('account_id', '=', id).executeTakeFirstOrThrow();
    await trx.deleteFrom('imap_seen').where('account_id', '=', id).execute();
    await trx.deleteFrom('imap_accounts').where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: existing.org_id, action: 'mail.imap.delete', entityType: 'imap_account', entityId: id, data: { ...audited(existing), seenForgotten: Number(seen.n) } });
  });
}

/** "Poll now", asked by a person: the same poll the poller runs, at once, with its counts. */
export async function pollImapAccountNow(ctx: AppContext, actor: Actor, id: number): Promise<PollResult & { account: ImapAccountView }> {
  const account = await getImapAccount(ctx, actor, id);
  if (!account.active) throw refused('imap_inactive', 'Hộp thư IMAP này đang tạm dừng: hãy bật lại trước khi tải thư.', 'This IMAP account is paused: activate it before fetching.');
  const result = await pollAccount(ctx, id);
  if (!result.polled) {
    throw conflict('imap_busy', 'Hộp thư này đang được tải thư (bởi máy chủ khác hoặc một yêu cầu trước). Hãy thử lại sau ít phút.', 'This mailbox is being fetched right now (by another process or an earlier request). Try again in a few minutes.');
  }
  const { accountId: _, ...counts } = result;
  await ctx.db.kysely.transaction().execute((trx) =>
    appendAudit(trx, { at: ctx.now().toISOString(), actorUserId: actor.userId, orgId: account.orgId, action: 'mail.imap.poll', entityType: 'imap_account', entityId: id, data: counts }),
  );
  return { ...result, account: await getImapAccount(ctx, actor, id) };
}
