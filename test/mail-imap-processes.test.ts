// IMAP fetching from separate processes: `lienthong serve` (two of them) and `lienthong mail imap`.
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { signIn, type Client } from './helpers/client.js';
import { startDovecot, type Dovecot } from './helpers/dovecot.js';
import { mailMessage, seenRows as seenRowsOf, until } from './helpers/imap.js';
import { spawnServer } from './helpers/process.js';
import { lienthongArgs } from './helpers/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USER = 'stc';
const PASSWORD = 'Imap#2025-stc';

let s: TestServer;
let dovecot: Dovecot;
let admin: Client;

const seenRows = (accountId: number) => seenRowsOf(s.ctx, accountId);

beforeAll(async () => {
  [dovecot, s] = await Promise.all([startDovecot({ [USER]: PASSWORD, other: 'other-pass' }), startServer()]);
  admin = await signIn(s.url, 'admin');
});

afterAll(async () => {
  await s?.close();
  await dovecot?.stop();
});

/** The real `lienthong mail imap …`, in its own process, on the test's database. */
const run = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '' };
    execFile(process.execPath, lienthongArgs('mail', 'imap', ...args), { cwd: root, env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });

describe('IMAP fetching from server processes and the command line', () => {
  it('two server processes poll on their own, and each message is taken once', async () => {
    const folder = 'Hai máy chủ';
    const c = await dovecot.client(USER, PASSWORD);
    await c.mailboxCreate(folder);
    await c.logout();
    const created = await admin.post('/api/v1/mail/imap-accounts', { orgId: s.ids.get('stc'), host: '127.0.0.1', port: dovecot.imapsPort, security: 'tls', username: USER, password: PASSWORD, mailbox: folder, tlsRejectUnauthorized: false });
    const id = created.body.id;
    const env = { DATA_DIR: s.db.dataDir, DATABASE_URL: s.db.databaseUrl ?? '', IMAP_POLL_SECONDS: '1' };
    // Both or neither: one left running would go on polling into the next test.
    const started = await Promise.allSettled([spawnServer(env), spawnServer(env)]);
    const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = started.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(servers.map((x) => x.stop()));
      throw failed.reason;
    }
    const subjectsHere = ['Hai máy chủ 1', 'Hai máy chủ 2', 'Hai máy chủ 3', 'Hai máy chủ 4'];
    try {
      for (const [i, subject] of subjectsHere.entries()) {
        await dovecot.append(USER, PASSWORD, folder, await mailMessage({ subject, id: `two${i}` }));
        await new Promise((r) => setTimeout(r, 300));
      }
      await until(async () => (await seenRows(id)).length === subjectsHere.length, 20_000);
    } finally {
      await Promise.all(servers.map((x) => x.stop()));
    }
    expect((await seenRows(id)).map((x) => x.outcome)).toEqual(subjectsHere.map(() => 'accepted'));
    const logged = await s.ctx.db.kysely.selectFrom('mail_inbound').select(['subject', 'outcome']).where('subject', 'in', subjectsHere).execute();
    expect(logged.map((l) => `${l.subject} ${l.outcome}`).sort()).toEqual(subjectsHere.map((x) => `${x} accepted`));
  });

  it('adds, lists and polls an account from the command line', async () => {
    await dovecot.append('other', 'other-pass', 'INBOX', await mailMessage({ subject: 'Qua dòng lệnh', to: 'skhcn@dongnai.gov.vn', id: 'cli1' }));
    const skhcn = await s.ctx.db.kysely.selectFrom('organizations').select('code').where('id', '=', s.ids.get('skhcn')!).executeTakeFirstOrThrow();
    const [added, bad] = await Promise.all([
      run('add', '--host', '127.0.0.1', '--port', String(dovecot.imapPort), '--starttls', '--insecure', '--user', 'other', '--password', 'other-pass', '--org', skhcn.code!),
      run('add', '--host', 'máy chủ', '--user', 'x', '--password', 'y'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/không phải tên máy chủ/);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = Number(/#(\d+)/.exec(added.stdout)![1]);
    expect(added.stdout).not.toContain('other-pass');

    const listed = await run('list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`#${id}`);
    expect(listed.stdout).toContain('127.0.0.1');
    expect(listed.stdout).not.toContain('other-pass');

    const polled = await run('poll', String(id));
    expect(polled.code).toBe(0);
    expect(polled.stdout).toMatch(/đã xem 1, tải về 1, nhận 1/);
    expect((await seenRows(id)).length).toBe(1);
  }, 180_000);
});
