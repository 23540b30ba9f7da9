import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { Actor } from '../context.js';
import { hasRole } from '../context.js';
import { forbidden } from '../../domain/errors.js';
import { subtreeIds } from '../directory/repo.js';

/**
 * Who manages an organisation's public pages: the province administrators for every
 * organisation; otherwise a clerk, leader or administrator of the agency, for the agency
 * and its units.
 */
export async function mayManage(db: Executor, actor: Actor, orgId: number): Promise<boolean> {
  if (actor.isProvinceAdmin) return true;
  if (!hasRole(actor, 'admin', 'clerk', 'leader')) return false;
  if (orgId === actor.agencyId) return true;
  return (await subtreeIds(db, actor.agencyId)).includes(orgId);
}

export async function assertManages(db: Executor, actor: Actor, orgId: number): Promise<void> {
  if (!(await mayManage(db, actor, orgId))) {
    throw forbidden('Bạn chỉ quản lý trang thông tin của cơ quan mình (vai trò văn thư, lãnh đạo hoặc quản trị).', "You manage only your own agency's public pages (clerk, leader or administrator).");
  }
}

/**
 * Records, inside the change's transaction, that these organisations' pages changed now
 * (their "last updated") and that every server's page cache must be refreshed.
 */
export async function touchPages(trx: Executor, orgIds: Iterable<number>, at: string): Promise<void> {
  for (const orgId of new Set(orgIds)) {
    await trx
      .insertInto('agency_profiles')
      .values({ org_id: orgId, name_en: null, functions_vi: null, functions_en: null, fax: null, content_updated_at: at, updated_at: at })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ content_updated_at: at }))
      .execute();
  }
  await trx.updateTable('portal_state').set({ version: sql`version + 1` }).where('id', '=', 1).execute();
}
