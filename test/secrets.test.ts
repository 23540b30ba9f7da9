import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { pdfBytes, signIn, type Client } from './helpers/client.js';
import { startDovecot, type Dovecot } from './helpers/dovecot.js';
import { spawnServer } from './helpers/process.js';
import { makeKey, type TestKey } from './helpers/edxml.js';
import { until } from './helpers/imap.js';
import { createContext } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { hmacSignature, PUSH_HEADERS } from '../src/domain/federation.js';
import { keyIdOf } from '../src/modules/secrets/key.js';
import { lienthongArgs } from './helpers/bundle.js';

/**
 * Secrets at rest: IMAP passwords, peer secrets and private keys, signing keys are sealed
 * (AES-256-GCM) in the database, opened only where they are used; values an older version
 * left in clear are sealed at the next start; a process holding another SECRETS_KEY says so
 * on what it cannot open and goes on; `lienthong secrets reseal` rotates the key.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USER = 'stc';
const PASSWORD = 'Imap#2025-mat-khau-stc';
const SECRET = 'khoa-chung-hai-tinh-0123456789';
const SECRET_BEFORE = 'khoa-chung-phien-ban-cu-987654';

let s: TestServer;
let dovecot: Dovecot;
let admin: Client;
let clerk: Client;
let work: string;
let accountId: number;
let hmacPeer: number;
let certPeer: number;
let signingKey: TestKey;
let peerKey: TestKey;
let signedDoc: number;

const db = () => s.ctx.db.kysely;
const rawPassword = async () => (await db().selectFrom('imap_accounts').select('password').where('id', '=', accountId).executeTakeFirstOrThrow()).password;
const rawPeer = (id: number) => db().selectFrom('federation_peers').select(['inbound_secret', 'outbound_secret', 'our_private_key_pem']).where('id', '=', id).executeTakeFirstOrThrow();
const rawSigningKey = async () => (await db().selectFrom('edxml_keys').select('private_key_pem').where('org_id', '=', s.ids.get('skhcn')!).executeTakeFirstOrThrow()).private_key_pem;

/** Every stored secret, as a stolen backup would show it. */
async function allStored(): Promise<string[]> {
  const peers = await db().selectFrom('federation_peers').select(['inbound_secret', 'outbound_secret', 'our_private_key_pem']).execute();
  const keys = await db().selectFrom('edxml_keys').select('private_key_pem').execute();
  const imap = await db().selectFrom('imap_accounts').select('password').execute();
  const signing = await db().selectFrom('signing_keys').select('secret').execute();
  return [...imap.map((r) => r.password), ...peers.flatMap((p) => [p.inbound_secret, p.outbound_secret, p.our_private_key_pem]), ...keys.map((k) => k.private_key_pem), ...signing.map((k) => k.secret)].filter((v): v is string => v !== null);
}

const keyIdIn = (value: string) => /^sealed:v1:([0-9a-f]{12}):[A-Za-z0-9_-]+$/.exec(value)?.[1];
const dataDirKeyId = () => keyIdOf(fs.readFileSync(path.join(s.db.dataDir, 'secrets.key')));
/** The PEM body, without its armour lines: what must not be readable in the database. */
const pemBody = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----'));

async function pollNow(client: Client = admin) {
  s.clock.now = new Date();
  const r = await client.post(`/api/v1/mail/imap-accounts/${accountId}/poll`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { error: string | null; account: { lastError: string | null } };
}

function push(base: string, body: string, secret: string) {
  const bytes = Buffer.from(body);
  const consignment = randomUUID();
  const ts = String(Date.now());
  return fetch(`${base}/api/v1/federation/push`, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      [PUSH_HEADERS.node]: 'khanhhoa',
      [PUSH_HEADERS.timestamp]: ts,
      [PUSH_HEADERS.consignment]: consignment,
      [PUSH_HEADERS.signature]: hmacSignature(secret, ts, consignment, bytes),
    },
    body: new Uint8Array(bytes),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string; message: string; messageEn: string } } }));
}

