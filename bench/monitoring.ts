/**
 * Monthly monitoring's figures (issue 18), on SQLite: every automatic indicator of one month
 * computed for 300 agencies over the 1,000,000-document seed of bench/seed-sqlite.ts, with
 * inbox pages measured while it runs (the compute runs inside the server, as its job does);
 * the leaders' dashboard; the consolidated PDF + XLSX. BENCH_MONITORING_DOCS sets the seed
 * (default BENCH_DOCS or 1,000,000); BENCH_SEEDED reuses a seeded data folder;
 * BENCH_MONITORING_RUNS repeats the compute with its inbox pages (default 1, each run a row);
 * BENCH_MONITORING_ONLY=compute skips the dashboard and the exports. Run alone with
 * `node --import tsx bench/monitoring.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { load, percentile, signIn } from './http.js';
import { RssSampler, startServer } from './server.js';
import { row, runAlone, type Row } from './table.js';
import { seedSqlite } from './seed-sqlite.js';

const env = process.env;
const DOCS = Number(env.BENCH_MONITORING_DOCS ?? env.BENCH_DOCS ?? 1_000_000);
const AGENCIES = 300;
const RUNS = Math.max(1, Number(env.BENCH_MONITORING_RUNS ?? 1));
const log = (s: string) => console.log(s);
const ms = (x: number) => x.toFixed(1);

/**
 * Agencies up to 300 (the demo has 18): communes of the province, each with its clerk, leader
 * and specialist (the demo's password) and its outgoing and incoming registers, written
 * straight into the stopped server's database in one transaction, before the seed, so that
 * the seed's documents go from and to all 300 (bench/seed-sqlite.ts picks every agency
 * that has the three roles and both registers).
 */
