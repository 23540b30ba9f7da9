import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { forbidden, invalid, notFound } from '../../domain/errors.js';
import { optionalDate, optionalText, oneOf, requiredText } from '../../domain/validate.js';
import { DOSSIER_STATES, HOSTINGS, SECURITY_LEVELS, type DossierState, type Hosting } from '../../domain/security.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { mayEditSystemsOf, seesAllSystems } from './access.js';
import { linkedDocument, pickDocument, type DocumentRef } from './documents-ref.js';
import { activeSystems, insertSystem, systemRow, systemRows, updateSystemRow, type SystemRow } from './systems-repo.js';

/** The register of information systems (danh mục hệ thống thông tin) with their security level. */

export type SystemView = {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  operator: string | null;
  purpose: string | null;
  hosting: Hosting;
  peopleInCharge: string | null;
  level: number;
  dossierState: DossierState;
  approvalDocument: DocumentRef | null;
  monitoring: boolean;
  antimalwarePercent: number;
  lastRiskAssessment: string | null;
  active: boolean;
  updatedAt: string;
  canEdit: boolean;
};

type Row = SystemRow;

async function view(db: Executor, actor: Actor, r: Row): Promise<SystemView> {
  return {
    id: r.id,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    operator: r.operator,
    purpose: r.purpose,
    hosting: r.hosting,
    peopleInCharge: r.people_in_charge,
    level: Number(r.level),
    dossierState: r.dossier_state,
    approvalDocument: await linkedDocument(db, actor, r.approval_document_id),
    monitoring: Number(r.monitoring) === 1,
    antimalwarePercent: Number(r.antimalware_percent),
    lastRiskAssessment: r.last_risk_assessment,
    active: Number(r.active) === 1,
    updatedAt: r.updated_at,
    canEdit: mayEditSystemsOf(actor, r.org_id),
  };
}

/**
 * The register as the actor may see it: an agency's own systems, or every agency's for the
 * province-wide roles; `orgId` narrows to one agency (an unknown one is a 400), never widens.
 */
export async function listSystems(ctx: AppContext, actor: Actor, q: { orgId?: number } = {}) {
  const db = ctx.db.kysely;
  if (q.orgId !== undefined) {
    const org = await getOrg(db, q.orgId);
    if (!org || !['agency', 'province'].includes(org.kind)) throw invalid('orgId', 'Cơ quan lọc không có trong danh bạ.', 'The agency to filter on is not in the directory.');
  }
  const own = seesAllSystems(actor) ? null : actor.agencyId;
  if (own !== null && q.orgId !== undefined && q.orgId !== own) return { total: 0, approved: 0, byLevel: Object.fromEntries(SECURITY_LEVELS.map((l) => [String(l), 0])), items: [] as SystemView[] };
  const rows = await systemRows(db, own ?? q.orgId ?? null, 2000);
  const items = await Promise.all(rows.map((r) => view(db, actor, r)));
  const byLevel = Object.fromEntries(SECURITY_LEVELS.map((l) => [String(l), items.filter((s) => s.level === l).length]));
  return { total: items.length, approved: items.filter((s) => s.dossierState === 'approved').length, byLevel, items };
}

export async function getSystem(ctx: AppContext, actor: Actor, id: number): Promise<SystemView> {
  const db = ctx.db.kysely;
  const r = await systemRow(db, id);
  if (!r || (!seesAllSystems(actor) && r.org_id !== actor.agencyId)) throw notFound('system');
  return view(db, actor, r);
}

export interface SystemInput {
  orgId?: number;
  name?: string;
  operator?: string | null;
  purpose?: string | null;
  hosting?: string;
  peopleInCharge?: string | null;
  level?: number;
  dossierState?: string;
  approvalDocumentId?: number | null;
  monitoring?: boolean;
  antimalwarePercent?: number;
  lastRiskAssessment?: string | null;
  active?: boolean;
}

