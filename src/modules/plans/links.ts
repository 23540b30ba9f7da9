import type { Executor } from '../../db/connect.js';

/**
 * What another module may point at in the plans: an item of an agency's approved plan and,
 * through it, the programme targets it serves. IT projects (issue 16) link to them.
 */

export type PlanItemLink = {
  id: number;
  planId: number;
  planTitle: string;
  /** Stored status of the item's plan version: `approved`, or `superseded` once adjusted. */
  planStatus: string;
  planYearFrom: number;
  planYearTo: number;
  agencyId: number;
  position: number;
  content: string;
  targets: PlanTargetLink[];
};

export type PlanTargetLink = {
  id: number;
  programmeId: number;
  indicatorCode: string;
  title: string;
};

type ItemJoin = { id: number; plan_id: number; position: number; content: string; target_ids: string; title: string; status: string; year_from: number; year_to: number; agency_id: number };

async function withTargets(db: Executor, rows: ItemJoin[]): Promise<PlanItemLink[]> {
  const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.target_ids) as number[]))];
  const targets = new Map<number, PlanTargetLink>();
  for (let i = 0; i < ids.length; i += 500) {
    const found = await db.selectFrom('programme_targets').select(['id', 'programme_id', 'indicator_code', 'title']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const t of found) targets.set(t.id, { id: t.id, programmeId: t.programme_id, indicatorCode: t.indicator_code, title: t.title });
  }
  return rows.map((r) => ({
    id: r.id,
    planId: r.plan_id,
    planTitle: r.title,
    planStatus: r.status,
    planYearFrom: r.year_from,
    planYearTo: r.year_to,
    agencyId: r.agency_id,
    position: r.position,
    content: r.content,
    targets: (JSON.parse(r.target_ids) as number[]).map((id) => targets.get(id)).filter((t): t is PlanTargetLink => t !== undefined),
  }));
}

const itemJoin = (db: Executor) =>
  db
    .selectFrom('plan_items as i')
    .innerJoin('plans as p', 'p.id', 'i.plan_id')
    .select(['i.id', 'i.plan_id', 'i.position', 'i.content', 'i.target_ids', 'p.title', 'p.status', 'p.year_from', 'p.year_to', 'p.agency_id']);

/** Plan items by id (any status: the caller decides what fits), with their targets. */
export async function planItemLinks(db: Executor, ids: readonly number[]): Promise<Map<number, PlanItemLink>> {
  const list = [...new Set(ids)];
  if (!list.length) return new Map();
  const rows = await itemJoin(db).where('i.id', 'in', list).execute();
  return new Map((await withTargets(db, rows)).map((l) => [l.id, l]));
}

/** The items of an agency's approved (in force or not yet effective) plan versions, in plan and item order. */
export async function approvedPlanItems(db: Executor, agencyId: number): Promise<PlanItemLink[]> {
  const rows = await itemJoin(db).where('p.agency_id', '=', agencyId).where('p.status', '=', 'approved').orderBy('p.year_from', 'desc').orderBy('p.id', 'desc').orderBy('i.position').limit(1000).execute();
  return withTargets(db, rows);
}

/** A programme target, for a link that names it. */
export async function programmeTargetExists(db: Executor, id: number): Promise<boolean> {
  return !!(await db.selectFrom('programme_targets').select('id').where('id', '=', id).executeTakeFirst());
}
