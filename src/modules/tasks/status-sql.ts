import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Database } from '../../db/schema.js';
import { NEVER, OVERDUE_CAN_OVERRIDE, type TaskStatus } from '../../domain/tasks.js';

/**
 * domain/tasks.ts statusOn written as SQL over the columns status-store.ts keeps (the status
 * while not overdue, the first overdue day, the due day), for a given Vietnamese day: the
 * board filters and pages in the database with index ranges. The test "status in SQL equals
 * the domain rule" holds it to taskStatus.
 */
export function statusSql(today: string, alias = 't') {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  const overridden = sql.join(OVERDUE_CAN_OVERRIDE.map((s) => sql.lit(s)));
  return {
    status: sql<TaskStatus>`CASE WHEN ${c('status_base')} IN (${overridden}) AND ${c('overdue_from')} <= ${today} THEN 'overdue' ELSE ${c('status_base')} END`,
    overdue: sql<number>`CASE WHEN ${c('overdue_from')} <= ${today} THEN 1 ELSE 0 END`,
    due: sql<string | null>`NULLIF(${c('due_day')}, ${NEVER})`,
  };
}

type Eb = ExpressionBuilder<Database & { t: Database['tasks'] }, 't'>;

/** The tasks showing a status on a day. */
export function hasStatus(eb: Eb, status: TaskStatus, today: string): Expression<SqlBool> {
  if (status === 'overdue') return eb.and([eb('t.status_base', 'in', [...OVERDUE_CAN_OVERRIDE]), eb('t.overdue_from', '<=', today)]);
  if (OVERDUE_CAN_OVERRIDE.includes(status)) return eb.and([eb('t.status_base', '=', status), eb('t.overdue_from', '>', today)]);
  return eb('t.status_base', '=', status);
}
