import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { startDovecot, type Dovecot } from './helpers/dovecot.js';
import { mailMessage, seenRows as seenRowsOf, until } from './helpers/imap.js';
import { createContext } from '../src/server/app.js';
import { pollAccount, startImapPoller } from '../src/modules/mail/imap/poller.js';

const USER = 'stc';
const PASSWORD = 'Imap#2025-stc';
const ARCHIVE = 'Lưu trữ';

let s: TestServer;
let dovecot: Dovecot;
let admin: Client;
let clerk: Client;
let stcAccount = 0;

/** A poll asked through the API, "now" being now (the test server's clock stands still otherwise). */
async function pollNow(id: number) {
  s.clock.now = new Date();
  return admin.post(`/api/v1/mail/imap-accounts/${id}/poll`);
}

/** The IMAP sessions of a user that dovecot has logged as ended, with the message bodies each fetched. */
function sessions(user: string): { bodies: number }[] {
  const re = new RegExp(`imap\\(${user}\\).*Disconnected: Logged out.*body_count=(\\d+)`, 'g');
  return [...dovecot.log().matchAll(re)].map((m) => ({ bodies: Number(m[1]) }));
}

/** Dovecot writes its log through a separate process: wait for the session just ended. */
async function sessionAfter(user: string, before: number) {
  const deadline = Date.now() + 5000;
  while (sessions(user).length <= before) {
    if (Date.now() > deadline) throw new Error(`dovecot logged no new session of ${user}:\n${dovecot.log().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return sessions(user)[before]!;
}

/** What arrived by mail in the inbox of Sở Tài chính, as its clerk sees it. */
async function stcItems(): Promise<{ documentId: number; summary: string; status: { code: string } }[]> {
  const r = await clerk.get('/api/v1/inbox?limit=200');
  expect(r.status).toBe(200);
  const inbound = await s.ctx.db.kysely.selectFrom('mail_inbound').select('document_id').where('source', '=', 'imap').where('outcome', '=', 'accepted').execute();
  const byMail = new Set(inbound.map((x) => x.document_id));
  return r.body.items.filter((i: { documentId: number }) => byMail.has(i.documentId));
}

const seenRows = (accountId: number) => seenRowsOf(s.ctx, accountId);

beforeAll(async () => {
  [dovecot, s] = await Promise.all([startDovecot({ [USER]: PASSWORD, other: 'other-pass' }), startServer({ env: { MAIL_MAX_MB: '1' } })]);
  [admin, clerk] = await Promise.all([signIn(s.url, 'admin'), signIn(s.url, 'vanthu.stc')]);
});

afterAll(async () => {
  await s?.close();
  await dovecot?.stop();
});

describe('IMAP accounts (API)', () => {
  it('only the province administrator manages them, and the password is never returned', async () => {
    const body = { orgId: s.ids.get('stc'), host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', username: USER, password: PASSWORD, tlsRejectUnauthorized: false };
    expect((await clerk.get('/api/v1/mail/imap-accounts')).status).toBe(403);
    const refused = await clerk.post('/api/v1/mail/imap-accounts', body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/quản trị cấp tỉnh/);

    const created = await admin.post('/api/v1/mail/imap-accounts', body);
    expect(created.status).toBe(201);
    stcAccount = created.body.id;
    expect(created.body).toMatchObject({ orgId: s.ids.get('stc'), host: '127.0.0.1', security: 'tls', username: USER, mailbox: 'INBOX', active: true, uidvalidity: null, lastError: null, seen: { total: 0 } });
    expect(created.body).not.toHaveProperty('password');
    const listed = await admin.get('/api/v1/mail/imap-accounts');
    expect(listed.status).toBe(200);
    expect(listed.body.map((a: { id: number }) => a.id)).toContain(stcAccount);
    for (const text of [JSON.stringify(created.body), JSON.stringify(listed.body), JSON.stringify((await admin.get(`/api/v1/mail/imap-accounts/${stcAccount}`)).body)]) {
      expect(text).not.toContain(PASSWORD);
    }
    // Nor is it in the database in clear (sealed with SECRETS_KEY, test/secrets.test.ts).
    const stored = await s.ctx.db.kysely.selectFrom('imap_accounts').select('password').where('id', '=', stcAccount).executeTakeFirstOrThrow();
    expect(stored.password).not.toContain(PASSWORD);
    expect(stored.password).toMatch(/^sealed:v1:/);
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select(['action', 'data']).where('entity_type', '=', 'imap_account').execute();
    expect(audit.map((a) => a.action)).toEqual(['mail.imap.create']);
    expect(audit[0]!.data).not.toContain(PASSWORD);

    expect((await clerk.delete(`/api/v1/mail/imap-accounts/${stcAccount}`)).status).toBe(403);
    expect((await clerk.post(`/api/v1/mail/imap-accounts/${stcAccount}/poll`)).status).toBe(403);
  });

  it('says clearly, in Vietnamese and English, what is wrong with an account', async () => {
    const base = { host: '127.0.0.1', port: dovecot.imapsPort, username: 'x', password: 'y' };
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ ...base, host: 'máy chủ thư' }, 400, 'host', /không phải tên máy chủ/],
      [{ ...base, port: 70000 }, 400, 'port', /./],
      [{ ...base, password: '' }, 400, 'password', /Mật khẩu không được để trống/],
      [{ ...base, security: 'plain' }, 400, 'security', /./],
      [{ ...base, orgId: 999999 }, 400, 'orgId', /Tổ chức không tồn tại/],
      [{ ...base, mailbox: 'INBOX\u0001' }, 400, 'mailbox', /ký tự điều khiển/],
      [{ ...base, surprise: 1 }, 400, '', /surprise|additional/],
      [{ host: '127.0.0.1', port: dovecot.imapsPort, username: USER, password: 'other', security: 'tls' }, 409, '', /đã được khai báo/],
    ];
    for (const [body, status, field, message] of cases) {
      const r = await admin.post('/api/v1/mail/imap-accounts', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error.message).toMatch(message);
      expect(r.body.error.messageEn).toBeTruthy();
      if (field) expect(r.body.error.field).toBe(field);
    }
    expect((await admin.patch('/api/v1/mail/imap-accounts/999999', { active: false })).status).toBe(404);
  });
});

describe('fetching from dovecot', () => {
  const subjects = ['Tờ trình số 5 về dự toán ngân sách năm 2026', 'Đề nghị thanh toán hợp đồng số 12/HĐ', 'Báo cáo quyết toán quý III'];

  it('fetches three messages once, read-only, and remembers their UIDs', async () => {
    const uids = [];
    uids.push(await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: subjects[0]!, id: 'm1', attachments: [{ filename: 'Tờ trình số 5.pdf', content: pdfBytes('Tờ trình số 5'), contentType: 'application/pdf' }] })));
    uids.push(await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: subjects[1]!, id: 'm2' })));
    uids.push(await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: subjects[2]!, id: 'm3' })));

    const before = sessions(USER).length;
    const r = await pollNow(stcAccount);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ polled: true, examined: 3, fetched: 3, accepted: 3, refused: 0, tooLarge: 0, failed: 0, error: null, uidvalidityChanged: false });
    expect((await sessionAfter(USER, before)).bodies).toBe(3);
    expect(r.body.account.uidvalidity).toMatch(/^\d+$/);
    expect(r.body.account.lastError).toBeNull();
    expect(r.body.account.seen.total).toBe(3);
    expect((await seenRows(stcAccount)).map((x) => [x.uid, x.outcome])).toEqual(uids.map((uid) => [uid, 'accepted']));

    // Three items at 01 in the inbox of Sở Tài chính, subject and file name byte for byte.
    const items = await stcItems();
    expect(items.map((i) => i.summary).sort()).toEqual([...subjects].sort());
    expect(items.every((i) => i.status.code === '01')).toBe(true);
    const withFile = items.find((i) => i.summary === subjects[0])!;
    const doc = await clerk.get(`/api/v1/documents/${withFile.documentId}`);
    expect(doc.body.attachments).toHaveLength(1);
    const attachment = doc.body.attachments[0];
    expect(Buffer.from(attachment.fileName)).toEqual(Buffer.from('Tờ trình số 5.pdf'));
    const file = await clerk.get(`/api/v1/documents/${withFile.documentId}/attachments/${attachment.id}`);
    expect(Buffer.from(file.raw)).toEqual(pdfBytes('Tờ trình số 5'));

    // Nothing changed on the server: still three messages, none marked as read or deleted.
    const c = await dovecot.client(USER, PASSWORD);
    try {
      await c.mailboxOpen('INBOX', { readOnly: true });
      const flags = (await c.fetchAll('1:*', { uid: true, flags: true })).map((m) => [...(m.flags ?? [])].filter((f) => f !== '\\Recent'));
      expect(flags).toEqual([[], [], []]);
    } finally {
      await c.logout();
    }
  });

  it('fetches nothing again, then only the message that arrived', async () => {
    let before = sessions(USER).length;
    const again = await pollNow(stcAccount);
    expect(again.body).toMatchObject({ polled: true, examined: 0, fetched: 0, accepted: 0 });
    expect((await sessionAfter(USER, before)).bodies).toBe(0);

    const uid = await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: 'Giấy mời họp giao ban', id: 'm4' }));
    before = sessions(USER).length;
    const one = await pollNow(stcAccount);
    expect(one.body).toMatchObject({ examined: 1, fetched: 1, accepted: 1 });
    expect((await sessionAfter(USER, before)).bodies).toBe(1);
    expect((await seenRows(stcAccount)).at(-1)!.uid).toBe(uid);
    const items = await stcItems();
    expect(items).toHaveLength(4);
    expect(items.filter((i) => i.summary === 'Giấy mời họp giao ban')).toHaveLength(1);
  });

  it('refuses an oversize message without downloading it, and remembers it', async () => {
    const big = await mailMessage({ subject: 'Hồ sơ quá lớn', id: 'big', attachments: [{ filename: 'scan.pdf', content: Buffer.concat([pdfBytes(), Buffer.alloc(1_300_000, 7)]), contentType: 'application/pdf' }] });
    expect(big.length).toBeGreaterThan(1024 * 1024);
    const uid = await dovecot.append(USER, PASSWORD, 'INBOX', big);
    let before = sessions(USER).length;
    const r = await pollNow(stcAccount);
    expect(r.body).toMatchObject({ examined: 1, fetched: 0, tooLarge: 1, refused: 1 });
    expect((await sessionAfter(USER, before)).bodies).toBe(0);
    expect((await seenRows(stcAccount)).find((x) => x.uid === uid)?.outcome).toBe('refused');
    expect((await stcItems()).some((i) => i.summary === 'Hồ sơ quá lớn')).toBe(false);
    before = sessions(USER).length;
    expect((await pollNow(stcAccount)).body).toMatchObject({ examined: 0, fetched: 0, tooLarge: 0 });
    expect((await sessionAfter(USER, before)).bodies).toBe(0);
  });

  it('after a restart (a new process context over the same database) fetches nothing twice; the poller picks up new mail', async () => {
    const ctx2 = await createContext({ ...s.ctx.config, mail: { ...s.ctx.config.mail, imapPollSeconds: 1 } });
    try {
      const restarted = await pollAccount(ctx2, stcAccount);
      expect(restarted).toMatchObject({ polled: true, examined: 0, fetched: 0, error: null });

      const uid = await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: 'Thông báo lịch trực Tết', id: 'm5' }));
      const poller = startImapPoller(ctx2);
      try {
        await until(async () => (await seenRows(stcAccount)).some((x) => x.uid === uid));
      } finally {
        await poller.stop();
      }
      expect((await seenRows(stcAccount)).filter((x) => x.uid === uid)).toHaveLength(1);
      const items = await stcItems();
      expect(items).toHaveLength(5);
      expect(new Set(items.map((i) => i.summary)).size).toBe(5);
    } finally {
      await ctx2.db.close();
    }
  });

  it('two polls at once: one fetches, the other is told the mailbox is busy', async () => {
    await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: 'Công văn khẩn', id: 'm6' }));
    s.clock.now = new Date();
    const [a, b] = await Promise.all([admin.post(`/api/v1/mail/imap-accounts/${stcAccount}/poll`), admin.post(`/api/v1/mail/imap-accounts/${stcAccount}/poll`)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const busy = a.status === 409 ? a : b;
    expect(busy.body.error.message).toMatch(/đang được tải/);
    expect((a.status === 200 ? a : b).body).toMatchObject({ examined: 1, accepted: 1 });
    expect((await stcItems()).filter((i) => i.summary === 'Công văn khẩn')).toHaveLength(1);
  });

  it('detects and records a new UIDVALIDITY (mailbox deleted and re-created), over STARTTLS', async () => {
    const c = await dovecot.client(USER, PASSWORD);
    await c.mailboxCreate(ARCHIVE);
    await c.logout();
    await dovecot.append(USER, PASSWORD, ARCHIVE, await mailMessage({ subject: 'Lưu trữ 1', id: 'a1' }));
    const created = await admin.post('/api/v1/mail/imap-accounts', { orgId: s.ids.get('stc'), host: '127.0.0.1', port: dovecot.imapPort, security: 'starttls', username: USER, password: PASSWORD, mailbox: ARCHIVE, tlsRejectUnauthorized: false });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const first = await pollNow(id);
    expect(first.body).toMatchObject({ polled: true, examined: 1, fetched: 1, error: null });
    const oldValidity = first.body.uidvalidity;

    const c2 = await dovecot.client(USER, PASSWORD);
    await c2.mailboxDelete(ARCHIVE);
    await c2.mailboxCreate(ARCHIVE);
    await c2.logout();
    const uid = await dovecot.append(USER, PASSWORD, ARCHIVE, await mailMessage({ subject: 'Lưu trữ 2', id: 'a2' }));
    expect(uid).toBe(1); // the same UID as the first message, under a new UIDVALIDITY

    const second = await pollNow(id);
    expect(second.body).toMatchObject({ uidvalidityChanged: true, examined: 1, fetched: 1, accepted: 1, error: null });
    expect((await stcItems()).filter((i) => i.summary === 'Lưu trữ 2')).toHaveLength(1);
    expect(second.body.uidvalidity).not.toBe(oldValidity);
    expect(second.body.account.uidvalidity).toBe(second.body.uidvalidity);
    expect(second.body.account.seen.total).toBe(1);
    expect((await seenRows(id)).map((x) => [x.uidvalidity, x.uid])).toEqual([
      [oldValidity, 1],
      [second.body.uidvalidity, 1],
    ]);
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select('data').where('action', '=', 'mail.imap.uidvalidity').where('entity_id', '=', String(id)).execute();
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([{ from: oldValidity, to: second.body.uidvalidity }]);
    expect((await pollNow(id)).body).toMatchObject({ uidvalidityChanged: false, examined: 0 });
  });

  it('keeps login, certificate and connection failures on the account; the poller goes on with the others', async () => {
    const add = (extra: Record<string, unknown>) => admin.post('/api/v1/mail/imap-accounts', { orgId: s.ids.get('stc'), host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', tlsRejectUnauthorized: false, ...extra });
    const wrong = (await add({ username: 'other', password: 'sai-mat-khau' })).body.id;
    const untrusted = (await add({ username: 'other', password: 'other-pass', tlsRejectUnauthorized: true, mailbox: 'Chưa có' })).body.id;
    const closed = (await add({ username: 'other', password: 'other-pass', port: 1, mailbox: 'Khác' })).body.id;

    const r = await pollNow(wrong);
    expect(r.status).toBe(200);
    expect(r.body.error).toMatch(/sai tên hoặc mật khẩu/);
    expect(r.body.account.lastError).toMatch(/sai tên hoặc mật khẩu/);
    expect((await pollNow(untrusted)).body.account.lastError).toMatch(/Chứng chỉ TLS/);
    expect((await pollNow(closed)).body.account.lastError).toMatch(/Không kết nối được/);

    // The poller, with every account due: the failing ones are noted, the good one is fetched.
    const uid = await dovecot.append(USER, PASSWORD, 'INBOX', await mailMessage({ subject: 'Sau lỗi đăng nhập', id: 'm7' }));
    await s.ctx.db.kysely.updateTable('imap_accounts').set({ last_polled_at: null }).execute();
    const ctx2 = await createContext({ ...s.ctx.config, mail: { ...s.ctx.config.mail, imapPollSeconds: 1 } });
    const poller = startImapPoller(ctx2);
    try {
      await until(async () => (await seenRows(stcAccount)).some((x) => x.uid === uid));
    } finally {
      await poller.stop();
      await ctx2.db.close();
    }
    const accounts = (await admin.get('/api/v1/mail/imap-accounts')).body as { id: number; lastError: string | null }[];
    expect(accounts.find((a) => a.id === wrong)!.lastError).toMatch(/sai tên hoặc mật khẩu/);
    expect(accounts.find((a) => a.id === stcAccount)!.lastError).toBeNull();

    // Fixing the password clears the error at the next poll.
    expect((await admin.patch(`/api/v1/mail/imap-accounts/${wrong}`, { password: 'other-pass' })).status).toBe(200);
    expect((await pollNow(wrong)).body).toMatchObject({ error: null, account: { lastError: null } });
    for (const id of [wrong, untrusted, closed]) expect((await admin.delete(`/api/v1/mail/imap-accounts/${id}`)).status).toBe(204);
  });

  it('an account without an organisation delivers by the To, Cc and Delivered-To of each message', async () => {
    const shared = 'Hộp chung';
    const c = await dovecot.client('other', 'other-pass');
    await c.mailboxCreate(shared);
    await c.logout();
    await dovecot.append('other', 'other-pass', shared, await mailMessage({ subject: 'Gửi hai sở', to: 'Sở Tài chính <stc@dongnai.gov.vn>', cc: 'skhcn@dongnai.gov.vn, nguoi-ngoai@example.vn', id: 'shared1' }));
    await dovecot.append('other', 'other-pass', shared, Buffer.concat([Buffer.from('Delivered-To: ubnd@dongnai.gov.vn\r\n'), await mailMessage({ subject: 'Chuyển tiếp tới UBND', to: 'danh-sach@example.vn', id: 'shared2' })]));
    const created = await admin.post('/api/v1/mail/imap-accounts', { orgId: null, host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', username: 'other', password: 'other-pass', mailbox: shared, tlsRejectUnauthorized: false });
    expect(created.status).toBe(201);
    expect(created.body.orgId).toBeNull();
    const r = await pollNow(created.body.id);
    expect(r.body).toMatchObject({ examined: 2, fetched: 2, accepted: 2, error: null });

    const inbox = async (user: string) => ((await (await signIn(s.url, user)).get('/api/v1/inbox?limit=200')).body.items as { summary: string }[]).map((i) => i.summary);
    expect(await inbox('vanthu.stc')).toContain('Gửi hai sở');
    expect(await inbox('vanthu.skhcn')).toContain('Gửi hai sở');
    expect(await inbox('vanthu.ubnd')).toContain('Chuyển tiếp tới UBND');
    expect(await inbox('vanthu.skhcn')).not.toContain('Chuyển tiếp tới UBND');
  });

  it('a paused account is not fetched; deleting one forgets its UIDs and leaves the server alone', async () => {
    const paused = await admin.patch(`/api/v1/mail/imap-accounts/${stcAccount}`, { active: false });
    expect(paused.body.active).toBe(false);
    const r = await pollNow(stcAccount);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toMatch(/tạm dừng/);
    expect((await admin.patch(`/api/v1/mail/imap-accounts/${stcAccount}`, { active: true })).body.active).toBe(true);

    const c = await dovecot.client(USER, PASSWORD);
    const status = await c.status('INBOX', { messages: true, unseen: true });
    await c.logout();
    expect(status).toMatchObject({ messages: 8, unseen: 8 });
  });
});
