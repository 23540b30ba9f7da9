import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';

/**
 * Who sees and does what on IT projects and budgets (issue 16):
 * - the investing agency (chủ đầu tư), its leaders and specialists: register its projects,
 *   record stages with their decision documents, set and re-set the baseline, report the
 *   milestones' progress and the disbursements, ask for appraisals;
 * - the managing agency reads its projects;
 * - Finance (`finance_officer`, Sở Tài chính): capital plans and their adjustments, the
 *   recurrent budget's allocation and settlement, capital appraisals; sees the province;
 * - the IT department (`it_officer`, Sở KH&CN): the CIO's risk rating, technical appraisals;
 *   sees the province;
 * - everyone else: the public portal only; a project not theirs answers 404.
 */
export const seesAllProjects = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'finance_officer', 'it_officer');
export const isFinance = (actor: Actor) => hasRole(actor, 'finance_officer');
export const isCio = (actor: Actor) => hasRole(actor, 'it_officer');

export interface ProjectRef {
  id: number;
  investing_org_id: number;
  managing_org_id: number | null;
}

/** The investing agency's officers: they keep the project's progress. */
export const editsProgress = (actor: Actor, p: ProjectRef) => actor.agencyId === p.investing_org_id && hasRole(actor, 'leader', 'specialist');

export async function loadVisibleProject(db: Executor, actor: Actor, id: number) {
  const p = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('project');
  if (!seesAllProjects(actor) && actor.agencyId !== p.investing_org_id && actor.agencyId !== p.managing_org_id) throw notFound('project');
  return p;
}

export function assertProgress(actor: Actor, p: ProjectRef) {
  if (!editsProgress(actor, p)) throw forbidden('Chỉ lãnh đạo, chuyên viên của chủ đầu tư cập nhật dự án này.', "Only the investing agency's leaders and specialists update this project.");
}
export function assertFinance(actor: Actor) {
  if (!isFinance(actor)) throw forbidden('Chỉ cán bộ quản lý vốn của Sở Tài chính thực hiện việc này.', 'Only Finance officers do this.');
}
export function assertCio(actor: Actor) {
  if (!isCio(actor)) throw forbidden('Chỉ Sở KH&CN (quản lý CNTT tỉnh) đánh giá rủi ro dự án.', 'Only the provincial IT department rates projects.');
}
/** Registering a project: the investing agency for itself, or Finance for any agency. */
export function assertMayRegister(actor: Actor, investingOrgId: number) {
  if (isFinance(actor)) return;
  if (actor.agencyId === investingOrgId && hasRole(actor, 'leader', 'specialist')) return;
  throw forbidden('Chỉ chủ đầu tư (lãnh đạo, chuyên viên) hoặc Sở Tài chính đăng ký dự án.', 'Only the investing agency or Finance registers a project.');
}
