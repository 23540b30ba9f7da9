import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, onPostgres, type TestDatabase } from './helpers/db.js';
import { Client, signIn } from './helpers/client.js';
import { loadConfig } from '../src/server/config.js';
import { buildApp, createContext } from '../src/server/app.js';
import type { AppContext } from '../src/modules/context.js';
import { lienthongArgs } from './helpers/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let db: TestDatabase;
let work: string;
let ctx: AppContext | null = null;
let app: FastifyInstance | null = null;
let url = '';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The real `lienthong` command, in its own process, on the test's database. */
function lienthong(...args: string[]): Promise<Run> {
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' };
  return new Promise((resolve) => {
    execFile(process.execPath, lienthongArgs(...args), { cwd: root, env, timeout: 150_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A server over the same database, as `lienthong serve` would run beside the commands. */
async function startApp() {
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' });
  ctx = await createContext(config);
  app = await buildApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

async function count(table: 'documents' | 'audit_events' | 'organizations'): Promise<number> {
  const r = await ctx!.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)))
    .sort();
}

beforeAll(async () => {
  db = await freshDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-cli-'));
});
afterAll(async () => {
  await app?.close();
  await ctx?.db.close();
  await db?.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('lienthong, the command line', () => {
  it('migrate creates the schema on an empty database', async () => {
    const first = await lienthong('migrate');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Đã chạy: .*001/);
  });

  it('demo loads the province once; a second run refuses because the database is not empty', async () => {
    const r = await lienthong('demo');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tổ chức/);
    // The schema is current now: a server starts on it while the second run is refused.
    const [again] = await Promise.all([lienthong('demo'), startApp()]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
    expect(await count('documents')).toBeGreaterThan(0);
    expect((await signIn(url, 'vanthu.ubnd')).user.username).toBe('vanthu.ubnd');
  }, 300_000);

  it('token create prints a token that works as Bearer against the server', async () => {
    const [r, nobody] = await Promise.all([lienthong('token', 'create', 'vanthu.stc', '--name', 'Cổng dịch vụ công'), lienthong('token', 'create', 'khong.co.ai')]);
    expect(r.code, r.stderr).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^lt_[A-Za-z0-9_-]{20,}$/);
    const api = new Client(url);
    api.bearer = token;
    const inbox = await api.get('/api/v1/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.some((i: any) => i.senderName === 'Ủy ban nhân dân tỉnh Đồng Nai')).toBe(true);
    const session = await api.get('/api/v1/auth/session');
    expect(session.body.user?.username, JSON.stringify(session.body)).toBe('vanthu.stc');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr.length).toBeGreaterThan(0);
  });

  it('user add creates a user who can sign in with the given roles', async () => {
    const r = await lienthong('user', 'add', 'nguyen.thi.hoa', '--name', 'Nguyễn Thị Hoa', '--org', '000.00.05.h39', '--role', 'clerk', '--role', 'leader', '--password', 'mat-khau-hoa-1');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/nguyen\.thi\.hoa/);
    expect(r.stdout).not.toMatch(/mat-khau-hoa-1/);
    const c = await signIn(url, 'nguyen.thi.hoa', 'mat-khau-hoa-1');
    expect(c.user.fullName).toBe('Nguyễn Thị Hoa');
    expect(c.user.roles.sort()).toEqual(['clerk', 'leader']);
    const orgs = (await c.get('/api/v1/organizations?q=so%20tai%20chinh')).body;
    expect(c.user.agencyId).toBe(orgs[0].id);
    const dup = await lienthong('user', 'add', 'nguyen.thi.hoa', '--org', '000.00.05.H39', '--password', 'mat-khau-khac-2');
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/đã tồn tại/);
  });

  it('org import adds organisations from a CSV file; a bad file names the line and changes nothing', async () => {
    const file = path.join(work, 'to-chuc.csv');
    fs.writeFileSync(
      file,
      '\uFEFFcode,name,short_name,kind,parent_code,email\r\n000.00.15.H39,Sở Ngoại vụ,SNgV,agency,000.00.00.H39,sngv@dongnai.gov.vn\r\n001.00.15.H39,Phòng Lãnh sự,PLS,unit,000.00.15.H39,\r\n',
    );
    const bad = path.join(work, 'sai.csv');
    fs.writeFileSync(bad, 'code,name,short_name,kind,parent_code\n000.00.16.H39,Sở Mới,SM,agency,\n000.00.17,Sở Sai,SS,agency,\n');
    const before = await count('organizations');
    const [r, failed] = await Promise.all([lienthong('org', 'import', file), lienthong('org', 'import', bad)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Thêm mới 2/);
    // The bad file names its line and adds nothing, not even its good first row.
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Dòng 3/);
    expect(await count('organizations')).toBe(before + 2);
    const admin = await signIn(url, 'admin');
    const found = (await admin.get('/api/v1/organizations?q=ngoai%20vu')).body;
    expect(found.map((o: any) => o.name)).toEqual(['Sở Ngoại vụ']);
    expect((await admin.get('/api/v1/organizations?q=lanh%20su')).body[0].parentId).toBe(found[0].id);
    expect((await admin.get('/api/v1/organizations?q=so%20moi')).body).toEqual([]);
  });

  it('backup makes a consistent copy of the database and the stored files', async () => {
    const target = path.join(work, 'sao-luu');
    const r = await lienthong('backup', target);
    expect(r.code, r.stderr).toBe(0);
    const [dir] = fs.readdirSync(target).filter((d) => d.startsWith('lienthong-'));
    expect(dir).toBeDefined();
    const out = path.join(target, dir!);
    expect(r.stdout).toContain(out);
    const documents = await count('documents');
    if (onPostgres()) {
      const dump = path.join(out, 'lienthong.pgdump');
      expect(fs.statSync(dump).size).toBeGreaterThan(1000);
      // Restore it into an empty database: the documents are all there.
      const restored = await freshDatabase();
      try {
        await new Promise<void>((resolve, reject) =>
          execFile('pg_restore', ['--no-owner', `--dbname=${restored.databaseUrl}`, dump], (err, _o, stderr) => (err ? reject(new Error(stderr)) : resolve())),
        );
        const { default: pg } = await import('pg');
        const c = new pg.Client({ connectionString: restored.databaseUrl! });
        await c.connect();
        const n = await c.query('SELECT count(*)::int AS n FROM documents');
        await c.end();
        expect(n.rows[0].n).toBe(documents);
      } finally {
        await restored.drop();
      }
    } else {
      const copy = new SQLite(path.join(out, 'lienthong.sqlite'), { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((copy.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(documents);
      } finally {
        copy.close();
      }
    }
    const blobs = filesUnder(path.join(db.dataDir, 'blobs'));
    expect(blobs.length).toBeGreaterThan(0);
    expect(filesUnder(path.join(out, 'blobs'))).toEqual(blobs);
  });

  it('audit verify exits 0 with the count; after a stored event is edited it exits 1 naming that entry', async () => {
    const ok = await lienthong('audit', 'verify');
    expect(ok.code, ok.stderr).toBe(0);
    const n = await count('audit_events');
    expect(ok.stdout).toContain(`${n} bản ghi`);
    expect(ok.stdout).toContain(`${n} entries`);

    const k = ctx!.db.kysely;
    const victim = await k.selectFrom('audit_events').select(['seq', 'data']).where('action', '=', 'user.create').orderBy('seq').offset(3).limit(1).executeTakeFirstOrThrow();
    await k.updateTable('audit_events').set({ data: victim.data.replace('"roles":[', '"roles":["admin",') }).where('seq', '=', victim.seq).execute();
    const broken = await lienthong('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(`#${victim.seq}`);
    expect(broken.stderr).toMatch(/content does not match/);
  }, 150_000);

  it('an unknown command prints the help and exits 2', async () => {
    const r = await lienthong('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/lienthong serve/);
  });
});
