import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';

/**
 * Who sees and does what on a task. The UBND Office's task officers, the provincial IT
 * department and the province administrators see every task; an agency sees the tasks it
 * leads or co-operates on, and those it assigned; anyone else gets 404, so ids reveal nothing.
 */
export const seesAllTasks = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'task_officer', 'it_officer');

export const mayCreateTasks = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'task_officer');

export function assertMayCreate(actor: Actor) {
  if (!mayCreateTasks(actor)) {
    throw forbidden('Chỉ cán bộ theo dõi nhiệm vụ của Văn phòng UBND (hoặc quản trị tỉnh) giao nhiệm vụ.', 'Only the UBND Office task officers (or province administrators) assign tasks.');
  }
}

export interface TaskRef {
  id: number;
  assigned_by_org_id: number;
  lead_org_id: number;
}

/** The task with the actor's place on it, or 404 when the actor may not see it. */
export async function loadVisibleTask(db: Executor, actor: Actor, id: number) {
  const task = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!task) throw notFound('task');
  const mine = await db.selectFrom('task_orgs').select('role').where('task_id', '=', id).where('org_id', '=', actor.agencyId).executeTakeFirst();
  if (!mine && !seesAllTasks(actor) && task.assigned_by_org_id !== actor.agencyId) throw notFound('task');
  return { task, myRole: (mine?.role ?? null) as 'lead' | 'cooperate' | null };
}

/** The office that assigned the task decides on it: its task officers, or a province administrator. */
export const isAssigner = (actor: Actor, t: TaskRef) => actor.isProvinceAdmin || (hasRole(actor, 'task_officer') && actor.agencyId === t.assigned_by_org_id);

/** Reporting for an agency is done by its leaders and specialists. */
export const worksFor = (actor: Actor, orgId: number) => actor.agencyId === orgId && hasRole(actor, 'leader', 'specialist', 'task_officer');

export function assertAssigner(actor: Actor, t: TaskRef) {
  if (!isAssigner(actor, t)) {
    throw forbidden('Chỉ cơ quan giao nhiệm vụ (cán bộ theo dõi nhiệm vụ) mới quyết định việc này.', 'Only the assigning office (its task officers) decides this.');
  }
}

export function assertLead(actor: Actor, t: TaskRef) {
  if (!worksFor(actor, t.lead_org_id)) {
    throw forbidden('Chỉ lãnh đạo, chuyên viên của cơ quan chủ trì báo cáo nhiệm vụ này.', "Only the lead agency's leaders and specialists report on this task.");
  }
}
