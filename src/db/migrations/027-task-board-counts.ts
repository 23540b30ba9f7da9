import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { localDate } from '../../domain/numbering.js';
import { NEVER, dueDayOn, storedStatus, type Recurrence } from '../../domain/tasks.js';

/**
 * The task board without a scan (issue 15's figures): each task keeps its status as long as
 * it is not overdue, the day it becomes overdue and the day the board sorts it by; the number
 * of tasks per (agency that sees them, status, overdue day) is kept in the same transaction as
 * every change (org_id 0: every task), so "overdue today" is a sum over a few hundred rows.
 * The due day of recurring tasks moves with their period: task_due_period holds the periods it
 * was computed for, and the first board of a new period moves it (tasks/status-store.ts).
 */
export async function up(db: Kysely<any>, _dialect: DialectName): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('status_base', 'text', (c) => c.notNull().defaultTo('not_started')).execute();
  await db.schema.alterTable('tasks').addColumn('overdue_from', 'text', (c) => c.notNull().defaultTo(NEVER)).execute();
  await db.schema.alterTable('tasks').addColumn('due_day', 'text', (c) => c.notNull().defaultTo(NEVER)).execute();
  const today = localDate(new Date());
  const day = (iso: string | null) => (iso ? localDate(new Date(iso)) : null);
  for (const t of await db.selectFrom('tasks').selectAll().execute()) {
    const s = storedStatus({
      deadline: t.deadline, recurrence: t.recurrence as Recurrence, createdDay: t.created_day ?? day(t.created_at)!, lastReportDay: t.last_report_day ?? day(t.last_report_at), doneDay: t.done_day ?? day(t.done_at),
      percent: t.percent, declaredDone: !!t.done_at, accepted: !!t.accepted_at, returned: !!t.returned_at, extensionAsked: Number(t.extension_asked) === 1,
    });
    const due = dueDayOn(t.recurrence, t.deadline, !!(t.accepted_at && t.done_at), today);
    await db.updateTable('tasks').set({ status_base: s.base, overdue_from: s.overdueFrom, due_day: due }).where('id', '=', t.id).execute();
  }
  await db.schema.createIndex('tasks_board_due').on('tasks').columns(['due_day', 'id']).execute();
  await db.schema.createIndex('tasks_board_status').on('tasks').columns(['status_base', 'due_day', 'id']).execute();
  await db.schema.createIndex('tasks_board_overdue').on('tasks').columns(['overdue_from', 'due_day', 'id']).execute();

  await db.schema
    .createTable('task_status_counts')
    .addColumn('org_id', 'integer', (c) => c.notNull()) // 0: every task; else the tasks the agency leads, co-operates on or assigned
    .addColumn('status_base', 'text', (c) => c.notNull())
    .addColumn('overdue_from', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_status_counts_pk', ['org_id', 'status_base', 'overdue_from'])
    .execute();
  await sql`INSERT INTO task_status_counts (org_id, status_base, overdue_from, n) SELECT 0, status_base, overdue_from, COUNT(*) FROM tasks GROUP BY status_base, overdue_from`.execute(db);
  await sql`INSERT INTO task_status_counts (org_id, status_base, overdue_from, n)
    SELECT v.org_id, t.status_base, t.overdue_from, COUNT(*) FROM (SELECT task_id, org_id FROM task_orgs UNION SELECT id, assigned_by_org_id FROM tasks) v JOIN tasks t ON t.id = v.task_id
    GROUP BY v.org_id, t.status_base, t.overdue_from`.execute(db);

  await db.schema
    .createTable('task_due_period')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('task_due_period').values({ id: 1, period_key: '' }).execute();
}
