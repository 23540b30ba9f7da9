import type { Executor } from '../../db/connect.js';
import { num } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import { formatDateVi } from '../../domain/numbering.js';
import type { DrillRecord, IndicatorProvider } from '../indicator-providers.js';

/**
 * Directive tasks overdue at the period's end, counted for their lead agency: dated tasks
 * given before the end whose deadline day had passed and that were not declared done before
 * it (src/domain/tasks.ts: a task declared done is no longer overdue). Recurring tasks are
 * left to the task screens.
 */
const overdueAtEnd = (db: Executor, w: PeriodWindow, orgIds?: readonly number[]) =>
  db
    .selectFrom('tasks as t')
    .$if(!!orgIds, (q) => q.where('t.lead_org_id', 'in', orgIds!.length ? orgIds! : [0]))
    .where('t.recurrence', '=', 'none')
    .where('t.deadline', 'is not', null)
    .where('t.deadline', '<=', w.to)
    .where('t.created_at', '<', w.endIso)
    .where((eb) => eb.or([eb('t.done_at', 'is', null), eb('t.done_at', '>=', w.endIso)]));

export const tasksOverdue: IndicatorProvider = {
  code: 'NV.QUAHAN',
  module: 'tasks',
  method: 'Nhiệm vụ UBND tỉnh giao (có hạn) mà cơ quan chủ trì chưa báo cáo hoàn thành khi hết ngày chốt số liệu, hạn đã qua.',
  async compute(db, w, orgIds) {
    const rows = await overdueAtEnd(db, w, orgIds)
      .select(['t.lead_org_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('t.lead_org_id')
      .execute();
    return rows.map((r) => ({ orgId: r.lead_org_id, numerator: num(r.n), denominator: null, value: num(r.n) }));
  },
  async records(db, w, orgId, limit) {
    const rows = await overdueAtEnd(db, w)
      .innerJoin('documents as d', 'd.id', 't.document_id')
      .where('t.lead_org_id', '=', orgId)
      .select(['t.id', 't.content', 't.point_ref', 't.deadline', 'd.symbol'])
      .orderBy('t.deadline')
      .orderBy('t.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => ({
      kind: 'task',
      id: r.id,
      label: `${r.symbol ?? ''}${r.point_ref ? ` ${r.point_ref}` : ''} — ${r.content.length > 200 ? `${r.content.slice(0, 200)}…` : r.content}`,
      at: r.deadline,
      counted: true,
      note: `hạn ${formatDateVi(r.deadline)}`,
      link: `/tasks/${r.id}`,
    }));
  },
};

export const taskIndicators: IndicatorProvider[] = [tasksOverdue];
