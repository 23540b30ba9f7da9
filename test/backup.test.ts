import fs from 'node:fs';
import path from 'node:path';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { spawnServer } from './helpers/process.js';
import { demoTemplate, freshDatabase, onPostgres, type TestDatabase } from './helpers/db.js';
import { signIn, pdfBytes, type Client } from './helpers/client.js';
import { lienthongArgs } from './helpers/bundle.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cliEnv = (dataDir: string, databaseUrl: string | null) => ({ ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '' });

function lienthong(env: NodeJS.ProcessEnv, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, lienthongArgs(...args), { cwd: root, env, timeout: 180_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

type Row = { id: number; summary: string; state: string; number: number | null };
const DOCS = 'SELECT id, summary, state, number FROM documents ORDER BY id';
const ATTACHMENTS = 'SELECT id, document_id, sha256 FROM attachments ORDER BY id';

async function query<T>(dataDir: string, databaseUrl: string | null, sql: string): Promise<T[]> {
  if (!databaseUrl) {
    const db = new SQLite(path.join(dataDir, 'lienthong.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query(sql)).rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) && k !== 'summary' && k !== 'sha256' ? Number(v) : v]))) as T[];
  } finally {
    await c.end();
  }
}

const databases: TestDatabase[] = [];
let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
afterAll(async () => {
  await server?.stop();
  for (const d of databases) await d.drop();
});

/** Documents drafted, given a file and issued, one after the other, until told to stop. */
function writeLoop(c: Client, to: number, stop: { now: boolean }, counter: { n: number }) {
  return (async () => {
    while (!stop.now) {
      const d = await c.post('/api/v1/documents', { typeCode: 'CV', summary: `Về việc báo cáo số ${counter.n}`, signerName: 'Nguyễn Văn A', recipients: [to] });
      expect(d.status, JSON.stringify(d.body)).toBe(201);
      await c.upload(`/api/v1/documents/${d.body.id}/attachments`, 'bao-cao.pdf', pdfBytes(`báo cáo ${d.body.id} ${Math.random()}`));
      const issued = await c.post(`/api/v1/documents/${d.body.id}/issue`);
      expect(issued.status, JSON.stringify(issued.body)).toBe(200);
      counter.n++;
    }
  })();
}

it('a backup taken while documents are issued without pause finishes; killed, it leaves nothing named like a finished one; restored, it has the same documents, files and an intact audit chain', async () => {
  // A copy of the run's demo province, its stored files too (loading it again is ≈15 s of CPU).
  const db = await freshDatabase(demoTemplate());
  databases.push(db);
  const env = cliEnv(db.dataDir, db.databaseUrl);
  if (!onPostgres()) {
    // A database of some size (150 MB), so that a copy takes longer than the time between two writes.
    const file = new SQLite(path.join(db.dataDir, 'lienthong.sqlite'));
    file.exec('CREATE TABLE filler (b BLOB)');
    const insert = file.prepare('INSERT INTO filler (b) VALUES (?)');
    file.transaction(() => {
      for (let i = 0; i < 150; i++) insert.run(randomBytes(1 << 20));
    })();
    file.close();
  }
  server = await spawnServer({ DATA_DIR: db.dataDir, DATABASE_URL: db.databaseUrl ?? '' });
  const clerks = await Promise.all([signIn(server.url, 'vanthu.skhcn'), signIn(server.url, 'vanthu.ubnd')]);
  const stc = (await clerks[0]!.get('/api/v1/organizations')).body.find((o: { email?: string }) => o.email?.startsWith('stc@')).id as number;
  const stop = { now: false };
  const written = { n: 0 };
  const loops = clerks.map((c) => writeLoop(c, stc, stop, written));
  try {
    while (written.n < 10) await new Promise((r) => setTimeout(r, 100));

    // Killed half-way: no folder named like a finished backup.
    const killedTarget = path.join(db.dataDir, '..', `${path.basename(db.dataDir)}-killed`);
    const killed = spawn(process.execPath, lienthongArgs('backup', killedTarget), { cwd: root, env, stdio: 'ignore' });
    for (let i = 0; i < 600 && !(fs.existsSync(killedTarget) && fs.readdirSync(killedTarget).length); i++) await new Promise((r) => setTimeout(r, 20));
    killed.kill('SIGKILL');
    await new Promise((r) => killed.once('exit', r));
    expect(fs.readdirSync(killedTarget).filter((n) => n.startsWith('lienthong-'))).toEqual([]);
    expect(fs.readdirSync(killedTarget).every((n) => n.endsWith('.partial'))).toBe(true);
    fs.rmSync(killedTarget, { recursive: true, force: true });

    // Under the same writes, a backup runs to its end.
    const target = path.join(db.dataDir, '..', `${path.basename(db.dataDir)}-backup`);
    const before = written.n;
    const started = Date.now();
    const r = await lienthong(env, 'backup', target);
    const seconds = (Date.now() - started) / 1000;
    console.log(`backup under writes: ${seconds.toFixed(1)} s, ${written.n - before} documents issued meanwhile`);
    expect(r.code, r.stderr).toBe(0);
    expect(written.n).toBeGreaterThan(before);
    const [done] = fs.readdirSync(target).filter((n) => n.startsWith('lienthong-'));
    expect(fs.readdirSync(target)).toEqual([done]);
    const out = path.join(target, done!);
    stop.now = true;
    await Promise.all(loops);

    // Restored into an empty place, as docs/operations.md says.
    const restored = await freshDatabase();
    databases.push(restored);
    if (onPostgres()) execFileSync('pg_restore', ['--no-owner', `--dbname=${restored.databaseUrl}`, path.join(out, 'lienthong.pgdump')]);
    else fs.copyFileSync(path.join(out, 'lienthong.sqlite'), path.join(restored.dataDir, 'lienthong.sqlite'));
    fs.cpSync(path.join(out, 'blobs'), path.join(restored.dataDir, 'blobs'), { recursive: true });
    const renv = cliEnv(restored.dataDir, restored.databaseUrl);
    const audit = await lienthong(renv, 'audit', 'verify');
    expect(audit.code, audit.stderr).toBe(0);
    const files = await lienthong(renv, 'blobs', 'check');
    expect(files.code, files.stderr).toBe(0);

    // The same documents as the live database at one moment: every one issued then is the
    // same now; at most the one draft each writer had open was issued since.
    const copy = await query<Row>(restored.dataDir, restored.databaseUrl, DOCS);
    const live = new Map((await query<Row>(db.dataDir, db.databaseUrl, DOCS)).map((d) => [d.id, d]));
    expect(copy.length).toBeGreaterThan(10);
    for (const d of copy) {
      if (d.state === 'issued') expect(d).toEqual(live.get(d.id));
      else expect(d.summary).toBe(live.get(d.id)!.summary);
    }
    expect(copy.filter((d) => d.state === 'draft' && live.get(d.id)!.state !== 'draft').length).toBeLessThanOrEqual(clerks.length);
    const liveFiles = new Map((await query<{ id: number; sha256: string }>(db.dataDir, db.databaseUrl, ATTACHMENTS)).map((a) => [a.id, a.sha256]));
    for (const a of await query<{ id: number; sha256: string }>(restored.dataDir, restored.databaseUrl, ATTACHMENTS)) expect(a.sha256).toBe(liveFiles.get(a.id));
  } finally {
    stop.now = true;
    await Promise.allSettled(loops);
  }
}, 600_000);
