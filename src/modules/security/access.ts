import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden } from '../../domain/errors.js';

/**
 * Who sees and does what in information security.
 *
 * Incidents are need to know: the reporting agency's security officers, the provincial
 * incident response team, the Police's cyber-security unit and the province administrators.
 * Anyone else — another agency, a specialist of the reporting agency without the security
 * role, an anonymous caller — gets 404, so an id reveals nothing. Nothing of it is on the portal.
 */
export interface Viewer {
  agencyId: number;
  roles: readonly string[];
  isProvinceAdmin: boolean;
}

const holds = (v: Viewer, ...roles: string[]) => roles.some((r) => v.roles.includes(r));

/** The incident team, the Police unit and province administrators: every incident. */
export const seesAllIncidents = (v: Viewer) => v.isProvinceAdmin || holds(v, 'incident_responder', 'police_cyber');

/** Need to know, for an incident of `orgId` (also used by the live event feed). */
export const mayReadIncident = (v: Viewer, orgId: number) => seesAllIncidents(v) || (holds(v, 'security_officer') && v.agencyId === orgId);

/** The incident team and the Police unit move an incident along (acknowledge, resolve). */
export const isResponder = (a: Actor) => a.isProvinceAdmin || hasRole(a, 'incident_responder', 'police_cyber');

export function assertResponder(a: Actor) {
  if (!isResponder(a)) throw forbidden('Chỉ đội ứng cứu sự cố hoặc đơn vị an ninh mạng của Công an tỉnh thực hiện bước này.', 'Only the incident response team or the Police cyber-security unit does this step.');
}

/** An agency's security officer reports an incident; the incident team may report for an agency. */
export function assertMayReport(a: Actor) {
  if (!a.isProvinceAdmin && !hasRole(a, 'security_officer', 'incident_responder')) {
    throw forbidden('Chỉ cán bộ an toàn thông tin của cơ quan báo cáo sự cố.', "Only the agency's security officer reports an incident.");
  }
}

/** The systems register: every system for the IT department, the incident team, the Police; an agency its own. */
export const seesAllSystems = (a: Actor) => a.isProvinceAdmin || hasRole(a, 'incident_responder', 'police_cyber', 'it_officer', 'inspector');

export const mayEditSystemsOf = (a: Actor, orgId: number) => a.isProvinceAdmin || hasRole(a, 'it_officer', 'incident_responder') || (hasRole(a, 'security_officer') && a.agencyId === orgId);

/** Inspections: plans and conclusions by the inspectors; every inspection seen by them, the incident team, the Police. */
export const isInspector = (a: Actor) => a.isProvinceAdmin || hasRole(a, 'inspector');
export const seesAllInspections = (a: Actor) => a.isProvinceAdmin || hasRole(a, 'inspector', 'police_cyber', 'incident_responder', 'it_officer');

export function assertInspector(a: Actor) {
  if (!isInspector(a)) throw forbidden('Chỉ cán bộ kiểm tra an toàn thông tin thực hiện việc này.', 'Only security inspectors do this.');
}

/** The inspected agency answers its recommendations: its security officers and leaders. */
export const answersFor = (a: Actor, orgId: number) => a.agencyId === orgId && hasRole(a, 'security_officer', 'leader');
