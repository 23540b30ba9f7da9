import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { TaskTable } from '../../db/schema-indicators-tasks.js';
import { localDate } from '../../domain/numbering.js';
import { dueDayOn, periodOf, storedStatus, type TaskStatus } from '../../domain/tasks.js';

/**
 * What the board reads instead of computing every task's status (migration 027): each task's
 * kept status, overdue day and due day, and the number of tasks per (agency that sees them,
 * kept status, overdue day), changed in the transaction of every task change. Whoever writes
 * tasks without the service (the bench, a test seeding rows) calls refreshTaskStatus after.
 */

type Row = Pick<TaskTable, 'recurrence' | 'deadline' | 'created_day' | 'last_report_day' | 'done_day' | 'percent' | 'done_at' | 'accepted_at' | 'returned_at' | 'extension_asked' | 'created_at'>;

/** The kept columns of a task as its facts give them, on a day (the day only moves recurring due days). */
export function keptColumns(t: Row, today: string): { status_base: TaskStatus; overdue_from: string; due_day: string } {
  const s = storedStatus({
    deadline: t.deadline,
    recurrence: t.recurrence,
    createdDay: t.created_day ?? localDate(new Date(t.created_at)),
    lastReportDay: t.last_report_day,
    doneDay: t.done_day,
    percent: t.percent,
    declaredDone: !!t.done_at,
    accepted: !!t.accepted_at,
    returned: !!t.returned_at,
    extensionAsked: Number(t.extension_asked) === 1,
  });
  return { status_base: s.base, overdue_from: s.overdueFrom, due_day: dueDayOn(t.recurrence, t.deadline, !!(t.accepted_at && t.done_at), today) };
}

/** The agencies whose board shows the task (0: everyone's), sorted so that concurrent changes lock count rows in one order. */
async function scopesOf(db: Executor, taskId: number, assignedBy: number): Promise<number[]> {
  const orgs = await db.selectFrom('task_orgs').select('org_id').where('task_id', '=', taskId).execute();
  return [...new Set([0, assignedBy, ...orgs.map((o) => o.org_id)])].sort((a, b) => a - b);
}

async function bump(db: Executor, scopes: number[], status: TaskStatus, overdueFrom: string, delta: number) {
  await db
    .insertInto('task_status_counts')
    .values(scopes.map((org_id) => ({ org_id, status_base: status, overdue_from: overdueFrom, n: delta })))
    .onConflict((oc) => oc.columns(['org_id', 'status_base', 'overdue_from']).doUpdateSet({ n: sql`task_status_counts.n + excluded.n` }))
    .execute();
}

/**
 * Brings a task's kept columns and the counts up to date with its facts, inside the caller's
 * transaction. `created`: the row was just inserted and is counted for the first time.
 */
export async function keepTaskStatus(trx: Executor, taskId: number, now: Date, created = false): Promise<void> {
  const t = await trx.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
  const next = keptColumns(t, localDate(now));
  if (!created && next.status_base === t.status_base && next.overdue_from === t.overdue_from && next.due_day === t.due_day) return;
  await trx.updateTable('tasks').set(next).where('id', '=', taskId).execute();
  if (!created && next.status_base === t.status_base && next.overdue_from === t.overdue_from) return;
  const scopes = await scopesOf(trx, taskId, t.assigned_by_org_id);
  const moves = [...(created ? [] : [{ status: t.status_base, day: t.overdue_from, delta: -1 }]), { status: next.status_base, day: next.overdue_from, delta: 1 }];
  // Count rows are locked in one order (key, then agency) by every change, so two changes moving tasks opposite ways cannot deadlock.
  moves.sort((a, b) => `${a.status}|${a.day}`.localeCompare(`${b.status}|${b.day}`));
  for (const m of moves) await bump(trx, scopes, m.status, m.day, m.delta);
}

/** Counts again from the tasks' kept columns (after a bulk write). */
export async function rebuildTaskCounts(db: Executor): Promise<void> {
  await db.deleteFrom('task_status_counts').execute();
  await sql`INSERT INTO task_status_counts (org_id, status_base, overdue_from, n) SELECT 0, status_base, overdue_from, COUNT(*) FROM tasks GROUP BY status_base, overdue_from`.execute(db);
  await sql`INSERT INTO task_status_counts (org_id, status_base, overdue_from, n)
    SELECT v.org_id, t.status_base, t.overdue_from, COUNT(*) FROM (SELECT task_id, org_id FROM task_orgs UNION SELECT id, assigned_by_org_id FROM tasks) v JOIN tasks t ON t.id = v.task_id
    GROUP BY v.org_id, t.status_base, t.overdue_from`.execute(db);
}

/** Every task's kept columns from its facts, then the counts: for rows written without the service. */
export async function refreshTaskStatus(db: Executor, now: Date): Promise<void> {
  const today = localDate(now);
  await db.transaction().execute(async (trx) => {
    for (const t of await trx.selectFrom('tasks').selectAll().execute()) {
      const k = keptColumns(t, today);
      if (k.status_base !== t.status_base || k.overdue_from !== t.overdue_from || k.due_day !== t.due_day) await trx.updateTable('tasks').set(k).where('id', '=', t.id).execute();
    }
    await rebuildTaskCounts(trx);
    await trx.updateTable('task_due_period').set({ period_key: periodKey(today) }).where('id', '=', 1).execute();
  });
}

const RECURRING = ['monthly', 'quarterly', 'yearly'] as const;
const periodKey = (today: string) => RECURRING.map((r) => periodOf(today, r).end).join('|');

/**
 * A recurring task is due at the end of its current period, so its due day moves when a month,
 * quarter or year begins: the first board of a new period (or of an earlier one, when a test
 * clock goes back) moves them, once. Statuses do not depend on it (their overdue day is kept).
 */
export async function ensureDuePeriod(db: Executor, now: Date): Promise<void> {
  const today = localDate(now);
  const key = periodKey(today);
  const kept = await db.selectFrom('task_due_period').select('period_key').where('id', '=', 1).executeTakeFirst();
  if (kept?.period_key === key) return;
  await db.transaction().execute(async (trx) => {
    for (const r of RECURRING) {
      const end = periodOf(today, r).end;
      await trx.updateTable('tasks').set({ due_day: end }).where('recurrence', '=', r).where('status_base', 'not in', ['done_on_time', 'done_late']).where('due_day', '<>', end).execute();
    }
    await trx.updateTable('task_due_period').set({ period_key: key }).where('id', '=', 1).execute();
  });
}
