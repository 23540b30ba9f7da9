import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client, signIn, pdfBytes } from './helpers/client.js';
import { onPostgres } from './helpers/db.js';

let s: TestServer;
let clerkA: Client, clerkB: Client, clerkC: Client, specialistA: Client;

beforeAll(async () => {
  s = await startServer();
  [clerkA, clerkB, clerkC, specialistA] = await Promise.all([
    signIn(s.url, 'vanthu.skhcn'),
    signIn(s.url, 'vanthu.stc'),
    signIn(s.url, 'vanthu.syt'),
    signIn(s.url, 'chuyenvien.skhcn'),
  ]);
});
afterAll(() => s?.close());

const id = (key: string) => s.ids.get(key)!;

async function draft(c: Client, extra: Record<string, unknown> = {}) {
  const r = await c.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc kiểm tra an toàn thông tin', recipients: [id('stc')], ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
}

async function issued(c: Client, extra: Record<string, unknown> = {}) {
  const docId = await draft(c, extra);
  const r = await c.issue(docId);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { docId, body: r.body };
}

/** Every file under a folder, for "nothing was written" checks. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? d.path, d.name)).sort();
}

async function storedState(t: TestServer) {
  const db = t.ctx.db.kysely;
  const attachments = await db.selectFrom('attachments').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  const blobs = await db.selectFrom('blobs').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return { attachments: Number(attachments.n), blobs: Number(blobs.n), files: filesUnder(path.join(t.db.dataDir, 'blobs')) };
}

describe('who is calling', () => {
  it('an unauthenticated call answers 401 with a Vietnamese and an English message', async () => {
    const anon = new Client(s.url);
    for (const p of ['/api/v1/inbox', '/api/v1/documents/1', '/api/v1/organizations', '/api/v1/audit/verify']) {
      const r = await anon.get(p);
      expect(r.status, p).toBe(401);
      expect(r.body.error.message).toMatch(/đăng nhập/);
      expect(r.body.error.messageEn).toMatch(/sign in/i);
    }
    const post = await anon.post('/api/v1/documents', { typeCode: 'CV', summary: 'x' });
    expect(post.status).toBe(401);
  });

  it('the session cookie is HttpOnly and SameSite=Lax, and logout ends the session', async () => {
    const c = new Client(s.url);
    const r = await c.request('POST', '/api/v1/auth/login', { username: 'lanhdao.stc', password: 'demo' });
    expect(r.status).toBe(200);
    const setCookie = r.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^lt_session=/);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    c.cookie = setCookie.split(';')[0]!;
    c.csrf = r.body.csrfToken;
    expect((await c.get('/api/v1/auth/session')).status).toBe(200);
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    const after = await c.get('/api/v1/auth/session');
    expect(after.status).toBe(401);
    expect((await c.get('/api/v1/inbox')).status).toBe(401);
  });

  it('a session ends by itself after its lifetime (12 hours by default)', async () => {
    const c = await signIn(s.url, 'chuyenvien.stc');
    expect((await c.get('/api/v1/auth/session')).status).toBe(200);
    s.clock.now = new Date(Date.now() + 13 * 3600_000);
    try {
      expect((await c.get('/api/v1/auth/session')).status).toBe(401);
    } finally {
      s.clock.now = new Date();
    }
  });

  it('a deactivated user loses their sessions and tokens at once', async () => {
    const admin = await signIn(s.url, 'admin');
    const c = await signIn(s.url, 'lanhdao.snv');
    const token = (await c.post('/api/v1/tokens', { name: 'Tích hợp' })).body.token;
    const api = new Client(s.url);
    api.bearer = token;
    expect((await api.get('/api/v1/inbox')).status).toBe(200);
    const off = await admin.patch(`/api/v1/users/${c.user.userId}`, { active: false });
    expect(off.status).toBe(200);
    expect((await c.get('/api/v1/inbox')).status).toBe(401);
    expect((await api.get('/api/v1/inbox')).status).toBe(401);
    expect((await new Client(s.url).post('/api/v1/auth/login', { username: 'lanhdao.snv', password: 'demo' })).status).toBe(401);
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    const anon = new Client(s.url);
    const wrong = await anon.post('/api/v1/auth/login', { username: 'vanthu.snv', password: 'sai-mat-khau' });
    const unknown = await anon.post('/api/v1/auth/login', { username: 'khong.ton.tai', password: 'sai-mat-khau' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toEqual(wrong.body.error);
  });
});

describe('CSRF on cookie-authenticated changes', () => {
  it('refuses a POST without or with a wrong X-CSRF-Token with 403 csrf, accepts the right one', async () => {
    const noToken = new Client(s.url);
    noToken.cookie = clerkA.cookie; // same session, but the page's token is not sent
    const before = await s.ctx.db.kysely.selectFrom('documents').select('id').execute();
    const body = { typeCode: 'CV', summary: 'Về việc giả mạo yêu cầu' };
    const missing = await noToken.post('/api/v1/documents', body);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf');
    expect(missing.body.error.message).toMatch(/CSRF/);
    noToken.csrf = 'not-the-token';
    const wrong = await noToken.post('/api/v1/documents', body);
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('csrf');
    // Another user's token does not fit this session either.
    noToken.csrf = clerkB.csrf;
    expect((await noToken.post('/api/v1/documents', body)).body.error?.code).toBe('csrf');
    const after = await s.ctx.db.kysely.selectFrom('documents').select('id').execute();
    expect(after.length).toBe(before.length);
    noToken.csrf = clerkA.csrf;
    expect((await noToken.post('/api/v1/documents', body)).status).toBe(201);
  });

  it('DELETE and PATCH are protected too', async () => {
    const docId = await draft(clerkA);
    const c = new Client(s.url);
    c.cookie = clerkA.cookie;
    const patch = await c.patch(`/api/v1/documents/${docId}`, { summary: 'Đổi trích yếu' });
    expect(patch.status).toBe(403);
    expect(patch.body.error.code).toBe('csrf');
    const del = await c.delete('/api/v1/tokens/1');
    expect(del.status).toBe(403);
    expect(del.body.error.code).toBe('csrf');
  });
});

describe('API tokens', () => {
  it('a Bearer token works without CSRF, is listed, and once revoked answers 401', async () => {
    const created = await clerkB.post('/api/v1/tokens', { name: 'Tích hợp một cửa' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^lt_[A-Za-z0-9_-]{20,}$/);

    const api = new Client(s.url);
    api.bearer = token;
    const inbox = await api.get('/api/v1/inbox');
    expect(inbox.status).toBe(200);
    expect(Array.isArray(inbox.body.items)).toBe(true);
    const d = await api.post('/api/v1/documents', { typeCode: 'BC', summary: 'Về việc báo cáo qua API', recipients: [id('skhcn')] });
    expect(d.status).toBe(201);
    expect(d.body.senderName).toBe('Sở Tài chính');

    const list = await clerkB.get('/api/v1/tokens');
    const mine = list.body.find((t: any) => t.id === created.body.id);
    expect(mine.name).toBe('Tích hợp một cửa');
    expect(token.startsWith(mine.prefix)).toBe(true);
    expect(mine.revokedAt).toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(token); // the secret is shown once only
    // Another agency's clerk neither sees nor revokes it.
    expect((await clerkC.get('/api/v1/tokens')).body.some((t: any) => t.id === created.body.id)).toBe(false);
    expect((await clerkC.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(404);
    expect((await api.get('/api/v1/inbox')).status).toBe(200);

    expect((await clerkB.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(200);
    const revoked = await api.get('/api/v1/inbox');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/thu hồi/);
    expect((await clerkB.get('/api/v1/tokens')).body.find((t: any) => t.id === created.body.id).revokedAt).not.toBeNull();
  });

  it('a made-up Bearer token answers 401, never a session of someone else', async () => {
    const api = new Client(s.url);
    api.bearer = 'lt_thisisnotarealtokenatall0000000000000';
    expect((await api.get('/api/v1/inbox')).status).toBe(401);
    api.bearer = 'abc';
    expect((await api.get('/api/v1/inbox')).status).toBe(401);
  });
});

describe('lock-out', () => {
  it('after 5 wrong passwords even the right one is refused, with a message saying the account is locked; it lifts later', async () => {
    const anon = new Client(s.url);
    for (let i = 0; i < 5; i++) {
      const r = await anon.post('/api/v1/auth/login', { username: 'vanthu.sxd', password: `sai-${i}` });
      expect(r.status).toBe(401);
    }
    const right = await anon.post('/api/v1/auth/login', { username: 'vanthu.sxd', password: 'demo' });
    expect(right.status).toBe(401);
    expect(right.body.error.code).toBe('locked');
    expect(right.body.error.message).toMatch(/khóa/);
    expect(right.body.error.messageEn).toMatch(/locked/);
    // 16 minutes later the lock has lifted.
    s.clock.now = new Date(Date.now() + 16 * 60_000);
    try {
      expect((await anon.post('/api/v1/auth/login', { username: 'vanthu.sxd', password: 'demo' })).status).toBe(200);
    } finally {
      s.clock.now = new Date();
    }
  });

  it('wrong passwords sent all at once still lock the account', async () => {
    const anon = new Client(s.url);
    const tries = await Promise.all(Array.from({ length: 8 }, (_, i) => anon.post('/api/v1/auth/login', { username: 'vanthu.sct', password: `doan-${i}` })));
    expect(tries.every((t) => t.status === 401)).toBe(true);
    const right = await anon.post('/api/v1/auth/login', { username: 'vanthu.sct', password: 'demo' });
    expect(right.status).toBe(401);
    expect(right.body.error.code).toBe('locked');
  });

  it('the right password resets the count of failures', async () => {
    const anon = new Client(s.url);
    for (let i = 0; i < 4; i++) await anon.post('/api/v1/auth/login', { username: 'vanthu.stp', password: 'sai' });
    expect((await anon.post('/api/v1/auth/login', { username: 'vanthu.stp', password: 'demo' })).status).toBe(200);
    for (let i = 0; i < 4; i++) await anon.post('/api/v1/auth/login', { username: 'vanthu.stp', password: 'sai' });
    expect((await anon.post('/api/v1/auth/login', { username: 'vanthu.stp', password: 'demo' })).status).toBe(200);
  });
});

describe('each agency sees only its own', () => {
  it("reading another agency's document, trail or inbox item answers 404, not 403", async () => {
    const { docId, body } = await issued(clerkA);
    const itemB = body.dispatched[0].itemId as number;
    // The recipient sees it; a third agency does not, and cannot tell it exists.
    expect((await clerkB.get(`/api/v1/documents/${docId}`)).status).toBe(200);
    const other = await clerkC.get(`/api/v1/documents/${docId}`);
    expect(other.status).toBe(404);
    const missing = await clerkC.get('/api/v1/documents/999999');
    expect(missing.status).toBe(404);
    expect(other.body.error).toEqual(missing.body.error);
    expect((await clerkC.get(`/api/v1/documents/${docId}/trail`)).status).toBe(404);
    for (const action of ['receive', 'start']) expect((await clerkC.post(`/api/v1/inbox/${itemB}/${action}`)).status).toBe(404);
    expect((await clerkC.post(`/api/v1/inbox/${itemB}/reject`, { reason: 'Không phải của tôi' })).status).toBe(404);
    expect((await clerkC.get('/api/v1/inbox')).body.items.some((i: any) => i.itemId === itemB)).toBe(false);
    // Nothing moved.
    const trail = await clerkA.get(`/api/v1/documents/${docId}/trail`);
    expect(trail.body.recipients[0].current.code).toBe('01');
  });

  it("a draft of another agency is invisible, and its attachments cannot be added by others", async () => {
    const docId = await draft(clerkA);
    expect((await clerkB.get(`/api/v1/documents/${docId}`)).status).toBe(404);
    expect((await clerkB.upload(`/api/v1/documents/${docId}/attachments`, 'x.pdf', pdfBytes())).status).toBe(404);
    expect((await clerkB.issue(docId)).status).toBe(404);
  });

  it('a specialist may draft but not issue: 403', async () => {
    const docId = await draft(specialistA);
    const r = await specialistA.issue(docId);
    expect(r.status).toBe(403);
    expect(r.body.error.message.length).toBeGreaterThan(0);
    expect((await clerkA.get(`/api/v1/documents/${docId}`)).body.state).toBe('draft');
  });
});

describe('uploads', () => {
  it('an executable renamed .pdf is refused with 415 and nothing is written', async () => {
    const docId = await draft(clerkA);
    const before = await storedState(s);
    const r = await clerkA.upload(`/api/v1/documents/${docId}/attachments`, 'bao-cao.pdf', fs.readFileSync('/bin/true'));
    expect(r.status).toBe(415);
    expect(r.body.error.message).toMatch(/PDF/);
    const mz = Buffer.alloc(4096);
    mz.write('MZ', 0, 'latin1');
    const r2 = await clerkA.upload(`/api/v1/documents/${docId}/attachments`, 'quyet-dinh.pdf', mz);
    expect(r2.status).toBe(415);
    expect(await storedState(s)).toEqual(before);
    expect((await clerkA.get(`/api/v1/documents/${docId}`)).body.attachments).toEqual([]);
  });

  it('an oversize file is refused with 413 and nothing is written', async () => {
    const small = await startServer({ env: { MAX_UPLOAD_MB: '1' } });
    try {
      const c = await signIn(small.url, 'vanthu.skhcn');
      const d = await c.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc tệp lớn', recipients: [small.ids.get('stc')!] });
      const before = await storedState(small);
      const big = Buffer.concat([pdfBytes(), Buffer.alloc(2 * 1024 * 1024, 0x20)]);
      const r = await c.upload(`/api/v1/documents/${d.body.id}/attachments`, 'lon.pdf', big);
      expect(r.status).toBe(413);
      expect(r.body.error.message.length).toBeGreaterThan(0);
      expect(await storedState(small)).toEqual(before);
      // Just under the limit goes through.
      const ok = await c.upload(`/api/v1/documents/${d.body.id}/attachments`, 'vua.pdf', Buffer.concat([pdfBytes(), Buffer.alloc(900 * 1024, 0x20)]));
      expect(ok.status).toBe(201);
    } finally {
      await small.close();
    }
  });
});

describe('confidential documents (Mật, Tối mật, Tuyệt mật)', () => {
  it('are numbered in their own series from 01, marked paper only, and never reach a recipient inbox', async () => {
    await issued(clerkA);
    const ordinary = await issued(clerkA);
    expect(ordinary.body.number).toBeGreaterThan(1);
    const secretId = await draft(clerkA, { confidentiality: 'mat', summary: 'Về việc phương án bảo vệ bí mật nhà nước', recipients: [id('stc'), id('cat')] });
    const r = await clerkA.issue(secretId);
    expect(r.status).toBe(200);
    expect(r.body.number).toBe(1);
    expect(r.body.symbol).toBe('01/SKHCN');
    expect(r.body.paperOnly).toBe(true);
    expect(r.body.dispatched).toEqual([]);
    expect(r.body.registerId).not.toBe(ordinary.body.registerId);
    const items = await s.ctx.db.kysely.selectFrom('inbox_items').select('id').where('document_id', '=', secretId).execute();
    expect(items).toEqual([]);
    expect((await clerkB.get('/api/v1/inbox?limit=200')).body.items.some((i: any) => i.documentId === secretId)).toBe(false);
    expect((await clerkB.get(`/api/v1/documents/${secretId}`)).status).toBe(404);

    const next = await issued(clerkA, { confidentiality: 'toi_mat', recipients: [] });
    expect(next.body.number).toBe(2);
    const again = await issued(clerkA);
    expect(again.body.number).toBe(ordinary.body.number + 1);

    const dispatch = await clerkA.post(`/api/v1/documents/${secretId}/dispatch`, { recipients: [id('syt')] });
    expect(dispatch.status).toBe(422);
    expect(dispatch.body.error.message).toMatch(/mật/i);
    expect(dispatch.body.error.messageEn).toMatch(/never transmitted electronically/);
    expect(await s.ctx.db.kysely.selectFrom('inbox_items').select('id').where('document_id', '=', secretId).execute()).toEqual([]);
  });

  it('a file cannot be attached to a secret draft: 422', async () => {
    const secretId = await draft(clerkA, { confidentiality: 'tuyet_mat' });
    const before = await storedState(s);
    const r = await clerkA.upload(`/api/v1/documents/${secretId}/attachments`, 'mat.pdf', pdfBytes('mat'));
    expect(r.status).toBe(422);
    expect(r.body.error.message.length).toBeGreaterThan(0);
    expect(await storedState(s)).toEqual(before);
  });
});

describe('bad input is answered, never a 500', () => {
  it('malformed JSON → 400', async () => {
    const r = await clerkA.request('POST', '/api/v1/documents', '{"typeCode": "CV", "summary": ', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.message.length).toBeGreaterThan(0);
    expect(r.body.error.messageEn.length).toBeGreaterThan(0);
  });

  it('unknown typeCode → 400 naming typeCode; an impossible date → 400 naming dueDate', async () => {
    const t = await clerkA.post('/api/v1/documents', { typeCode: 'XYZ', summary: 'Về việc thử' });
    expect(t.status).toBe(400);
    expect(t.body.error.field).toBe('typeCode');
    const d = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử', dueDate: '31/02/2026' });
    expect(d.status).toBe(400);
    expect(d.body.error.field).toBe('dueDate');
    expect(d.body.error.message).toMatch(/ngày/);
  });

  it('recipients holding a unit, a missing id, a huge id or the sender itself → 400 naming recipients', async () => {
    const unit = (await clerkA.get('/api/v1/organizations?kind=unit')).body[0].id;
    for (const recipients of [[unit], [id('stc'), 987654], [id('skhcn')]]) {
      const r = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử', recipients });
      expect(r.status, JSON.stringify(recipients)).toBe(400);
      expect(r.body.error.field).toBe('recipients');
    }
    const text = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử', recipients: ['abc'] });
    expect(text.status).toBe(400);
    expect(text.body.error.field).toBe('recipients.0');
    // Beyond the range of an id column (PostgreSQL integer): still a 400, not a 500.
    const huge = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc thử', recipients: [99999999999] });
    expect(huge.status).toBe(400);
  });

  it('ids that are not numbers, out of range or negative → 400; a huge page size → 400', async () => {
    for (const p of ['/api/v1/documents/abc', '/api/v1/documents/-1', '/api/v1/documents/1.5', '/api/v1/inbox?limit=100000', '/api/v1/inbox?limit=abc', '/api/v1/search?limit=99999999999999']) {
      const r = await clerkA.get(p);
      expect(r.status, p).toBe(400);
      expect(r.body.error.message.length).toBeGreaterThan(0);
    }
    const r = await clerkA.get('/api/v1/documents/abc');
    expect(r.body.error.field).toBe('id');
    // A number beyond any id is simply not found, on SQLite and PostgreSQL alike.
    for (const p of ['/api/v1/documents/99999999999', '/api/v1/documents/9007199254740993']) {
      expect([400, 404], p).toContain((await clerkA.get(p)).status);
    }
    expect((await clerkA.post('/api/v1/inbox/99999999999/receive')).status).not.toBe(500);
  });

  it('text the database cannot store (a NUL character) is refused cleanly', async () => {
    const r = await clerkA.post('/api/v1/documents', { typeCode: 'CV', summary: 'Về việc\u0000thử' });
    expect(r.status).not.toBe(500);
    const login = await new Client(s.url).post('/api/v1/auth/login', { username: 'van\u0000thu', password: 'x' });
    expect([400, 401]).toContain(login.status);
  });

  it('a wrong content type or an empty body is a 4xx', async () => {
    const r = await clerkA.request('POST', '/api/v1/documents', 'typeCode=CV', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    const empty = await clerkA.request('POST', '/api/v1/documents', '', { 'content-type': 'application/json' });
    expect(empty.status).toBe(400);
  });
});

describe('changing one\'s own password', () => {
  const change = (c: Client, currentPassword: unknown, newPassword: unknown) => c.post('/api/v1/auth/password', { currentPassword, newPassword });

  it('ends the other sessions, keeps this one, and the new password signs in while the old one no longer does', async () => {
    const [here, elsewhere] = await Promise.all([signIn(s.url, 'chuyenvien.snv'), signIn(s.url, 'chuyenvien.snv')]);
    const token = (await here.post('/api/v1/tokens', { name: 'Tích hợp' })).body.token as string;
    const r = await change(here, 'demo', 'Đồng Nai mùa lúa chín 2026');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ ok: true, endedSessions: 1 });
    expect((await here.get('/api/v1/auth/session')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/inbox')).status).toBe(401);
    const api = new Client(s.url);
    api.bearer = token; // API tokens are separate credentials, revoked on their own
    expect((await api.get('/api/v1/inbox')).status).toBe(200);
    expect((await new Client(s.url).post('/api/v1/auth/login', { username: 'chuyenvien.snv', password: 'demo' })).status).toBe(401);
    expect((await signIn(s.url, 'chuyenvien.snv', 'Đồng Nai mùa lúa chín 2026')).user.username).toBe('chuyenvien.snv');
    // Stored as argon2id, never as given.
    const stored = await s.ctx.db.kysely.selectFrom('users').select('password_hash').where('username', '=', 'chuyenvien.snv').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await s.ctx.db.kysely.selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'auth.password_change').where('entity_id', '=', String(here.user.userId)).execute();
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([{ endedSessions: 1, via: 'session' }]);
  });

  it('weak, reused or wrong passwords are refused with the field and a message in both languages, and nothing changes', async () => {
    const c = await signIn(s.url, 'chuyenvien.stp');
    const before = await s.ctx.db.kysely.selectFrom('users').select('password_hash').where('username', '=', 'chuyenvien.stp').executeTakeFirstOrThrow();
    const cases: [unknown, unknown, string, string, RegExp][] = [
      ['', 'mot-mat-khau-dai-2026', 'currentPassword', 'invalid_field', /mật khẩu hiện tại/],
      ['demo', 'ngan1', 'newPassword', 'password_too_short', /ít nhất 10 ký tự/],
      ['demo', 'chimotloaichu', 'newPassword', 'password_one_kind', /Kết hợp chữ với số/],
      ['demo', 'chuyenvien.stp-2026', 'newPassword', 'password_contains_username', /tên đăng nhập/],
      ['demo', 'Matkhau123', 'newPassword', 'password_common', /phổ biến/],
      ['demo', 'aaaaaaaaaaaa1', 'newPassword', 'password_repetitive', /lặp lại/],
      ['demo', 'x'.repeat(129) + '1', 'newPassword', 'password_too_long', /dài quá 128/],
      ['sai-mat-khau', 'mot-mat-khau-dai-2026', 'currentPassword', 'wrong_password', /không đúng/],
      [123, 'mot-mat-khau-dai-2026', 'currentPassword', 'invalid_field', /./],
    ];
    for (const [current, next, field, code, vi] of cases) {
      const r = await change(c, current, next);
      expect(r.status, `${code}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.field, code).toBe(field);
      if (code !== 'invalid_field') expect(r.body.error.code).toBe(code);
      expect(r.body.error.message, code).toMatch(vi);
      expect(r.body.error.messageEn.length).toBeGreaterThan(10);
    }
    const after = await s.ctx.db.kysely.selectFrom('users').select('password_hash').where('username', '=', 'chuyenvien.stp').executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    expect((await c.get('/api/v1/auth/session')).status).toBe(200);
    // Too long for any field: a clean 400, not a hash of a megabyte.
    expect((await change(c, 'demo', 'a1'.repeat(600))).status).toBe(400);
  });

  it('guessing the current password counts towards the lock-out', async () => {
    const c = await signIn(s.url, 'lanhdao.sgddt');
    for (let i = 0; i < 5; i++) expect((await change(c, `doan-${i}`, 'mot-mat-khau-dai-2026')).status).toBe(400);
    const locked = await change(c, 'demo', 'mot-mat-khau-dai-2026');
    expect(locked.status).toBe(403);
    expect(locked.body.error.code).toBe('locked');
    expect((await new Client(s.url).post('/api/v1/auth/login', { username: 'lanhdao.sgddt', password: 'demo' })).body.error.code).toBe('locked');
  });

  it('needs a signed-in user and the CSRF header', async () => {
    expect((await change(new Client(s.url), 'demo', 'mot-mat-khau-dai-2026')).status).toBe(401);
    const c = await signIn(s.url, 'chuyenvien.syt');
    const noCsrf = new Client(s.url);
    noCsrf.cookie = c.cookie;
    expect((await change(noCsrf, 'demo', 'mot-mat-khau-dai-2026')).status).toBe(403);
    expect((await signIn(s.url, 'chuyenvien.syt')).user.username).toBe('chuyenvien.syt'); // unchanged
  });
});

describe('passwords set by an administrator follow the same rule', () => {
  it('the form (create and reset), and the users file: a weak password is refused with the rule\'s message, nothing changes', async () => {
    const admin = await signIn(s.url, 'admin');
    const target = (await admin.get('/api/v1/users')).body.find((u: { username: string }) => u.username === 'chuyenvien.sct');
    const before = await s.ctx.db.kysely.selectFrom('users').select('password_hash').where('id', '=', target.id).executeTakeFirstOrThrow();
    const cases: [string, string, RegExp][] = [
      ['1', 'password_too_short', /ít nhất 10 ký tự/],
      ['matkhau123', 'password_common', /phổ biến/],
      ['chuyenvien.sct-2026', 'password_contains_username', /tên đăng nhập/],
    ];
    for (const [password, code, vi] of cases) {
      const reset = await admin.patch(`/api/v1/users/${target.id}`, { password });
      expect(reset.status, JSON.stringify(reset.body)).toBe(400);
      expect(reset.body.error).toMatchObject({ code, field: 'password' });
      expect(reset.body.error.message).toMatch(vi);
    }
    const after = await s.ctx.db.kysely.selectFrom('users').select('password_hash').where('id', '=', target.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    const created = await admin.post('/api/v1/users', { username: 'yeu.mat.khau', fullName: 'Yếu Mật Khẩu', password: 'abc', orgId: id('sct'), roles: ['clerk'] });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('password_too_short');
    const file = await admin.request('POST', '/api/v1/users/import', 'username,full_name,org_code,roles,password\nmot.nguoi,Một Người,000.00.12.H39,clerk,Mot-mat-khau-2026\nhai.nguoi,Hai Người,000.00.12.H39,clerk,12345678\n', { 'content-type': 'text/csv' });
    expect(file.status).toBe(400);
    expect(file.body.error).toMatchObject({ line: 3, field: 'password' });
    expect(await s.ctx.db.kysely.selectFrom('users').select('id').where('username', 'in', ['mot.nguoi', 'hai.nguoi', 'yeu.mat.khau']).execute()).toEqual([]);
    // A good one is taken, and signs in.
    expect((await admin.patch(`/api/v1/users/${target.id}`, { password: 'Mùa nước nổi 2026' })).status).toBe(200);
    expect((await signIn(s.url, 'chuyenvien.sct', 'Mùa nước nổi 2026')).user.username).toBe('chuyenvien.sct');
  });
});

describe('production mode', () => {
  it('refuses the demo password with 403 demo_password', async () => {
    const prod = await startServer({ env: { NODE_ENV: 'production' } });
    try {
      const r = await new Client(prod.url).post('/api/v1/auth/login', { username: 'vanthu.stc', password: 'demo' });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('demo_password');
      expect(r.body.error.message).toMatch(/demo/);
      expect(r.headers.get('set-cookie')).toBeNull();
      const sessions = await prod.ctx.db.kysely.selectFrom('sessions').select('id').execute();
      expect(sessions).toEqual([]);
    } finally {
      await prod.close();
    }
  });
});

// Document the database used, so a failure report says which.
it('runs on the database the environment chose', () => {
  expect(s.ctx.db.dialect).toBe(onPostgres() ? 'postgres' : 'sqlite');
});
