import type { AppContext, Actor } from '../context.js';
import { invalid } from '../../domain/errors.js';
import { validBands } from '../../domain/monitoring.js';
import { appendAudit } from '../audit/service.js';
import { assertItOfficer } from './access.js';
import { loadSettings } from './periods.js';

export interface SettingsInput {
  cutoffDay?: number;
  submitWorkingDays?: number;
  bands?: unknown;
  publicCodes?: string[];
  ubndOrgId?: number | null;
  officeOrgId?: number | null;
}

export async function getSettings(ctx: AppContext) {
  return loadSettings(ctx.db.kysely);
}

/**
 * The IT department's settings of monthly monitoring: the cut-off day and the deadline (new
 * periods take them; opened ones keep theirs), the band thresholds, the indicators published
 * on the portal, the People's Committee and its Office that receive the province report.
 */
export async function updateSettings(ctx: AppContext, actor: Actor, input: SettingsInput) {
  assertItOfficer(actor);
  const db = ctx.db.kysely;
  const current = await loadSettings(db);
  const cutoffDay = input.cutoffDay ?? current.cutoffDay;
  if (!Number.isInteger(cutoffDay) || cutoffDay < 1 || cutoffDay > 28) throw invalid('cutoffDay', 'Ngày chốt số liệu từ 1 đến 28.', 'The cut-off day is 1 to 28.');
  const submitWorkingDays = input.submitWorkingDays ?? current.submitWorkingDays;
  if (!Number.isInteger(submitWorkingDays) || submitWorkingDays < 0 || submitWorkingDays > 30) throw invalid('submitWorkingDays', 'Số ngày làm việc để gửi báo cáo từ 0 đến 30.', 'Working days to send are 0 to 30.');
  const bands = input.bands === undefined ? current.bands : validBands(input.bands);
  let publicCodes = current.publicCodes;
  if (input.publicCodes) {
    const known = new Set((await db.selectFrom('indicators').select('code').execute()).map((r) => r.code));
    const unknown = input.publicCodes.filter((c) => !known.has(c));
    if (unknown.length) throw invalid('publicCodes', `Không có trong danh mục chỉ tiêu: ${unknown.join(', ')}.`, `Not in the catalogue: ${unknown.join(', ')}.`);
    publicCodes = [...new Set(input.publicCodes)];
  }
  const org = async (id: number | null | undefined, field: string, fallback: number | null) => {
    if (id === undefined) return fallback;
    if (id === null) return null;
    const o = await db.selectFrom('organizations').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
    if (!o || o.kind !== 'agency') throw invalid(field, 'Cơ quan nhận báo cáo không có trong danh bạ.', 'The receiving agency is not in the directory.');
    return o.id;
  };
  const ubndOrgId = await org(input.ubndOrgId, 'ubndOrgId', current.ubndOrgId);
  const officeOrgId = await org(input.officeOrgId, 'officeOrgId', current.officeOrgId);
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('monitoring_settings')
      .set({ cutoff_day: cutoffDay, submit_working_days: submitWorkingDays, bands: JSON.stringify(bands), public_codes: JSON.stringify(publicCodes), ubnd_org_id: ubndOrgId, office_org_id: officeOrgId, updated_at: at })
      .where('id', '=', 1)
      .execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'monitoring.settings', entityType: 'monitoring_settings', entityId: 1, data: { cutoffDay, submitWorkingDays, bands, publicCodes, ubndOrgId, officeOrgId } });
  });
  return loadSettings(db);
}