async function validate(ctx: AppContext, actor: Actor, input: SystemInput, current?: Row) {
  const db = ctx.db.kysely;
  const level = input.level ?? (current ? Number(current.level) : undefined);
  if (!Number.isInteger(level) || level! < 1 || level! > 5) throw invalid('level', 'Cấp độ là số từ 1 đến 5.', 'level must be 1 to 5.');
  const dossierState = oneOf(input.dossierState ?? current?.dossier_state, DOSSIER_STATES, 'dossierState', 'Tình trạng hồ sơ cấp độ', 'proposed');
  const approvalId = input.approvalDocumentId !== undefined ? input.approvalDocumentId : (current?.approval_document_id ?? null);
  let approval: DocumentRef | null = null;
  if (approvalId !== null) approval = await pickDocument(db, actor, approvalId, 'approvalDocumentId');
  if (dossierState === 'approved' && !approval) {
    throw invalid('approvalDocumentId', 'Hồ sơ đã phê duyệt cần quyết định phê duyệt (văn bản trong sổ của cơ quan).', 'An approved dossier needs its approving decision (a document of the exchange).');
  }
  const pct = input.antimalwarePercent ?? (current ? Number(current.antimalware_percent) : 0);
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) throw invalid('antimalwarePercent', 'Tỷ lệ phòng chống mã độc từ 0 đến 100.', 'antimalwarePercent must be 0 to 100.');
  return {
    name: requiredText(input.name ?? current?.name, 'name', 'Tên hệ thống', 300),
    operator: input.operator !== undefined ? optionalText(input.operator, 'operator', 'Đơn vị vận hành', 300) : (current?.operator ?? null),
    purpose: input.purpose !== undefined ? optionalText(input.purpose, 'purpose', 'Mục đích', 2000) : (current?.purpose ?? null),
    hosting: oneOf(input.hosting ?? current?.hosting, HOSTINGS, 'hosting', 'Nơi đặt hệ thống'),
    people_in_charge: input.peopleInCharge !== undefined ? optionalText(input.peopleInCharge, 'peopleInCharge', 'Người phụ trách', 1000) : (current?.people_in_charge ?? null),
    level: level!,
    dossier_state: dossierState,
    approval_document_id: approval?.id ?? null,
    monitoring: (input.monitoring ?? (current ? Number(current.monitoring) === 1 : false)) ? 1 : 0,
    antimalware_percent: pct,
    last_risk_assessment: input.lastRiskAssessment !== undefined ? optionalDate(input.lastRiskAssessment, 'lastRiskAssessment', 'Ngày đánh giá rủi ro') : (current?.last_risk_assessment ?? null),
    active: (input.active ?? (current ? Number(current.active) === 1 : true)) ? 1 : 0,
  };
}

export async function createSystem(ctx: AppContext, actor: Actor, input: SystemInput): Promise<SystemView> {
  const orgId = input.orgId ?? actor.agencyId;
  const org = await getOrg(ctx.db.kysely, orgId);
  if (!org || !['agency', 'province'].includes(org.kind)) throw invalid('orgId', 'Cơ quan chủ quản không có trong danh bạ.', 'The owner agency is not in the directory.');
  if (!mayEditSystemsOf(actor, orgId)) throw forbidden('Chỉ cán bộ an toàn thông tin của cơ quan (hoặc Sở KH&CN) cập nhật danh mục hệ thống.', "Only the agency's security officer (or the IT department) edits its systems.");
  const v = await validate(ctx, actor, input);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const systemId = await insertSystem(trx, { ...v, org_id: orgId, created_at: at, updated_at: at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId, action: 'security.system.create', entityType: 'security_system', entityId: systemId, data: { name: v.name, level: v.level, dossierState: v.dossier_state } });
    return systemId;
  });
  return getSystem(ctx, actor, id);
}

export async function updateSystem(ctx: AppContext, actor: Actor, id: number, input: SystemInput): Promise<SystemView> {
  const db = ctx.db.kysely;
  const current = await systemRow(db, id);
  if (!current || (!seesAllSystems(actor) && current.org_id !== actor.agencyId)) throw notFound('system');
  if (!mayEditSystemsOf(actor, current.org_id)) throw forbidden('Bạn không cập nhật được hệ thống của cơ quan khác.', "You cannot edit another agency's systems.");
  const v = await validate(ctx, actor, input, current);
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await updateSystemRow(trx, id, { ...v, updated_at: at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: current.org_id, action: 'security.system.update', entityType: 'security_system', entityId: id, data: { fields: Object.keys(input), level: v.level, dossierState: v.dossier_state } });
  });
  return getSystem(ctx, actor, id);
}

/**
 * Per agency: its active systems with the level approved (null while the dossier is not
 * approved), for the monitoring's security indicators (ATTT.CAPDO).
 */
export async function systemsByAgency(db: Executor): Promise<Map<number, { systemId: number; name: string; approvedLevel: number | null; monitoring: boolean; antimalwarePercent: number }[]>> {
  const rows = await activeSystems(db);
  const out = new Map<number, { systemId: number; name: string; approvedLevel: number | null; monitoring: boolean; antimalwarePercent: number }[]>();
  for (const r of rows) {
    const list = out.get(r.org_id) ?? [];
    list.push({ systemId: r.id, name: r.name, approvedLevel: r.dossier_state === 'approved' ? Number(r.level) : null, monitoring: Number(r.monitoring) === 1, antimalwarePercent: Number(r.antimalware_percent) });
    out.set(r.org_id, list);
  }
  return out;
}
