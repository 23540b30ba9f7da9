import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden } from '../../domain/errors.js';

/**
 * Who does what with the legal library, its campaigns and the internal regulations. The
 * provincial IT department (it_officer) and the province administrators keep the library,
 * run campaigns and see every agency; any signed-in user reads the library; an agency's
 * leaders, specialists and clerks report on its campaigns and record its regulations.
 */
export const keepsLibrary = (actor: Actor) => actor.isProvinceAdmin || hasRole(actor, 'it_officer');

export function assertKeepsLibrary(actor: Actor) {
  if (!keepsLibrary(actor)) {
    throw forbidden('Chỉ cán bộ quản lý CNTT của tỉnh (Sở KH&CN) cập nhật thư viện văn bản và đợt phổ biến.', 'Only the provincial IT department keeps the legal library and its campaigns.');
  }
}

/** Acting for the agency: its leaders, specialists and clerks. */
export const actsForAgency = (actor: Actor, orgId: number) => actor.agencyId === orgId && hasRole(actor, 'leader', 'specialist', 'clerk', 'admin');
