import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { getOrg } from '../directory/repo.js';

/**
 * Who sees and does what on a plan. An agency sees its own plans; the provincial IT
 * department (it_officer) and the UBND Office (task_officer) see every plan, as do province
 * administrators and the leaders of the People's Committee and of its Office (read-only: they
 * neither write, review nor approve another agency's plan); anyone else gets 404, so ids
 * reveal nothing.
 *
 * - The agency's specialists and leaders write the plan and submit it (planners).
 * - The IT department's officers review: comment item by item, ask a revision or agree.
 * - The agency's head approves its plan by a decision (Decree 64/2007 art. 9: the head of the
 *   agency approves after the IT department's opinion), so approving needs the leader role
 *   of the plan's agency: a specialist cannot approve.
 */
export const seesAllPlans = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'it_officer', 'task_officer');

/** The People's Committee and its Office by their codes in the national catalogue of agencies (QCVN 102:2016): 000.00.00.Hxx and 000.00.01.Hxx. */
const PROVINCE_LEADERSHIP_CODE = /^000\.00\.0[01]\.[A-Z]\d{2}$/;

/** Sees every agency's plan: the roles above, or a leader of the People's Committee or of its Office. */
export async function readsAllPlans(db: Executor, actor: Actor): Promise<boolean> {
  if (seesAllPlans(actor)) return true;
  if (!hasRole(actor, 'leader')) return false;
  const org = await getOrg(db, actor.agencyId);
  return !!org?.code && PROVINCE_LEADERSHIP_CODE.test(org.code);
}

export const isPlanner = (actor: Actor, agencyId: number) => actor.agencyId === agencyId && hasRole(actor, 'leader', 'specialist');
export const isReviewer = (actor: Actor, itOrgId: number) => actor.agencyId === itOrgId && hasRole(actor, 'it_officer');
export const isApprover = (actor: Actor, agencyId: number) => actor.agencyId === agencyId && hasRole(actor, 'leader');

export function assertPlanner(actor: Actor, agencyId: number) {
  if (!isPlanner(actor, agencyId)) throw forbidden('Chỉ lãnh đạo, chuyên viên của cơ quan lập kế hoạch được làm việc này.', "Only the agency's leaders and specialists work on its plan.");
}
export function assertReviewer(actor: Actor, itOrgId: number) {
  if (!isReviewer(actor, itOrgId)) throw forbidden('Chỉ cán bộ quản lý CNTT của Sở KH&CN thẩm định kế hoạch.', "Only the IT department's officers review plans.");
}
export function assertApprover(actor: Actor, agencyId: number) {
  if (!isApprover(actor, agencyId)) throw forbidden('Chỉ lãnh đạo cơ quan phê duyệt kế hoạch (chuyên viên không phê duyệt).', "Only the agency's leader approves its plan (a specialist cannot).");
}

/** The plan version, or 404 when the actor may not see it. */
export async function loadVisiblePlan(db: Executor, actor: Actor, id: number) {
  const plan = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!plan || (plan.agency_id !== actor.agencyId && !(await readsAllPlans(db, actor)))) throw notFound('plan');
  return plan;
}

export async function loadVisibleItem(db: Executor, actor: Actor, itemId: number) {
  const item = await db.selectFrom('plan_items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item) throw notFound('plan item');
  const plan = await loadVisiblePlan(db, actor, item.plan_id);
  return { item, plan };
}
