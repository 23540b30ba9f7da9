/**
 * Monthly monitoring's figures (issue 18): every automatic indicator of one month computed
 * for 300 agencies over a 1,000,000-document seed, with inbox pages measured while it runs
 * (the compute runs inside the server, as its job does); the leaders' dashboard; the
 * consolidated PDF + XLSX. On SQLite (a temporary data folder) and, when DATABASE_URL is set,
 * on a fresh PostgreSQL database of that server (BENCH_ONLY=sqlite|postgres picks one): the
 * first start migrates and loads the demo, the 300 agencies are written in bulk, then the
 * documents by bench/seed-sqlite.ts or bench/seed-pg.ts, then a second start is measured.
 * BENCH_MONITORING_DOCS sets the seed (default BENCH_DOCS or 1,000,000);
 * BENCH_SEED_ONLY=1 BENCH_KEEP=1 stops after the seed and keeps it; BENCH_SEEDED=<data folder>
 * (SQLite: its file copied) and BENCH_SEEDED_PG=<database> (PostgreSQL: a copy made with
 * CREATE DATABASE … TEMPLATE, so the kept one stays as seeded) reuse it;
 * BENCH_MONITORING_RUNS repeats the compute with its inbox pages (default 1, each run a row);
 * BENCH_MONITORING_ONLY=compute skips the dashboard and the exports. Run alone with
 * `node --import tsx bench/monitoring.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { load, percentile, signIn } from './http.js';
import { RssSampler, cpuMs, machineCpuMs, pgDatabase, startServer } from './server.js';
import { row, runAlone, type Row } from './table.js';
import { seedSqlite } from './seed-sqlite.js';
import { seedPg } from './seed-pg.js';

const env = process.env;
const DOCS = Number(env.BENCH_MONITORING_DOCS ?? env.BENCH_DOCS ?? 1_000_000);
const AGENCIES = 300;
const RUNS = Math.max(1, Number(env.BENCH_MONITORING_RUNS ?? 1));
const log = (s: string) => console.log(s);
const ms = (x: number) => x.toFixed(1);

type Label = 'sqlite' | 'postgres';

/** One connection to the bench's database, either one: the same SQL (`?` placeholders) runs on both. */
interface Sql {
  all<T = any>(q: string, params?: unknown[]): Promise<T[]>;
  transaction(f: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

async function connect(target: { file: string } | { url: string }): Promise<Sql> {
  if ('file' in target) {
    const db = new SQLite(target.file);
    return {
      all: async (q, params = []) => {
        const st = db.prepare(q);
        if (st.reader) return st.all(...params) as any[];
        st.run(...params);
        return [];
      },
      transaction: async (f) => {
        db.exec('BEGIN');
        try {
          await f();
          db.exec('COMMIT');
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        }
      },
      close: async () => void db.close(),
    };
  }
  const db = new pg.Client({ connectionString: target.url });
  await db.connect();
  return {
    all: async (q, params = []) => {
      let n = 0;
      return (await db.query(q.replace(/\?/g, () => `$${++n}`), params)).rows;
    },
    transaction: async (f) => {
      await db.query('BEGIN');
      try {
        await f();
        await db.query('COMMIT');
      } catch (e) {
        await db.query('ROLLBACK');
        throw e;
      }
    },
    close: () => db.end(),
  };
}

/** The bench's staff of each added agency: username prefix, role, position, name. */
const STAFF = `SELECT 1 AS k, 'vanthu' AS prefix, 'clerk' AS role, 'Văn thư' AS position, 'Nguyễn Thị Lan' AS full_name
  UNION ALL SELECT 2, 'lanhdao', 'leader', 'Chủ tịch', 'Trần Văn Minh'
  UNION ALL SELECT 3, 'chuyenvien', 'specialist', 'Chuyên viên', 'Lê Văn Hùng'`;
/** The agencies this bench adds (short names UBNDX<i>), and the number i of one. */
const ADDED = `o.kind = 'agency' AND o.short_name LIKE 'UBNDX%'`;
const suffix = `substr(o.short_name, 6)`;

/**
 * Agencies up to 300 (the demo has 18): communes of the province, each with its clerk, leader
 * and specialist (the password of vanthu.ubnd) and its outgoing and incoming registers,
 * written straight into the stopped server's database by four INSERT … SELECT in one
 * transaction — the same SQL on SQLite and PostgreSQL — before the seed, so that the seed's
 * documents go from and to all 300 (seed-sqlite.ts and seed-pg.ts both take, through
 * pickAgencies, every agency that has the three roles and both registers).
 */
export async function addAgencies(db: Sql, count = AGENCIES): Promise<number> {
  const from = Number((await db.all<{ n: unknown }>(`SELECT count(*) AS n FROM organizations WHERE kind = 'agency'`))[0]!.n);
  if (from >= count) return 0;
  const at = new Date().toISOString();
  await db.transaction(async () => {
    await db.all(
      `INSERT INTO organizations (code, name, short_name, kind, parent_id, email, active, created_at, updated_at)
       WITH RECURSIVE n(i) AS (SELECT CAST(? AS integer) UNION ALL SELECT i + 1 FROM n WHERE i + 1 < CAST(? AS integer))
       SELECT '000.9' || (i / 100) || '.' || CASE WHEN i % 100 < 10 THEN '0' ELSE '' END || (i % 100) || '.H39',
              'Ủy ban nhân dân xã Thử nghiệm ' || i, 'UBNDX' || i, 'agency',
              (SELECT id FROM organizations WHERE kind = 'province'), 'xa' || i || '@dongnai.gov.vn', 1, CAST(? AS text), CAST(? AS text)
       FROM n ORDER BY i`,
      [from, count, at, at],
    );
    await db.all(
      `INSERT INTO users (username, full_name, position, org_id, password_hash, created_at)
       SELECT s.prefix || '.xa' || ${suffix}, s.full_name, s.position, o.id, h.password_hash, o.created_at
       FROM organizations o CROSS JOIN (${STAFF}) s CROSS JOIN (SELECT password_hash FROM users WHERE username = 'vanthu.ubnd') h
       WHERE ${ADDED} AND NOT EXISTS (SELECT 1 FROM users u WHERE u.org_id = o.id)
       ORDER BY o.id, s.k`,
    );
    await db.all(
      `INSERT INTO user_roles (user_id, org_id, role)
       SELECT u.id, o.id, s.role FROM organizations o CROSS JOIN (${STAFF}) s JOIN users u ON u.username = s.prefix || '.xa' || ${suffix}
       WHERE ${ADDED} AND NOT EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id)`,
    );
    await db.all(
      `INSERT INTO registers (org_id, kind, name, secret, active)
       SELECT o.id, k.kind, k.name, 0, 1 FROM organizations o
       CROSS JOIN (SELECT 1 AS r, 'outgoing' AS kind, 'Sổ văn bản đi' AS name UNION ALL SELECT 2, 'incoming', 'Sổ văn bản đến') k
       WHERE ${ADDED} AND NOT EXISTS (SELECT 1 FROM registers g WHERE g.org_id = o.id)
       ORDER BY o.id, k.r`,
    );
  });
  return count - from;
}

async function counts(db: Sql) {
  const c = async (t: string) => Number((await db.all<{ n: unknown }>(`SELECT count(*) AS n FROM ${t}`))[0]!.n);
  return { documents: await c('documents'), inboxItems: await c('inbox_items'), agencies: Number((await db.all<{ n: unknown }>(`SELECT count(*) AS n FROM organizations WHERE kind = 'agency'`))[0]!.n) };
}

export async function monitoringFigures(): Promise<Row[]> {
  const rows: Row[] = [];
  if (env.BENCH_ONLY !== 'postgres') rows.push(...(await figuresFor('sqlite', null)).rows);
  const base = env.DATABASE_URL?.trim();
  if (base && env.BENCH_ONLY !== 'sqlite') {
    const seeded = env.BENCH_SEEDED_PG?.trim() || undefined;
    const t = performance.now();
    const db = await pgDatabase(base, 'monitoring', seeded);
    if (seeded) log(`   BENCH_SEEDED_PG: ${db.name} made from ${seeded} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    let keep = env.BENCH_KEEP === '1';
    try {
      const r = await figuresFor('postgres', db);
      keep ||= r.seedOnly;
      rows.push(...r.rows);
    } finally {
      if (keep) log(`   kept the PostgreSQL database ${db.name} (drop it with: psql … -c 'DROP DATABASE ${db.name}')`);
      else await db.drop();
    }
  }
  return rows;
}

/** A PostgreSQL seed's data folder (its secrets key, the demo's files) is kept beside it under the database's name. */
const keptFolder = (database: string) => path.join(os.tmpdir(), database);

/** One database's figures; `seedOnly` when BENCH_SEED_ONLY stopped after the seed (kept). */
async function figuresFor(label: Label, pgDb: { url: string; name: string } | null): Promise<{ rows: Row[]; seedOnly: boolean }> {
  const rows: Row[] = [];
  const rss = new RssSampler();
  let dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-monitoring-${label}-`));
  const databaseUrl = pgDb?.url ?? null;
  const file = path.join(dataDir, 'lienthong.sqlite');
  log(`\n== monitoring, ${label}: data in ${pgDb ? `the database ${pgDb.name}, files in ` : ''}${dataDir}`);
  let keep = false;
  let seedOnly = false;
  const done = () => ({ rows, seedOnly });
  try {
    // A kept seed: SQLite, the data folder copied; PostgreSQL, the database already made from it (pgDatabase) and its files copied.
    const seeded = pgDb ? env.BENCH_SEEDED_PG?.trim() : env.BENCH_SEEDED?.trim();
    if (seeded) {
      const folder = pgDb ? keptFolder(seeded) : seeded;
      if (fs.existsSync(folder)) for (const f of fs.readdirSync(folder).filter((n) => !n.endsWith('.log'))) fs.cpSync(path.join(folder, f), path.join(dataDir, f), { recursive: true });
      log(`   ${pgDb ? 'BENCH_SEEDED_PG' : 'BENCH_SEEDED'}: ${seeded}${pgDb ? (fs.existsSync(folder) ? `, files of ${folder}` : ' (its data folder is gone: a new secrets key, no demo files)') : ''} copied`);
    } else {
      const first = await startServer({ dataDir, databaseUrl, logName: 'server-1.log', rss, env: { MONITORING_COMPUTE_MS: '0' } });
      await first.stop();
      const t = performance.now();
      const cpu = process.cpuUsage();
      const db = await connect(pgDb ? { url: pgDb.url } : { file });
      let added: number;
      try {
        added = await addAgencies(db);
      } finally {
        await db.close();
      }
      const agencySeconds = (performance.now() - t) / 1000;
      log(`   ${added} agencies added with their staff and registers: ${agencySeconds.toFixed(1)} s`);
      log(`   seeding ${DOCS.toLocaleString('en')} documents…`);
      const plan = { count: DOCS, now: Date.now(), days: 730, seed: 2026 };
      const seed = pgDb ? await seedPg(pgDb.url, plan, log) : seedSqlite(file, plan, log);
      log(`   seed: ${seed.seconds.toFixed(1)} s (${Object.entries(seed.rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')})`);
      // On PostgreSQL the inserts, index builds and VACUUM run in the database's backend: this process's CPU is the generation only.
      const cpuSeconds = (Object.values(process.cpuUsage(cpu)).reduce((a, b) => a + b, 0) / 1e6).toFixed(0);
      rows.push(row({ figure: `seed ${DOCS.toLocaleString('en')} documents, ${AGENCIES} agencies (bulk, not HTTP)`, database: label, value: `${((performance.now() - t) / 1000).toFixed(1)} s (agencies ${agencySeconds.toFixed(1)} s; CPU of this process ${cpuSeconds} s${pgDb ? ', the database backend not counted' : ', the rest is waiting for a core or the disk'})`, target: '—', ok: 'info' }));
      if (env.BENCH_SEED_ONLY === '1') {
        keep = seedOnly = true;
        if (pgDb) {
          fs.renameSync(dataDir, keptFolder(pgDb.name));
          dataDir = keptFolder(pgDb.name);
          log(`   BENCH_SEED_ONLY: stopping here; reuse with BENCH_SEEDED_PG=${pgDb.name} (its files kept in ${dataDir})`);
        } else log(`   BENCH_SEED_ONLY: stopping here; reuse with BENCH_SEEDED=${dataDir}`);
        return done();
      }
    }
    const srv = await startServer({ dataDir, databaseUrl, logName: 'server-2.log', rss, env: { MONITORING_COMPUTE_MS: '0' } });
    try {
      const it = await signIn(srv.url, 'cntt.skhcn');
      const leader = await signIn(srv.url, 'lanhdao.ubnd');
      const clerks = await Promise.all(['vanthu.skhcn', 'vanthu.stc', 'vanthu.syt', 'vanthu.ubnd'].map((u) => signIn(srv.url, u)));
      const periods = (await it.get('/api/v1/monitoring/periods')).body as { current: string };
      const [y, m] = periods.current.split('-').map(Number);
      const month = `${m === 1 ? y! - 1 : y}-${String(m === 1 ? 12 : m! - 1).padStart(2, '0')}`; // the last whole period
      const db = await connect(pgDb ? { url: pgDb.url } : { file });
      const stored = await counts(db).finally(() => db.close());

      await load(40, 2, 60, (i) => clerks[i % clerks.length]!.get('/api/v1/inbox?limit=50')); // warm-up
      // The same two clients with nothing computing: what the page costs on this machine at this moment (a loaded machine shows here, not in the compute).
      {
        const idle: number[] = [];
        const until = performance.now() + 10_000;
        const client = async (k: number) => {
          for (let i = k; performance.now() < until; i += 2) {
            const r = await clerks[i % clerks.length]!.get('/api/v1/inbox?limit=50');
            if (r.status === 200) idle.push(r.ms);
          }
        };
        await Promise.all([client(0), client(1)]);
        idle.sort((a, b) => a - b);
        rows.push(row({ figure: 'inbox page, nothing computing (p50 / p95 ms), for comparison', database: label, value: `${ms(percentile(idle, 50))} / ${ms(percentile(idle, 95))} ms (${idle.length} req)`, target: '—', ok: '—' }));
      }
      for (let run = 1; run <= RUNS; run++) {
        let computing = true;
        const cpu0 = { server: cpuMs(srv.pid), machine: machineCpuMs() };
        const t0 = performance.now();
        const compute = it.post(`/api/v1/monitoring/periods/${month}/compute`).then((r) => {
          computing = false;
          return { r, seconds: (performance.now() - t0) / 1000, serverCpu: (cpuMs(srv.pid) - cpu0.server) / 1000, machineCpu: (machineCpuMs() - cpu0.machine) / 1000 };
        });
        // Inbox pages by two clients for as long as the compute runs.
        const lat: number[] = [];
        let failed = 0;
        const worker = async (k: number) => {
          for (let i = k; computing; i += 2) {
            const r = await clerks[i % clerks.length]!.get('/api/v1/inbox?limit=50');
            if (r.status === 200) lat.push(r.ms);
            else failed++;
          }
        };
        await Promise.all([worker(0), worker(1)]);
        lat.sort((a, b) => a - b);
        const during = { count: lat.length, p50: percentile(lat, 50), p95: percentile(lat, 95), failed };
        const c = await compute;
        if (c.r.status !== 200) throw new Error(`compute: ${c.r.status} ${JSON.stringify(c.r.body)}`);
        rows.push(row({ figure: `monitoring: every automatic indicator, ${AGENCIES} agencies, one month (${month})${RUNS > 1 ? `, run ${run}` : ''}`, database: label, value: `${c.seconds.toFixed(2)} s (CPU: server ${c.serverCpu.toFixed(1)} s, machine ${c.machineCpu.toFixed(1)} s — every process on it${label === 'postgres' ? ', the database backends among them' : ''}; ${c.r.body.values} values; ${stored.documents.toLocaleString('en')} documents, ${stored.inboxItems.toLocaleString('en')} inbox items, ${stored.agencies} agencies)`, target: '≤ 10 s', ok: c.seconds <= 10 ? 'yes' : 'NO' }));
        if (during.count) rows.push(row({ figure: `inbox page while computing (p50 / p95 ms)${RUNS > 1 ? `, run ${run}` : ''}`, database: label, value: `${ms(during.p50)} / ${ms(during.p95)} ms (${during.count} req${during.failed ? `, ${during.failed} failed` : ''})`, target: 'p95 ≤ 50 ms', ok: during.p95 <= 50 ? 'yes' : 'NO' }));
      }
      if (env.BENCH_MONITORING_ONLY === 'compute') return done();

      await load(5, 1, 60, () => leader.get(`/api/v1/monitoring/dashboard?month=${month}`));
      const dash = await load(60, 2, 120, () => leader.get(`/api/v1/monitoring/dashboard?month=${month}`));
      rows.push(row({ figure: 'monitoring dashboard, first screen (p50 / p95 ms)', database: label, value: `${ms(dash.p50)} / ${ms(dash.p95)} ms (${dash.count} req, ${AGENCIES} agencies)`, target: 'p95 ≤ 100 ms', ok: dash.p95 <= 100 && !dash.errors ? 'yes' : 'NO' }));

      // The first export after a start also loads pdf-lib, fontkit and exceljs: timed apart, on the month before.
      const tc = performance.now();
      const [by, bm] = month.split('-').map(Number);
      const before = `${bm === 1 ? by! - 1 : by}-${String(bm === 1 ? 12 : bm! - 1).padStart(2, '0')}`;
      await it.get(`/api/v1/monitoring/consolidation/${before}/export?format=pdf`);
      await it.get(`/api/v1/monitoring/consolidation/${before}/export?format=xlsx`);
      const cold = (performance.now() - tc) / 1000;
      const t1 = performance.now();
      const pdf = await it.get(`/api/v1/monitoring/consolidation/${month}/export?format=pdf`);
      const xlsx = await it.get(`/api/v1/monitoring/consolidation/${month}/export?format=xlsx`);
      const both = (performance.now() - t1) / 1000;
      rows.push(row({ figure: `consolidated report PDF + XLSX, ${AGENCIES} agencies`, database: label, value: `${both.toFixed(2)} s (status ${pdf.status}/${xlsx.status}; the first export after the start, libraries loading: ${cold.toFixed(2)} s)`, target: '≤ 5 s', ok: both <= 5 && pdf.status === 200 && xlsx.status === 200 ? 'yes' : 'NO' }));
    } finally {
      await srv.stop();
    }
  } finally {
    rss.stop();
    if (keep || env.BENCH_KEEP === '1') log(`   kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return done();
}

runAlone(import.meta.url, monitoringFigures);
