import type { Executor } from '../../db/connect.js';
import { formatDateVi } from '../../domain/numbering.js';
import { countsOnTrack, itemProgressStatus, PROGRESS_STATUS_LABELS } from '../../domain/plans.js';
import { percent, type DrillRecord, type IndicatorProvider, type ProviderValue } from '../indicator-providers.js';

/**
 * The items of approved plan versions that have started by `day` (a local date), dropped
 * items left out, with their status on that day. Shared by itemsOnTrack (month's last day)
 * and the monitoring provider (the period's cut-off day).
 */
export async function planItemsAt(db: Executor, day: string, orgIds?: readonly number[]) {
  let q = db
    .selectFrom('plan_items as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select(['i.id', 'i.plan_id', 'i.position', 'i.content', 'i.start_date', 'i.end_date', 'i.progress_status', 'p.agency_id', 'p.title'])
    .where('p.status', '=', 'approved')
    .where('p.effective_from', '<=', day)
    .where('i.start_date', '<=', day);
  if (orgIds) q = q.where('p.agency_id', 'in', orgIds.length ? orgIds : [0]);
  const rows = await q.orderBy('p.agency_id').orderBy('i.plan_id').orderBy('i.position').orderBy('i.id').execute();
  return rows
    .filter((r) => r.progress_status !== 'dropped')
    .map((r) => {
      const status = itemProgressStatus(r.progress_status, r.end_date, day);
      return { ...r, status, onTrack: countsOnTrack(status) };
    });
}

export const planItemsOnTrack: IndicatorProvider = {
  code: 'KH.DUNGTIENDO',
  module: 'plans',
  method: 'Nhiệm vụ của kế hoạch ứng dụng CNTT/chuyển đổi số đã phê duyệt, đã đến ngày bắt đầu (không tính nhiệm vụ dừng thực hiện), hoàn thành hoặc chưa quá ngày kết thúc tại ngày chốt số liệu ÷ tổng số nhiệm vụ đó.',
  async compute(db, w, orgIds) {
    const m = new Map<number, { n: number; k: number }>();
    for (const r of await planItemsAt(db, w.to, orgIds)) {
      const c = m.get(r.agency_id) ?? { n: 0, k: 0 };
      c.n++;
      if (r.onTrack) c.k++;
      m.set(r.agency_id, c);
    }
    return [...m].map(([orgId, c]): ProviderValue => ({ orgId, numerator: c.k, denominator: c.n, value: percent(c.k, c.n) }));
  },
  async records(db, w, orgId, limit) {
    return (await planItemsAt(db, w.to, [orgId])).slice(0, limit).map((r): DrillRecord => ({
      kind: 'plan_item',
      id: r.id,
      label: `${r.title} — ${r.position}. ${r.content.length > 200 ? `${r.content.slice(0, 200)}…` : r.content}`,
      at: r.end_date,
      counted: r.onTrack,
      note: `${PROGRESS_STATUS_LABELS[r.status].vi}; kết thúc ${formatDateVi(r.end_date)}`,
      link: `/plans/${r.plan_id}`,
    }));
  },
};

export const planIndicators: IndicatorProvider[] = [planItemsOnTrack];
