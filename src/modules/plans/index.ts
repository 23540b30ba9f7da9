import type { Executor } from '../../db/connect.js';
import { countsOnTrack, itemProgressStatus, monthEnd } from '../../domain/plans.js';

/**
 * What other modules may use of the plans module. Monitoring's indicator providers read
 * "plan items on track" (KH.DUNGTIENDO) through itemsOnTrack.
 */
export { getProgramme, programmeCovering } from './programme.js';

/**
 * Per agency, for a month `YYYY-MM`: items of its approved plan versions that have started by
 * the month's end (dropped items left out), and how many of them are on track at that day —
 * done, or not past their end date (late is computed at the month's last day, local dates).
 */
export async function itemsOnTrack(db: Executor, month: string): Promise<{ agencyId: number; onTrack: number; total: number }[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`month "${month}" is not YYYY-MM`);
  const day = monthEnd(month);
  const rows = await db
    .selectFrom('plan_items as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select(['p.agency_id', 'i.end_date', 'i.progress_status'])
    .where('p.status', '=', 'approved')
    .where('p.effective_from', '<=', day)
    .where('i.start_date', '<=', day)
    .execute();
  const out = new Map<number, { agencyId: number; onTrack: number; total: number }>();
  for (const r of rows) {
    if (r.progress_status === 'dropped') continue;
    const a = out.get(r.agency_id) ?? { agencyId: r.agency_id, onTrack: 0, total: 0 };
    a.total++;
    if (countsOnTrack(itemProgressStatus(r.progress_status, r.end_date, day))) a.onTrack++;
    out.set(r.agency_id, a);
  }
  return [...out.values()].sort((a, b) => a.agencyId - b.agencyId);
}
