/**
 * Directive tasks (issue 15): the UBND Office's task board over BENCH_TASKS tasks (20,000) of
 * BENCH_TASK_AGENCIES agencies (300) with BENCH_TASK_REPORTS progress reports (200,000),
 * measured through HTTP against the real server as its own process: the board's first page
 * (overdue first) p95 ≤ 50 ms, and one agency's overdue list p95 ≤ 20 ms. The rows are
 * written straight into the database (as the service would keep them, with the Vietnamese
 * days of creation, last report and completion, the kept status columns and counts) while the
 * server runs.
 * Run alone: `node --import tsx bench/tasks.ts`; in the table: BENCH_PARTS=tasks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Insertable } from 'kysely';
import { openDb } from '../src/db/connect.js';
import type { TaskTable } from '../src/db/schema-indicators-tasks.js';
import { localDate } from '../src/domain/numbering.js';
import { keptColumns, rebuildTaskCounts } from '../src/modules/tasks/status-store.js';
import { RssSampler, onEachDatabase, startServer } from './server.js';
import { load, signIn } from './http.js';
import { runAlone, type Row } from './table.js';

const env = process.env;
const TASKS = Number(env.BENCH_TASKS ?? 20_000);
const AGENCIES = Number(env.BENCH_TASK_AGENCIES ?? 300);
const REPORTS = Number(env.BENCH_TASK_REPORTS ?? 200_000);
const REQUESTS = Number(env.BENCH_TASK_REQUESTS ?? 300);
const BOARD_TARGET = 50;
const OVERDUE_TARGET = 20;
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

async function seed(dataDir: string, databaseUrl: string | null): Promise<{ seconds: number; agencyTasks: number }> {
  const t0 = performance.now();
  const db = openDb({ databaseUrl, dataDir });
  const k = db.kysely;
  try {
    const now = Date.now();
    const at = new Date(now).toISOString();
    const province = await k.selectFrom('organizations').select('id').where('kind', '=', 'province').executeTakeFirstOrThrow();
    const office = await k.selectFrom('organizations').select('id').where('email', 'like', 'vpubnd@%').executeTakeFirstOrThrow();
    const syt = await k.selectFrom('organizations').select('id').where('email', 'like', 'syt@%').executeTakeFirstOrThrow();
    const officer = await k.selectFrom('users').select('id').where('username', '=', 'nhiemvu.vpubnd').executeTakeFirstOrThrow();
    const directive = await k.selectFrom('tasks').select('document_id').executeTakeFirstOrThrow();
    const existing = await k.selectFrom('organizations').select('id').where('kind', '=', 'agency').execute();
    const orgs = existing.map((o) => o.id);
    const made: { code: string; name: string; short_name: string; kind: 'agency'; parent_id: number; email: null; address: null; phone: null; website: null; active: number; created_at: string; updated_at: string }[] = [];
    for (let i = orgs.length; i < AGENCIES; i++) made.push({ code: `000.${String(i).padStart(2, '0')}.99.H39`, name: `Cơ quan thử ${i}`, short_name: `CQ${i}`, kind: 'agency', parent_id: province.id, email: null, address: null, phone: null, website: null, active: 1, created_at: at, updated_at: at });
    for (let i = 0; i < made.length; i += 200) {
      for (const r of await k.insertInto('organizations').values(made.slice(i, i + 200)).returning('id').execute()) orgs.push(r.id);
    }
    const r = rng(42);
    const day = (d: number) => localDate(new Date(now + d * 86400_000));
    const iso = (d: number) => new Date(now + d * 86400_000).toISOString();
    const recurrences = ['none', 'none', 'none', 'none', 'monthly', 'quarterly', 'yearly', 'ongoing'] as const;
    let agencyTasks = 0;
    const reportsPer = Math.floor(REPORTS / TASKS);
    for (let i = 0; i < TASKS; i += 500) {
      const batch: Insertable<TaskTable>[] = [];
      for (let j = i; j < Math.min(TASKS, i + 500); j++) {
        const recurrence = recurrences[Math.floor(r() * recurrences.length)]!;
        const created = -Math.floor(r() * 300) - 30;
        const lastReport = r() < 0.8 ? created + Math.floor(r() * -created) : null;
        const done = r() < 0.3 ? Math.min(-1, (lastReport ?? created) + 1) : null;
        const accepted = done !== null && r() < 0.6;
        const deadline = recurrence === 'none' ? day(Math.floor(r() * 200) - 120) : null;
        // Sở Y tế leads its share, like the other agencies (about TASKS / AGENCIES).
        const lead = j % AGENCIES === 0 ? syt.id : orgs[Math.floor(r() * orgs.length)]!;
        if (lead === syt.id) agencyTasks++;
        batch.push({
          document_id: directive.document_id, assigned_by_org_id: office.id, point_ref: `Điểm ${1 + (j % 9)}`, content: `Nhiệm vụ số ${j + 1}: triển khai ứng dụng công nghệ thông tin theo Chỉ thị`, lead_org_id: lead,
          expected_output: 'Báo cáo kết quả', priority: 'normal' as const, recurrence, deadline, original_deadline: deadline, percent: lastReport === null ? 0 : Math.floor(r() * 100),
          last_report_at: lastReport === null ? null : iso(lastReport), done_at: done === null ? null : iso(done), accepted_at: accepted ? iso(done! + 1) : null, returned_at: null, extension_asked: r() < 0.03 ? 1 : 0,
          created_day: day(created), last_report_day: lastReport === null ? null : day(lastReport), done_day: done === null ? null : day(done), created_by: officer.id, created_at: iso(created), updated_at: iso(created),
        });
      }
      // The kept status columns (migration 027) as the service writes them.
      for (const t of batch) Object.assign(t, keptColumns(t as Parameters<typeof keptColumns>[0], day(0)));
      const ids = (await k.insertInto('tasks').values(batch).returning('id').execute()).map((x) => x.id);
      await k.insertInto('task_orgs').values(ids.map((id, n) => ({ task_id: id, org_id: batch[n]!.lead_org_id as number, role: 'lead' as const }))).execute();
      const events = [];
      for (const [n, id] of ids.entries()) {
        for (let e = 0; e < reportsPer; e++) events.push({ task_id: id, kind: 'progress' as const, org_id: batch[n]!.lead_org_id as number, user_id: null, user_name: 'Chuyên viên', at: at, text: `Báo cáo tiến độ lần ${e + 1}`, percent: e * 10, deadline_from: null, deadline_to: null });
      }
      for (let e = 0; e < events.length; e += 1000) await k.insertInto('task_events').values(events.slice(e, e + 1000)).execute();
    }
    await rebuildTaskCounts(k);
    await sql`ANALYZE`.execute(k);
    return { seconds: (performance.now() - t0) / 1000, agencyTasks };
  } finally {
    await db.close();
  }
}

async function figuresFor(label: string, databaseUrl: string | null): Promise<Row[]> {
  const rss = new RssSampler();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lienthong-bench-tasks-${label}-`));
  const server = await startServer({ dataDir, databaseUrl, logName: 'server.log', rss });
  const rows: Row[] = [];
  try {
    const seeded = await seed(dataDir, databaseUrl);
    const office = await signIn(server.url, 'nhiemvu.vpubnd');
    const agency = await signIn(server.url, 'chuyenvien.syt');
    const first = await office.get('/api/v1/tasks?limit=50');
    const total = (first.body as { total: number }).total;
    // Warm-up, then the measured runs, one request at a time (a person at the board).
    await load(20, 1, 30, () => office.get('/api/v1/tasks?limit=50'));
    const board = await load(REQUESTS, 1, 120, () => office.get('/api/v1/tasks?limit=50'));
    await load(20, 1, 30, () => agency.get('/api/v1/tasks?status=overdue&limit=50'));
    const overdue = await load(REQUESTS, 1, 120, () => agency.get('/api/v1/tasks?status=overdue&limit=50'));
    const overdueCount = ((await agency.get('/api/v1/tasks?status=overdue&limit=1')).body as { total: number }).total;
    rows.push({ figure: `tasks: seed ${TASKS.toLocaleString('en')} tasks, ${AGENCIES} agencies, ${REPORTS.toLocaleString('en')} reports`, database: label, value: `${seeded.seconds.toFixed(1)} s`, target: 'reported', ok: '-' });
    rows.push({ figure: `tasks: UBND Office board, first page (50 of ${total.toLocaleString('en')}), overdue first`, database: label, value: `p95 ${ms(board.p95)} ms (p50 ${ms(board.p50)}, n=${board.count})`, target: `p95 ≤ ${BOARD_TARGET} ms`, ok: board.p95 <= BOARD_TARGET && board.errors === 0 ? 'yes' : 'NO' });
    rows.push({ figure: `tasks: an agency's overdue list (${overdueCount} of its ${seeded.agencyTasks} tasks)`, database: label, value: `p95 ${ms(overdue.p95)} ms (p50 ${ms(overdue.p50)}, n=${overdue.count})`, target: `p95 ≤ ${OVERDUE_TARGET} ms`, ok: overdue.p95 <= OVERDUE_TARGET && overdue.errors === 0 ? 'yes' : 'NO' });
    if (board.errors || overdue.errors) rows.push({ figure: 'tasks: errors', database: label, value: `${board.firstError ?? overdue.firstError}`, target: 'none', ok: 'NO' });
  } finally {
    await server.stop();
    rss.stop();
    if (env.BENCH_KEEP !== '1') fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

export async function taskFigures(): Promise<Row[]> {
  return onEachDatabase('tasks', (label, [url]) => figuresFor(label, url ?? null));
}

runAlone(import.meta.url, taskFigures);