export function addAgencies(file: string, count = AGENCIES): number {
  const db = new SQLite(file);
  try {
    const province = db.prepare(`SELECT id FROM organizations WHERE kind = 'province'`).get() as { id: number };
    const have = (db.prepare(`SELECT count(*) AS n FROM organizations WHERE kind = 'agency'`).get() as { n: number }).n;
    const hash = (db.prepare(`SELECT password_hash FROM users WHERE username = 'vanthu.ubnd'`).get() as { password_hash: string }).password_hash;
    const at = new Date().toISOString();
    const org = db.prepare(`INSERT INTO organizations (code, name, short_name, kind, parent_id, email, active, created_at, updated_at) VALUES (?, ?, ?, 'agency', ?, ?, 1, ?, ?)`);
    const user = db.prepare(`INSERT INTO users (username, full_name, position, org_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
    const role = db.prepare(`INSERT INTO user_roles (user_id, org_id, role) VALUES (?, ?, ?)`);
    const register = db.prepare(`INSERT INTO registers (org_id, kind, name, secret, active) VALUES (?, ?, ?, 0, 1)`);
    const staff = [
      ['vanthu', 'clerk', 'Văn thư', 'Nguyễn Thị Lan'],
      ['lanhdao', 'leader', 'Chủ tịch', 'Trần Văn Minh'],
      ['chuyenvien', 'specialist', 'Chuyên viên', 'Lê Văn Hùng'],
    ] as const;
    db.transaction(() => {
      for (let i = have; i < count; i++) {
        const short = `UBNDX${i}`;
        const id = Number(org.run(`000.9${Math.floor(i / 100)}.${String(i % 100).padStart(2, '0')}.H39`, `Ủy ban nhân dân xã Thử nghiệm ${i}`, short, province.id, `xa${i}@dongnai.gov.vn`, at, at).lastInsertRowid);
        for (const [prefix, r, position, name] of staff) role.run(Number(user.run(`${prefix}.xa${i}`, name, position, id, hash, at).lastInsertRowid), id, r);
        register.run(id, 'outgoing', 'Sổ văn bản đi');
        register.run(id, 'incoming', 'Sổ văn bản đến');
      }
    })();
    return Math.max(0, count - have);
  } finally {
    db.close();
  }
}

export async function monitoringFigures(): Promise<Row[]> {
  const rows: Row[] = [];
  const rss = new RssSampler();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-monitoring-'));
  const file = path.join(dataDir, 'lienthong.sqlite');
  let keep = false;
  try {
    const seeded = env.BENCH_SEEDED?.trim();
    if (seeded) {
      for (const f of fs.readdirSync(seeded).filter((n) => n.startsWith('lienthong.sqlite'))) fs.copyFileSync(path.join(seeded, f), path.join(dataDir, f));
      log(`   BENCH_SEEDED: copied ${seeded}`);
    } else {
      const first = await startServer({ dataDir, logName: 'server-1.log', rss, env: { MONITORING_COMPUTE_MS: '0' } });
      await first.stop();
      const t = performance.now();
      const cpu = process.cpuUsage();
      const added = addAgencies(file);
      log(`   ${added} agencies added with their staff and registers: ${((performance.now() - t) / 1000).toFixed(1)} s`);
      log(`   seeding ${DOCS.toLocaleString('en')} documents…`);
      const seed = seedSqlite(file, { count: DOCS, now: Date.now(), days: 730, seed: 2026 }, log);
      log(`   seed: ${seed.seconds.toFixed(1)} s (${Object.entries(seed.rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')})`);
      rows.push(row({ figure: `seed ${DOCS.toLocaleString('en')} documents, ${AGENCIES} agencies (bulk, not HTTP)`, database: 'sqlite', value: `${((performance.now() - t) / 1000).toFixed(1)} s (agencies ${((performance.now() - t) / 1000 - seed.seconds).toFixed(1)} s; CPU of this process ${(Object.values(process.cpuUsage(cpu)).reduce((a, b) => a + b, 0) / 1e6).toFixed(0)} s, the rest is waiting for a core or the disk)`, target: '—', ok: 'info' }));
      if (env.BENCH_SEED_ONLY === '1') {
        log(`   BENCH_SEED_ONLY: stopping here, data kept in ${dataDir}`);
        keep = true;
        return rows;
      }
    }
    const srv = await startServer({ dataDir, logName: 'server-2.log', rss, env: { MONITORING_COMPUTE_MS: '0' } });
    try {
      const it = await signIn(srv.url, 'cntt.skhcn');
      const leader = await signIn(srv.url, 'lanhdao.ubnd');
      const clerks = await Promise.all(['vanthu.skhcn', 'vanthu.stc', 'vanthu.syt', 'vanthu.ubnd'].map((u) => signIn(srv.url, u)));
      const periods = (await it.get('/api/v1/monitoring/periods')).body as { current: string };
      const [y, m] = periods.current.split('-').map(Number);
      const month = `${m === 1 ? y! - 1 : y}-${String(m === 1 ? 12 : m! - 1).padStart(2, '0')}`; // the last whole period
      const db = new SQLite(file, { readonly: true });
      const inMonth = db.prepare(`SELECT count(*) AS n FROM inbox_items`).get() as { n: number };
      const docCount = (db.prepare(`SELECT count(*) AS n FROM documents`).get() as { n: number }).n;
      db.close();

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
        rows.push(row({ figure: 'inbox page, nothing computing (p50 / p95 ms), for comparison', database: 'sqlite', value: `${ms(percentile(idle, 50))} / ${ms(percentile(idle, 95))} ms (${idle.length} req)`, target: '—', ok: '—' }));
      }
      for (let run = 1; run <= RUNS; run++) {
        let computing = true;
        const t0 = performance.now();
        const compute = it.post(`/api/v1/monitoring/periods/${month}/compute`).then((r) => {
          computing = false;
          return { r, seconds: (performance.now() - t0) / 1000 };
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
        rows.push(row({ figure: `monitoring: every automatic indicator, ${AGENCIES} agencies, one month (${month})${RUNS > 1 ? `, run ${run}` : ''}`, database: 'sqlite', value: `${c.seconds.toFixed(2)} s (${c.r.body.values} values; ${docCount.toLocaleString('en')} documents, ${inMonth.n.toLocaleString('en')} inbox items)`, target: '≤ 10 s', ok: c.seconds <= 10 ? 'yes' : 'NO' }));
        if (during.count) rows.push(row({ figure: `inbox page while computing (p50 / p95 ms)${RUNS > 1 ? `, run ${run}` : ''}`, database: 'sqlite', value: `${ms(during.p50)} / ${ms(during.p95)} ms (${during.count} req${during.failed ? `, ${during.failed} failed` : ''})`, target: 'p95 ≤ 50 ms', ok: during.p95 <= 50 ? 'yes' : 'NO' }));
      }
      if (env.BENCH_MONITORING_ONLY === 'compute') return rows;

      await load(5, 1, 60, () => leader.get(`/api/v1/monitoring/dashboard?month=${month}`));
      const dash = await load(60, 2, 120, () => leader.get(`/api/v1/monitoring/dashboard?month=${month}`));
      rows.push(row({ figure: 'monitoring dashboard, first screen (p50 / p95 ms)', database: 'sqlite', value: `${ms(dash.p50)} / ${ms(dash.p95)} ms (${dash.count} req, ${AGENCIES} agencies)`, target: 'p95 ≤ 100 ms', ok: dash.p95 <= 100 && !dash.errors ? 'yes' : 'NO' }));

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
      rows.push(row({ figure: `consolidated report PDF + XLSX, ${AGENCIES} agencies`, database: 'sqlite', value: `${both.toFixed(2)} s (status ${pdf.status}/${xlsx.status}; the first export after the start, libraries loading: ${cold.toFixed(2)} s)`, target: '≤ 5 s', ok: both <= 5 && pdf.status === 200 && xlsx.status === 200 ? 'yes' : 'NO' }));
    } finally {
      await srv.stop();
    }
  } finally {
    rss.stop();
    if (keep || env.BENCH_KEEP === '1') log(`   kept: ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

runAlone(import.meta.url, monitoringFigures);