/** The push got past the signature check: what it carries is no package, so it is refused for its content (400), not its signature (401). */
async function signatureAccepted(base: string, secret: string): Promise<boolean> {
  const r = await push(base, '<khong-phai-goi-edxml/>', secret);
  return r.status === 400 && r.body.error?.code === 'edxml_invalid';
}

async function exportDoc(client: Client, id: number) {
  return client.get(`/api/v1/documents/${id}/edxml`);
}

function lienthong(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const full = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, lienthongArgs(...args), { cwd: root, env: full, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  [dovecot, s] = await Promise.all([startDovecot({ [USER]: PASSWORD }), startServer()]);
  [admin, clerk] = await Promise.all([signIn(s.url, 'admin'), signIn(s.url, 'vanthu.skhcn')]);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-secrets-'));
  signingKey = makeKey('So Khoa hoc va Cong nghe Dong Nai');
  peerKey = makeKey('Lien Thong Dong Nai');
}, 120_000);

afterAll(async () => {
  await s?.close();
  await dovecot?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('secrets written through the API are sealed in the database', () => {
  it('a fresh data directory gets its key file (32 random bytes, readable by the owner only)', () => {
    const file = path.join(s.db.dataDir, 'secrets.key');
    const st = fs.statSync(file);
    expect(st.size).toBe(32);
    expect(st.mode & 0o777).toBe(0o600);
  });

  it('an IMAP password: the row holds no clear text, and the account still logs in', async () => {
    const created = await admin.post('/api/v1/mail/imap-accounts', { orgId: s.ids.get('stc'), host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', username: USER, password: PASSWORD, tlsRejectUnauthorized: false });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    accountId = created.body.id;
    expect(JSON.stringify(created.body)).not.toContain(PASSWORD);
    const raw = await rawPassword();
    expect(raw).not.toContain(PASSWORD);
    expect(keyIdIn(raw)).toBe(dataDirKeyId());
    const polled = await pollNow();
    expect(polled.error).toBeNull();
    expect(polled.account.lastError).toBeNull();

    // Entered again (the same password), it is sealed afresh: a new IV, never the same bytes.
    expect((await admin.patch(`/api/v1/mail/imap-accounts/${accountId}`, { password: PASSWORD })).status).toBe(200);
    const again = await rawPassword();
    expect(again).not.toBe(raw);
    expect(again).not.toContain(PASSWORD);
    expect((await pollNow()).error).toBeNull();
  });

  it('peer secrets and our private key: sealed; a push signed with the secret is accepted, a wrong one refused', async () => {
    const hmac = await admin.post('/api/v1/federation/peers', { name: 'Tỉnh Khánh Hòa', baseUrl: 'http://127.0.0.1:9', peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret: SECRET });
    expect(hmac.status, JSON.stringify(hmac.body)).toBe(201);
    hmacPeer = hmac.body.id;
    expect(hmac.body).toMatchObject({ hasInboundSecret: true, hasOutboundSecret: true });
    const cert = await admin.post('/api/v1/federation/peers', { name: 'Thành phố Hà Nội', baseUrl: 'http://127.0.0.1:9', auth: 'certificate', peerNodeId: 'hanoi', ourNodeId: 'dongnai', peerCertificate: makeKey('Lien Thong Ha Noi').certificatePem, ourPrivateKey: peerKey.privateKeyPem });
    expect(cert.status, JSON.stringify(cert.body)).toBe(201);
    certPeer = cert.body.id;
    const listed = JSON.stringify((await admin.get('/api/v1/federation/peers')).body);
    expect(listed).not.toContain(SECRET);
    expect(listed).not.toMatch(/PRIVATE KEY/);

    const h = await rawPeer(hmacPeer);
    for (const v of [h.inbound_secret!, h.outbound_secret!]) {
      expect(v).not.toContain(SECRET);
      expect(keyIdIn(v)).toBe(dataDirKeyId());
    }
    const c = await rawPeer(certPeer);
    expect(c.our_private_key_pem).not.toMatch(/PRIVATE KEY/);
    for (const line of pemBody(peerKey.privateKeyPem)) expect(c.our_private_key_pem).not.toContain(line);
    expect(keyIdIn(c.our_private_key_pem!)).toBe(dataDirKeyId());

    expect(await signatureAccepted(s.url, SECRET)).toBe(true);
    const forged = await push(s.url, '<khong-phai-goi-edxml/>', 'mot-khoa-khac-0123456789');
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe('federation_bad_signature');
  });

  it("an agency's signing key: sealed; its documents are still exported signed", async () => {
    const set = await admin.request('PUT', `/api/v1/edxml/key?orgId=${s.ids.get('skhcn')}`, JSON.stringify({ privateKey: signingKey.privateKeyPem, certificate: signingKey.certificatePem }), { 'content-type': 'application/json' });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(JSON.stringify(set.body)).not.toMatch(/PRIVATE KEY/);
    const raw = await rawSigningKey();
    expect(raw).not.toMatch(/PRIVATE KEY/);
    for (const line of pemBody(signingKey.privateKeyPem)) expect(raw).not.toContain(line);
    expect(keyIdIn(raw)).toBe(dataDirKeyId());

    const draft = await clerk.post('/api/v1/documents', { typeCode: 'KH', summary: 'Về việc bảo vệ khóa bí mật', signerName: 'Lê Minh Đạt', recipients: [s.ids.get('stc')] });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await clerk.upload(`/api/v1/documents/${draft.body.id}/attachments`, 'kế hoạch.pdf', pdfBytes('Kế hoạch'))).status).toBe(201);
    expect((await clerk.post(`/api/v1/documents/${draft.body.id}/issue`)).status).toBe(200);
    signedDoc = draft.body.id;
    const exported = await exportDoc(clerk, signedDoc);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('x-edxml-signed')).toBe('1');
  });

  it('no stored secret is in clear', async () => {
    const stored = await allStored();
    // The IMAP password, the peers' secrets and keys, the edXML key, and the demo's two
    // signing keys (a leader's PKCS#12 file, the finance department's agency key).
    expect(stored.length).toBe(7);
    for (const v of stored) expect(v).toMatch(/^sealed:v1:/);
  });
});

describe('values an older version left in clear', () => {
  it('are sealed at the next start, in one audited step, once; everything still works', async () => {
    await db().updateTable('imap_accounts').set({ password: PASSWORD }).where('id', '=', accountId).execute();
    await db().updateTable('federation_peers').set({ inbound_secret: SECRET_BEFORE, outbound_secret: SECRET_BEFORE }).where('id', '=', hmacPeer).execute();
    await db().updateTable('edxml_keys').set({ private_key_pem: signingKey.privateKeyPem }).where('org_id', '=', s.ids.get('skhcn')!).execute();

    const restarted = await createContext(s.ctx.config);
    await restarted.db.close();
    const after = await allStored();
    for (const v of after) expect(keyIdIn(v)).toBe(dataDirKeyId());
    expect(after.join('\n')).not.toContain(PASSWORD);
    expect(after.join('\n')).not.toContain(SECRET_BEFORE);
    expect(after.join('\n')).not.toMatch(/PRIVATE KEY/);
    const events = await db().selectFrom('audit_events').select(['action', 'data']).where('action', '=', 'secrets.seal').execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ sealed: { 'imap_accounts.password': 1, 'federation_peers.inbound_secret': 1, 'federation_peers.outbound_secret': 1, 'edxml_keys.private_key_pem': 1 } });

    // Another start finds nothing to seal: the values stay as they are.
    const again = await createContext(s.ctx.config);
    await again.db.close();
    expect(await allStored()).toEqual(after);
    expect(await db().selectFrom('audit_events').select('seq').where('action', '=', 'secrets.seal').execute()).toHaveLength(1);
    expect((await admin.get('/api/v1/audit/verify')).body).toMatchObject({ ok: true });

    expect((await pollNow()).error).toBeNull();
    expect(await signatureAccepted(s.url, SECRET_BEFORE)).toBe(true);
    expect((await exportDoc(clerk, signedDoc)).headers.get('x-edxml-signed')).toBe('1');
  });
});

