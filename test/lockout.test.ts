import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { Client } from './helpers/client.js';
import { freshDatabase } from './helpers/db.js';
import { spawnServer } from './helpers/process.js';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/app.js';
import { createOrganization, createUser } from '../src/modules/directory/service.js';
import type { Actor } from '../src/modules/context.js';

/**
 * Guesses sent all at once (issue 12, item 3): attempts are counted in the database before
 * the password is checked, so a burst is refused past the threshold (5) instead of every
 * guess being checked, a right guess inside it gets no session once the threshold is
 * reached, and the account ends locked.
 */
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s?.close());

const login = (base: string, username: string, password: string, address?: string) =>
  new Client(base).request('POST', '/api/v1/auth/login', { username, password }, address ? { 'x-forwarded-for': address } : {});

/** The password checks the server made for a user (failures, the one that locked, sign-ins). */
async function checks(db: TestServer['ctx']['db']['kysely'], username: string) {
  const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const events = await db.selectFrom('audit_events').select('action').where('entity_type', '=', 'user').where('entity_id', '=', String(user.id)).where('action', 'like', 'auth.%').execute();
  const count = (a: string) => events.filter((e) => e.action === a).length;
  const sessions = await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
  return { failed: count('auth.failed'), locked: count('auth.locked'), logins: count('auth.login'), sessions: sessions.length };
}

/** `n` sign-ins at once, all wrong but the one at `right`, each from its own address (the per-address limit is another test). */
function burst(base: string, username: string, n: number, right: number | null) {
  return Promise.all(Array.from({ length: n }, (_, i) => login(base, username, i === right ? 'demo' : `doan-sai-${i}`, `10.12.${n}.${i}`)));
}

describe('guesses sent all at once', () => {
  it('30 at once, 29 wrong and one right: at most 5 are checked, no session past the threshold, and the account is locked', async () => {
    const answers = await burst(s.url, 'vanthu.snv', 30, 17);
    const c = await checks(s.ctx.db.kysely, 'vanthu.snv');
    expect(c.failed + c.logins + c.locked).toBeLessThanOrEqual(6);
    expect(c.logins).toBe(0);
    expect(c.sessions).toBe(0);
    expect(answers.filter((a) => a.status === 200)).toEqual([]);
    expect(answers.filter((a) => a.body.error?.code === 'locked').length).toBeGreaterThanOrEqual(24);
    const after = await login(s.url, 'vanthu.snv', 'demo');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('locked');
    expect(c.locked).toBe(1);
  });

  it('150 wrong at once: only the first 5 are checked, the others are refused as locked', async () => {
    const answers = await burst(s.url, 'vanthu.stp', 150, null);
    const c = await checks(s.ctx.db.kysely, 'vanthu.stp');
    expect(c.failed).toBeLessThanOrEqual(5);
    expect(answers.every((a) => a.status === 401)).toBe(true);
    expect(answers.filter((a) => a.body.error.code === 'locked').length).toBeGreaterThanOrEqual(145);
    expect((await login(s.url, 'vanthu.stp', 'demo')).body.error.code).toBe('locked');
  });

  it('a right password inside a burst does not erase the failures of that burst', async () => {
    // The right one goes first: the four wrong ones fail while it is being checked.
    const answers = await Promise.all([login(s.url, 'vanthu.sgddt', 'demo', '198.51.100.3'), ...Array.from({ length: 4 }, (_, i) => login(s.url, 'vanthu.sgddt', `sai-${i}`, '198.51.100.3'))]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401]);
    // Those four still count: one more wrong password is the fifth, and locks.
    await login(s.url, 'vanthu.sgddt', 'sai-nua', '198.51.100.3');
    const right = await login(s.url, 'vanthu.sgddt', 'demo', '198.51.100.3');
    expect(right.status).toBe(401);
    expect(right.body.error.code).toBe('locked');
  });
});

describe('sign-ins from one address', () => {
  it('past 50 failed sign-ins from one address in 15 minutes every sign-in from it is refused (429), whatever the username; other addresses are not', async () => {
    const spray = await Promise.all(Array.from({ length: 50 }, (_, i) => login(s.url, `khong-co-${i}`, 'doan-mo', '203.0.113.9')));
    expect(spray.every((a) => a.status === 401)).toBe(true);
    const refused = await login(s.url, 'vanthu.syt', 'demo', '203.0.113.9');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('too_many_attempts');
    expect(refused.body.error.message).toMatch(/Quá nhiều lần đăng nhập sai/);
    expect(refused.body.error.messageEn).toMatch(/Too many failed sign-ins/);
    expect((await login(s.url, 'vanthu.syt', 'demo', '203.0.113.10')).status).toBe(200);
    // The window ends: 16 minutes later the address may try again.
    s.clock.now = new Date(Date.now() + 16 * 60_000);
    try {
      expect((await login(s.url, 'vanthu.syt', 'demo', '203.0.113.9')).status).toBe(200);
    } finally {
      s.clock.now = new Date();
    }
  });

  it('successful sign-ins do not count: a whole office behind one address signs in', async () => {
    const users = ['sxd', 'sct', 'skhcn', 'stc', 'cat', 'ttt', 'snnmt', 'svhttdl', 'vpubnd', 'ubnd'].flatMap((a) => [`vanthu.${a}`, `lanhdao.${a}`]);
    // 60 sign-ins, ten at a time: more than the limit, and all succeed.
    for (let round = 0; round < 6; round++) {
      const many = await Promise.all(users.slice(0, 10).map((u, i) => login(s.url, users[(round * 10 + i) % users.length]!, 'demo', '203.0.113.20')));
      expect(many.map((a) => a.status)).toEqual(Array(10).fill(200));
    }
  });
});

describe('two server processes on one database', () => {
  it('50 sign-ins at once spread over both, one right: locked, no session, at most 5 checks', async () => {
    const db = await freshDatabase();
    const env = { DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' };
    const setup = await createContext(loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }));
    const servers: Awaited<ReturnType<typeof spawnServer>>[] = [];
    try {
      const system = { userId: 0, username: 'system', fullName: 'system', orgId: 0, agencyId: 0, roles: ['admin'], isProvinceAdmin: true, via: 'system' } as Actor;
      const province = await createOrganization(setup, system, { name: 'Tỉnh Thử', shortName: 'TinhThu', kind: 'province' });
      await createUser(setup, null, { username: 'nguoi.thu', fullName: 'Người Thử', orgId: province.id, roles: ['clerk'], password: 'mat-khau-dung-2026' });
      servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
      const bases = servers.map((x) => x.url);
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(bases[i % 2]!, 'nguoi.thu', i === 31 ? 'mat-khau-dung-2026' : `sai-${i}`, `10.50.0.${i}`)));
      expect(answers.filter((a) => a.status === 200)).toEqual([]);
      const c = await checks(setup.db.kysely, 'nguoi.thu');
      expect(c.sessions).toBe(0);
      expect(c.failed).toBeLessThanOrEqual(5);
      expect(c.locked).toBe(1);
      for (const base of bases) expect((await login(base, 'nguoi.thu', 'mat-khau-dung-2026')).body.error.code).toBe('locked');
    } finally {
      await Promise.all(servers.map((x) => x.stop()));
      await setup.db.close();
      await db.drop();
    }
  }, 180_000);
});
