import net from 'node:net';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/server/config.js';
import { createContext } from '../../src/server/app.js';
import { createUser } from '../../src/modules/directory/service.js';
import { hashPassword } from '../../src/modules/directory/passwords.js';
import type { AppContext } from '../../src/modules/context.js';
import { Client, signIn } from './client.js';
import type { TestDatabase } from './db.js';
import { lienthongArgs } from './bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A second province for exchanges between nodes: Khánh Hòa (level-1 code H41), its People's
 * Committee, two departments and a unit, with a clerk, a leader and a specialist at Finance.
 */
/** The password of province B's users (imported by CSV, so it follows the password rule). */
export const B_PASSWORD = 'Khanh-Hoa-2026';

export const PROVINCE_B = {
  name: 'Tỉnh Khánh Hòa',
  level1: 'H41',
  stc: '000.00.05.H41',
  ubnd: '000.00.00.H41',
  organizations: [
    'code,name,short_name,kind,parent_code,email,address',
    '000.00.00.H41,Ủy ban nhân dân tỉnh Khánh Hòa,UBND,agency,,ubnd@khanhhoa.gov.vn,Nha Trang',
    '000.00.05.H41,Sở Tài chính tỉnh Khánh Hòa,STC,agency,,stc@khanhhoa.gov.vn,Nha Trang',
    '000.00.10.H41,Sở Khoa học và Công nghệ tỉnh Khánh Hòa,SKHCN,agency,,skhcn@khanhhoa.gov.vn,Nha Trang',
    '001.00.05.H41,Phòng Quản lý ngân sách,QLNS,unit,000.00.05.H41,,',
  ].join('\n'),
  users: [
    'username,full_name,org_code,roles,password',
    'vanthu.stc,Nguyễn Thị Lan,000.00.05.H41,clerk,' + B_PASSWORD,
    'lanhdao.stc,Trần Văn Hải,000.00.05.H41,leader,' + B_PASSWORD,
    'chuyenvien.stc,Lê Thị Thu,001.00.05.H41,specialist,' + B_PASSWORD,
    'vanthu.ubnd,Phạm Văn Nam,000.00.00.H41,clerk,' + B_PASSWORD,
  ].join('\n'),
};

/**
 * An empty database gets its province and administrator (admin / demo): the one step no
 * API can do, since every API call needs someone signed in.
 */
export async function bootstrapProvince(ctx: AppContext, name: string): Promise<void> {
  const at = ctx.now().toISOString();
  const province = await ctx.db.kysely
    .insertInto('organizations')
    .values({ code: null, name, short_name: 'Tinh', kind: 'province', parent_id: null, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  await createUser(ctx, null, { username: 'admin', fullName: 'Quản trị tỉnh', orgId: province.id, roles: ['admin'] }, await hashPassword('demo'));
}

/** Opens a test database, bootstraps the province into it, closes it (before a server process opens it). */
export async function bootstrapDatabase(db: TestDatabase, name: string): Promise<void> {
  const ctx = await createContext(loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '', LOG_LEVEL: 'silent' }));
  try {
    await bootstrapProvince(ctx, name);
  } finally {
    await ctx.db.close();
  }
}

/** Province B's directory and users, through its API as its administrator (CSV imports). */
export async function loadProvinceB(url: string): Promise<Client> {
  const admin = await signIn(url, 'admin');
  const orgs = await admin.request('POST', '/api/v1/organizations/import', PROVINCE_B.organizations, { 'content-type': 'text/csv' });
  if (orgs.status !== 200) throw new Error(`org import: ${orgs.status} ${JSON.stringify(orgs.body)}`);
  const users = await admin.request('POST', '/api/v1/users/import', PROVINCE_B.users, { 'content-type': 'text/csv' });
  if (users.status !== 200) throw new Error(`user import: ${users.status} ${JSON.stringify(users.body)}`);
  return admin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface NodeProcess {
  url: string;
  proc: ChildProcess;
  /** Ends the process at once (no shutdown). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** `lienthong serve` as its own process on a fixed port (so a restart keeps the address its peer knows). */
export async function spawnNode(opts: { db: TestDatabase; port: number; env?: Record<string, string> }): Promise<NodeProcess> {
  const proc = spawn(process.execPath, lienthongArgs('serve'), {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DEMO_ON_EMPTY: '0',
      WORKERS: '1',
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      DATA_DIR: opts.db.dataDir,
      DATABASE_URL: opts.db.databaseUrl ?? '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`server exited: ${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    proc,
    async kill() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Waits until `check` gives a value (not undefined/false), polling. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Peers both ways with one shared secret: A hosts B's Finance department as an external
 * recipient and routes all of H41 to B; B routes all of A's level-1 code to A.
 */
export async function connectNodes(a: { url: string; admin: Client; level1: string }, b: { url: string; admin: Client }, secret: string) {
  const onA = await a.admin.post('/api/v1/federation/peers', { name: PROVINCE_B.name, baseUrl: b.url, peerNodeId: 'khanhhoa', ourNodeId: 'dongnai', secret });
  if (onA.status !== 201) throw new Error(`peer on A: ${onA.status} ${JSON.stringify(onA.body)}`);
  const hosted = await a.admin.post(`/api/v1/federation/peers/${onA.body.id}/organizations`, { organizations: [{ code: PROVINCE_B.stc, name: 'Sở Tài chính tỉnh Khánh Hòa' }, { code: PROVINCE_B.level1 }] });
  if (hosted.status !== 200) throw new Error(`hosted on A: ${hosted.status} ${JSON.stringify(hosted.body)}`);
  const onB = await b.admin.post('/api/v1/federation/peers', { name: 'Tỉnh Đồng Nai', baseUrl: a.url, peerNodeId: 'dongnai', ourNodeId: 'khanhhoa', secret });
  if (onB.status !== 201) throw new Error(`peer on B: ${onB.status} ${JSON.stringify(onB.body)}`);
  const routed = await b.admin.post(`/api/v1/federation/peers/${onB.body.id}/organizations`, { organizations: [{ code: a.level1 }] });
  if (routed.status !== 200) throw new Error(`routes on B: ${routed.status} ${JSON.stringify(routed.body)}`);
  return { peerOnA: onA.body.id as number, peerOnB: onB.body.id as number, stcOnA: hosted.body.organizations[0].orgId as number };
}