describe('what cannot be opened is said, never used', () => {
  /** A sealed value with one character of its ciphertext changed. */
  const tampered = (v: string) => {
    const i = v.length - 30;
    return `${v.slice(0, i)}${v[i] === 'A' ? 'B' : 'A'}${v.slice(i + 1)}`;
  };

  it('tampered ciphertext is refused (GCM tag): the account shows why; an export answers 503', async () => {
    const password = await rawPassword();
    await db().updateTable('imap_accounts').set({ password: tampered(password) }).where('id', '=', accountId).execute();
    const polled = await pollNow();
    expect(polled.error).toMatch(/^Không mở được mật khẩu IMAP đã lưu: giá trị niêm phong đã bị sửa hoặc hỏng/);
    expect(polled.error).toContain('Cannot open the stored IMAP password: the sealed value was altered or damaged');
    expect(polled.account.lastError).toBe(polled.error);
    expect(dovecot.log()).not.toMatch(/imap-login: .*auth failed/);
    await db().updateTable('imap_accounts').set({ password }).where('id', '=', accountId).execute();
    expect((await pollNow()).error).toBeNull();

    const key = await rawSigningKey();
    await db().updateTable('edxml_keys').set({ private_key_pem: tampered(key) }).where('org_id', '=', s.ids.get('skhcn')!).execute();
    const refused = await exportDoc(clerk, signedDoc);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'secret_tampered', message: expect.stringContaining('khóa ký gói edXML'), messageEn: expect.stringContaining('altered or damaged') });
    await db().updateTable('edxml_keys').set({ private_key_pem: key }).where('org_id', '=', s.ids.get('skhcn')!).execute();
    expect((await exportDoc(clerk, signedDoc)).headers.get('x-edxml-signed')).toBe('1');
  });

  it('a server started with another SECRETS_KEY names the setting on the IMAP account, answers 503 where it needs a secret, and keeps running', async () => {
    const otherKey = randomBytes(32);
    fs.writeFileSync(path.join(work, 'other.key'), `${otherKey.toString('base64')}\n`);
    await db().updateTable('imap_accounts').set({ last_polled_at: null, last_error: null }).where('id', '=', accountId).execute();
    const other = await spawnServer({ DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '', SECRETS_KEY: otherKey.toString('base64'), IMAP_POLL_SECONDS: '1' });
    try {
      let lastError = '';
      await until(async () => {
        lastError = (await db().selectFrom('imap_accounts').select('last_error').where('id', '=', accountId).executeTakeFirstOrThrow()).last_error ?? '';
        return lastError !== '';
      }, 20_000);
      expect(lastError).toMatch(/^Không mở được mật khẩu IMAP đã lưu: SECRETS_KEY của máy chủ này khác với khóa đã niêm phong nó/);
      expect(lastError).toContain('Cannot open the stored IMAP password: SECRETS_KEY differs from the key it was sealed with');
      expect((await fetch(`${other.url}/readyz`)).status).toBe(200);
      expect(other.proc.exitCode).toBeNull();

      const otherClerk = await signIn(other.url, 'vanthu.skhcn');
      const exported = await exportDoc(otherClerk, signedDoc);
      expect(exported.status).toBe(503);
      expect(exported.body.error).toMatchObject({ code: 'secrets_key_mismatch', messageEn: expect.stringContaining('SECRETS_KEY differs') });
      // A peer pushing to it is told to come back (503 is retried), not that its signature is wrong.
      const pushed = await push(other.url, '<khong-phai-goi-edxml/>', SECRET_BEFORE);
      expect(pushed.status).toBe(503);
      expect(pushed.body.error?.code).toBe('secrets_key_mismatch');

      // The administrator enters the password again on that server: it works there from then on.
      const otherAdmin = await signIn(other.url, 'admin');
      expect((await otherAdmin.patch(`/api/v1/mail/imap-accounts/${accountId}`, { password: PASSWORD })).status).toBe(200);
      // Its own poller may hold the account for a moment (409 imap_busy): ask until this poll is ours.
      let polled = await otherAdmin.post(`/api/v1/mail/imap-accounts/${accountId}/poll`);
      await until(async () => (polled = await otherAdmin.post(`/api/v1/mail/imap-accounts/${accountId}/poll`)).status === 200);
      expect(polled.body.error).toBeNull();
      expect(keyIdIn(await rawPassword())).toBe(keyIdOf(otherKey));
      expect(other.proc.exitCode).toBeNull();
    } finally {
      await other.stop();
    }
  });
});

