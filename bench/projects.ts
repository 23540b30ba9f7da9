/**
 * IT projects' figures (issue 16): 2,000 projects with 40,000 milestones and 500,000
 * disbursement entries over four years, on the demo province; the register page sorted by
 * variance (p95 ≤ 50 ms) and the province disbursement table of a year (p95 ≤ 100 ms),
 * timed in process at the service (what a request costs the server beyond HTTP). The sizes
 * shrink with BENCH_PROJECTS. Run alone with `node --import tsx bench/projects.ts`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/server/config.js';
import { createContext } from '../src/server/app.js';
import { loadDemo } from '../src/demo/load.js';
import { loadActor } from '../src/modules/auth/service.js';
import { listProjects, provinceDisbursement } from '../src/modules/projects/queries.js';
import { seedProjects, type SeedProject } from '../src/modules/projects/seed.js';
import { PROJECT_STAGES } from '../src/domain/projects.js';
import { runAlone, type Row } from './table.js';
import { onEachDatabase } from './server.js';
import { rng } from './corpus.js';
import { percentile } from './http.js';

const env = process.env;
const PROJECTS = Number(env.BENCH_PROJECTS ?? 2000);
const MILESTONES = 20;
const DISBURSEMENTS = 250;
const ROUNDS = Number(env.BENCH_PROJECT_ROUNDS ?? 200);

const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
const p50 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

async function measure(label: 'sqlite' | 'postgres', urls: (string | null)[]): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lienthong-bench-projects-'));
  const ctx = await createContext(loadConfig({ ...env, NODE_ENV: 'production', DATA_DIR: dir, DATABASE_URL: urls[0] ?? '', LOG_LEVEL: 'silent' }));
  try {
    await loadDemo(ctx);
    const db = ctx.db.kysely;
    const agencies = (await db.selectFrom('organizations').select('id').where('kind', '=', 'agency').execute()).map((o) => o.id);
    const doc = (await db.selectFrom('documents').select('id').where('state', '=', 'issued').executeTakeFirstOrThrow()).id;
    const user = await db.selectFrom('users').select(['id', 'full_name']).where('username', '=', 'taichinh.stc').executeTakeFirstOrThrow();
    const actor = (await loadActor(ctx, user.id, 'system'))!;
    const { next: rand } = rng(16);
    const t0 = performance.now();
    const years = [2024, 2025, 2026, 2027];
    for (let start = 0; start < PROJECTS; start += 100) {
      const batch: SeedProject[] = [];
      for (let i = start; i < Math.min(PROJECTS, start + 100); i++) {
        const total = BigInt(1 + Math.floor(rand() * 200)) * 1_000_000_000n;
        const each = total / BigInt(MILESTONES);
        const milestones = Array.from({ length: MILESTONES }, (_, m) => {
          const s = new Date(Date.UTC(2024, 0, 1 + m * 70)).toISOString().slice(0, 10);
          const e = new Date(Date.UTC(2024, 0, 60 + m * 70)).toISOString().slice(0, 10);
          return { code: `M${m + 1}`, name: `Mốc ${m + 1}`, start: s, end: e, cost: each };
        });
        const delay = Math.floor(rand() * 120) - 20;
        const over = BigInt(Math.floor(rand() * 40));
        const done = Math.floor(rand() * MILESTONES);
        const disbursements = Array.from({ length: DISBURSEMENTS }, (_, d) => {
          const y = years[d % 4]!;
          const m = 1 + (Math.floor(d / 4) % 12);
          return { paidOn: `${y}-${String(m).padStart(2, '0')}-15`, amount: total / 2000n, paymentRef: `GRV-${i}-${d}` };
        });
        batch.push({
          code: `BENCH-${i}`,
          name: `Dự án thử nghiệm số ${i}`,
          investingOrgId: agencies[i % agencies.length]!,
          group: 'C',
          kind: 'investment',
          sources: ['public_investment'],
          total,
          startYear: 2024,
          endYear: 2027,
          stage: PROJECT_STAGES[i % PROJECT_STAGES.length]!,
          stageDoc: () => doc,
          stageAt: () => '2024-01-01T00:00:00.000Z',
          createdBy: user.id,
          userName: user.full_name,
          baselines: [{ documentId: doc, reason: null, at: '2024-01-01T00:00:00.000Z', milestones }],
          progress: milestones.slice(0, done).map((m) => ({ code: m.code, actualStart: m.start, actualEnd: new Date(Date.parse(m.end) + delay * 86_400_000).toISOString().slice(0, 10), actualCost: (m.cost * (100n + over)) / 100n, percent: 100 })),
          ratings: i % 3 ? [{ rating: 1 + (i % 5), comment: 'Đánh giá thử nghiệm', at: '2026-06-01T00:00:00.000Z', userId: user.id, userName: user.full_name }] : [],
          capital: years.map((y) => ({ year: y, amount: total / 4n, documentId: doc })),
          disbursements,
          lastUpdateAt: '2026-10-01T00:00:00.000Z',
        });
      }
      await db.transaction().execute((trx) => seedProjects(trx, batch));
    }
    const seedSeconds = ((performance.now() - t0) / 1000).toFixed(0);
    const register: number[] = [];
    const table: number[] = [];
    // This process's CPU time (all its threads) per call beside the wall time: on a busy machine
    // the wall time waits for a core, the CPU time is the cost. On SQLite it holds the queries
    // (in process); on PostgreSQL they run in the server's backend and are not counted.
    const cpu = { register: 0, table: 0 };
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const pages = Math.max(1, Math.floor(PROJECTS / 50));
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const c = cpuMs();
      await listProjects(ctx, actor, { sort: i % 2 ? 'cost_variance' : 'schedule_variance', limit: 50, offset: (i % pages) * 50 });
      cpu.register += cpuMs() - c;
      register.push(performance.now() - t);
    }
    const tableRounds = Math.max(20, ROUNDS / 4);
    for (let i = 0; i < tableRounds; i++) {
      const t = performance.now();
      const c = cpuMs();
      const r = await provinceDisbursement(ctx, actor, 2026);
      cpu.table += cpuMs() - c;
      table.push(performance.now() - t);
      if (i === 0 && r.items.length < PROJECTS) throw new Error(`province table has ${r.items.length} rows`);
    }
    const size = `${PROJECTS.toLocaleString('en')} projects, ${(PROJECTS * MILESTONES).toLocaleString('en')} milestones, ${(PROJECTS * DISBURSEMENTS).toLocaleString('en')} disbursements (seeded in ${seedSeconds} s)`;
    const rp = p95(register);
    const tp = p95(table);
    return [
      { figure: `projects register page sorted by variance, p95 (${size}; p50, this process's CPU per call)`, database: label, value: `${rp.toFixed(1)} ms (p50 ${p50(register).toFixed(1)}, CPU ${(cpu.register / ROUNDS).toFixed(1)} ms)`, target: '≤ 50 ms', ok: rp <= 50 ? 'yes' : 'NO' },
      { figure: `province disbursement table of a year, ${PROJECTS.toLocaleString('en')} rows, p95 (p50, this process's CPU per call)`, database: label, value: `${tp.toFixed(1)} ms (p50 ${p50(table).toFixed(1)}, CPU ${(cpu.table / tableRounds).toFixed(1)} ms)`, target: '≤ 100 ms', ok: tp <= 100 ? 'yes' : 'NO' },
    ];
  } finally {
    await ctx.db.close();
    // BENCH_KEEP=1 keeps the SQLite data folder for EXPLAIN QUERY PLAN.
    if (env.BENCH_KEEP && !urls[0]) console.log(`   kept: ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function projectFigures(): Promise<Row[]> {
  return onEachDatabase('projects', measure);
}

runAlone(import.meta.url, projectFigures);
