import type { Executor } from '../../db/connect.js';
import { monthEnd } from '../../domain/plans.js';
import { planItemsAt } from './indicators.js';

/**
 * What other modules may use of the plans module. Monitoring's indicator providers read
 * "plan items on track" (KH.DUNGTIENDO) through itemsOnTrack.
 */
export { getProgramme, programmeCovering } from './programme.js';
export { planIndicators, planItemsAt } from './indicators.js';
export { approvedPlanItems, planItemLinks, programmeTargetExists, type PlanItemLink, type PlanTargetLink } from './links.js';

/**
 * Per agency, for a month `YYYY-MM`: items of its approved plan versions that have started by
 * the month's end (dropped items left out), and how many of them are on track at that day —
 * done, or not past their end date (late is computed at the month's last day, local dates).
 */
export async function itemsOnTrack(db: Executor, month: string): Promise<{ agencyId: number; onTrack: number; total: number }[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`month "${month}" is not YYYY-MM`);
  const out = new Map<number, { agencyId: number; onTrack: number; total: number }>();
  for (const r of await planItemsAt(db, monthEnd(month))) {
    const a = out.get(r.agency_id) ?? { agencyId: r.agency_id, onTrack: 0, total: 0 };
    a.total++;
    if (r.onTrack) a.onTrack++;
    out.set(r.agency_id, a);
  }
  return [...out.values()].sort((a, b) => a.agencyId - b.agencyId);
}
