import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';

/**
 * Who sees what of monthly monitoring. The provincial IT department (it_officer), province
 * administrators and the leaders of the People's Committee and its Office see every agency;
 * an agency sees its own report, values and records; its leaders and specialists write and
 * send its report (as they report on tasks), no new role needed.
 */
export interface Recipients {
  ubndOrgId: number | null;
  officeOrgId: number | null;
}

export const isItOfficer = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'it_officer');

export const seesAllAgencies = (actor: Actor, r: Recipients) =>
  isItOfficer(actor) || (hasRole(actor, 'leader', 'task_officer') && (actor.agencyId === r.ubndOrgId || actor.agencyId === r.officeOrgId));

/** 404 for an agency the actor may not see: ids reveal nothing. */
export function assertSeesAgency(actor: Actor, r: Recipients, orgId: number) {
  if (orgId !== actor.agencyId && !seesAllAgencies(actor, r)) throw notFound('report');
}

export const reportsFor = (actor: Actor, orgId: number) => actor.agencyId === orgId && hasRole(actor, 'leader', 'specialist');

export function assertReporter(actor: Actor, orgId: number) {
  if (!reportsFor(actor, orgId)) throw forbidden('Chỉ lãnh đạo, chuyên viên của cơ quan soạn và gửi báo cáo tháng của cơ quan.', "Only the agency's leaders and specialists write and send its monthly report.");
}

export function assertItOfficer(actor: Actor) {
  if (!isItOfficer(actor)) throw forbidden('Việc này do Sở Khoa học và Công nghệ (vai trò Quản lý CNTT tỉnh) thực hiện.', 'The provincial IT department (role it_officer) does this.');
}