describe('lienthong secrets reseal', () => {
  it('without --old-key-file prints its usage', async () => {
    const r = await lienthong({}, 'secrets', 'reseal');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--old-key-file/);
  });

  it('refuses, changing nothing, when a value is sealed with neither key', async () => {
    const before = await allStored();
    const newKey = randomBytes(32);
    const r = await lienthong({ SECRETS_KEY: newKey.toString('base64') }, 'secrets', 'reseal', '--old-key-file', path.join(s.db.dataDir, 'secrets.key'));
    expect(r.code, r.stdout).toBe(1);
    expect(r.stderr).toMatch(/imap_accounts\.password #\d+ được niêm phong bằng khóa [0-9a-f]{12}: không phải SECRETS_KEY/);
    expect(r.stderr).toMatch(/Nothing was changed/);
    expect(await allStored()).toEqual(before);
  });

  it('re-seals what the old key sealed with the current key; a server holding only the new key then works', async () => {
    // The password entered on the other server comes back under this data directory's key.
    const back = await lienthong({}, 'secrets', 'reseal', '--old-key-file', path.join(work, 'other.key'));
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/Re-sealed 1 values/);
    for (const v of await allStored()) expect(keyIdIn(v)).toBe(dataDirKeyId());
    expect((await pollNow()).error).toBeNull();

    // Rotation: the new key in SECRETS_KEY, the old one given as a file.
    const newKey = randomBytes(32);
    const sealedCount = (await allStored()).length;
    const rotated = await lienthong({ SECRETS_KEY: newKey.toString('base64') }, 'secrets', 'reseal', '--old-key-file', path.join(s.db.dataDir, 'secrets.key'));
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain(`Đã niêm phong lại ${sealedCount} giá trị`);
    for (const v of await allStored()) expect(keyIdIn(v)).toBe(keyIdOf(newKey));
    const audit = await db().selectFrom('audit_events').select('data').where('action', '=', 'secrets.reseal').orderBy('seq').execute();
    expect(audit).toHaveLength(2);

    await db().updateTable('imap_accounts').set({ last_polled_at: null, last_error: null }).where('id', '=', accountId).execute();
    const server = await spawnServer({ DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '', SECRETS_KEY: newKey.toString('base64'), IMAP_POLL_SECONDS: '0' });
    try {
      const newAdmin = await signIn(server.url, 'admin');
      const polled = await newAdmin.post(`/api/v1/mail/imap-accounts/${accountId}/poll`);
      expect(polled.body.error).toBeNull();
      expect((await exportDoc(await signIn(server.url, 'vanthu.skhcn'), signedDoc)).headers.get('x-edxml-signed')).toBe('1');
      expect(await signatureAccepted(server.url, SECRET_BEFORE)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('the key setting', () => {
  it('SECRETS_KEY must be the base64 of 32 bytes, and goes without SECRETS_KEY_FILE', () => {
    expect(() => loadConfig({ SECRETS_KEY: 'ngan-qua' })).toThrow(/SECRETS_KEY must be the base64 of 32 random bytes/);
    expect(() => loadConfig({ SECRETS_KEY: randomBytes(16).toString('base64') })).toThrow(/SECRETS_KEY/);
    expect(() => loadConfig({ SECRETS_KEY: randomBytes(32).toString('base64'), SECRETS_KEY_FILE: '/tmp/x' })).toThrow(/not both/);
    expect(loadConfig({ SECRETS_KEY: randomBytes(32).toString('base64') }).secrets.key).toHaveLength(32);
  });
});
