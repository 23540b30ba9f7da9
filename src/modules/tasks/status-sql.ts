import { sql, type RawBuilder } from 'kysely';
import { localDate } from '../../domain/numbering.js';
import { periodOf } from '../../domain/tasks.js';

/**
 * The status rule of domain/tasks.ts (taskStatus) written as SQL over the columns the service
 * keeps (deadline, recurrence, percent, the Vietnamese days of creation, last report and
 * declared completion, accepted/returned timestamps, extension_asked), for a given day: the
 * board counts, filters and pages in the database. The periods of recurring tasks come from
 * domain/tasks.ts periodOf, computed once for "today" and passed as parameters. The test
 * "status in SQL equals the domain rule" holds the two together.
 */
export interface StatusSql {
  status: RawBuilder<string>;
  overdue: RawBuilder<number>;
  due: RawBuilder<string | null>;
}

export function statusSql(now: Date, alias = 't'): StatusSql {
  const today = localDate(now);
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  const per = (r: 'monthly' | 'quarterly' | 'yearly') => ({ cur: periodOf(today, r), prev: periodOf(today, r, 1) });
  const m = per('monthly');
  const q = per('quarterly');
  const y = per('yearly');
  const owed = (r: string, p: { cur: { start: string }; prev: { start: string } }) =>
    sql`(${c('recurrence')} = ${r} AND ${c('created_day')} < ${p.cur.start} AND (${c('last_report_day')} IS NULL OR ${c('last_report_day')} < ${p.prev.start}))`;
  // overdueOn(): a dated task from the day after its deadline; a recurring one when a whole period passed without a report.
  const late = sql`((${c('recurrence')} = 'none' AND ${c('deadline')} IS NOT NULL AND ${c('deadline')} < ${today}) OR ${owed('monthly', m)} OR ${owed('quarterly', q)} OR ${owed('yearly', y)})`;
  const accepted = sql`(${c('accepted_at')} IS NOT NULL AND ${c('done_at')} IS NOT NULL)`;
  const status = sql<string>`CASE
    WHEN ${accepted} THEN CASE WHEN ${c('recurrence')} = 'none' AND ${c('deadline')} IS NOT NULL AND ${c('done_day')} > ${c('deadline')} THEN 'done_late' ELSE 'done_on_time' END
    WHEN ${c('done_at')} IS NOT NULL THEN 'awaiting_acceptance'
    WHEN ${c('extension_asked')} = 1 THEN 'extension_asked'
    WHEN ${c('returned_at')} IS NOT NULL THEN 'returned'
    WHEN ${late} THEN 'overdue'
    WHEN ${c('percent')} > 0 OR ${c('last_report_at')} IS NOT NULL THEN 'in_progress'
    ELSE 'not_started' END`;
  const overdue = sql<number>`CASE WHEN ${c('done_at')} IS NOT NULL THEN 0 WHEN ${late} THEN 1 ELSE 0 END`;
  const due = sql<string | null>`CASE
    WHEN ${accepted} THEN ${c('deadline')}
    WHEN ${c('recurrence')} = 'none' THEN ${c('deadline')}
    WHEN ${c('recurrence')} = 'monthly' THEN ${m.cur.end}
    WHEN ${c('recurrence')} = 'quarterly' THEN ${q.cur.end}
    WHEN ${c('recurrence')} = 'yearly' THEN ${y.cur.end}
    ELSE NULL END`;
  return { status, overdue, due };
}
