import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { conflict, forbidden, invalid, notFound } from '../../domain/errors.js';
import { optionalDate, optionalText, oneOf, requiredText } from '../../domain/validate.js';
import { localDate } from '../../domain/numbering.js';
import { SEVERITIES, recommendationOverdue, type InspectionStatus, type RecommendationEventKind, type RecommendationStatus, type Severity } from '../../domain/security.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { issueOfficialLetter } from '../documents/index.js';
import { answersFor, assertInspector, seesAllInspections } from './access.js';
import { linkedDocument, type DocumentRef } from './documents-ref.js';
import { conclusionPdf } from './exports.js';
import {
  findingsOf, inspectionRow, inspectionsOfPlan, insertInspection, insertPlan, insertRecommendations, moveRecommendation, planRow, planRows, recommendationRow,
  recommendationRows, recommendationStates, replaceFindings, updateInspectionRow, type InspectionRow, type PlanRow,
} from './inspections-repo.js';

/**
 * Inspections (kiểm tra an toàn thông tin): the Police's and the IT department's yearly plan,
 * each inspection (team, date, findings), its conclusion — an official letter of the exchange
 * sent to the inspected agency — and the recommendations with deadlines, which the agency
 * answers and the inspector closes or reopens.
 */

const MAX_ITEMS = 50;

export interface PlanInput {
  year?: number;
  title?: string;
}

export async function createPlan(ctx: AppContext, actor: Actor, input: PlanInput) {
  assertInspector(actor);
  const year = input.year;
  if (!Number.isInteger(year) || year! < 2000 || year! > 2100) throw invalid('year', 'Năm kế hoạch không hợp lệ.', 'year is not valid.');
  const title = requiredText(input.title, 'title', 'Tên kế hoạch', 500);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const planId = await insertPlan(trx, { orgId: actor.agencyId, year: year!, title, createdBy: actor.userId, at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'security.plan.create', entityType: 'security_inspection_plan', entityId: planId, data: { year, title } });
    return planId;
  });
  return getPlan(ctx, actor, id);
}

async function recommendationsOf(db: Executor, inspectionIds: number[], today: string) {
  const { recs, events } = await recommendationRows(db, inspectionIds);
  return recs.map((r) => ({
    id: r.id,
    inspectionId: r.inspection_id,
    targetOrgId: r.target_org_id,
    text: r.text,
    deadline: r.deadline,
    status: r.status,
    overdue: recommendationOverdue(r.status, r.deadline, today),
    updatedAt: r.updated_at,
    events: events.filter((e) => e.recommendation_id === r.id).map((e) => ({ id: e.id, kind: e.kind, at: e.at, userName: e.user_name, orgName: e.org_name, text: e.text })),
  }));
}

async function inspectionView(ctx: AppContext, actor: Actor, r: InspectionRow, withDetail: boolean) {
  const db = ctx.db.kysely;
  const today = localDate(ctx.now());
  const findings = withDetail ? await findingsOf(db, r.id) : [];
  const recs = await recommendationsOf(db, [r.id], today);
  const conclusion: DocumentRef | null = await linkedDocument(db, actor, r.conclusion_document_id);
  const inspector = seesAllInspections(actor) && actor.roles.includes('inspector');
  return {
    id: r.id,
    planId: r.plan_id,
    planTitle: r.plan_title,
    planOrgName: r.plan_org_name,
    year: Number(r.year),
    targetOrgId: r.target_org_id,
    targetOrgName: r.target_name,
    plannedMonth: Number(r.planned_month),
    scope: r.scope,
    team: r.team,
    inspectedOn: r.inspected_on,
    status: r.status,
    conclusion,
    findings: findings.map((f) => ({ id: f.id, text: f.text, severity: f.severity })),
    recommendations: recs.map((x) => ({ ...x, can: { report: answersFor(actor, r.target_org_id) && x.status !== 'closed', decide: (actor.isProvinceAdmin || inspector) && x.status !== 'open' } })),
    openRecommendations: recs.filter((x) => x.status !== 'closed').length,
    overdueRecommendations: recs.filter((x) => x.overdue).length,
    can: { record: (actor.isProvinceAdmin || inspector) && r.status !== 'concluded', conclude: (actor.isProvinceAdmin || inspector) && r.status === 'done' },
  };
}

export type InspectionView = Awaited<ReturnType<typeof inspectionView>>;

/** Only the planning agency's inspectors (or a province administrator) record, conclude and decide. */
function assertPlanAgency(actor: Actor, planOrgId: number) {
  if (!actor.isProvinceAdmin && actor.agencyId !== planOrgId) throw forbidden('Chỉ cán bộ kiểm tra của cơ quan lập kế hoạch thực hiện việc này.', "Only the planning agency's inspectors do this.");
}

async function loadInspection(db: Executor, actor: Actor, id: number): Promise<InspectionRow> {
  const r = await inspectionRow(db, id);
  if (!r || (!seesAllInspections(actor) && !answersFor(actor, r.target_org_id))) throw notFound('inspection');
  return r;
}

export async function getInspection(ctx: AppContext, actor: Actor, id: number): Promise<InspectionView> {
  return inspectionView(ctx, actor, await loadInspection(ctx.db.kysely, actor, id), true);
}

export async function listPlans(ctx: AppContext, actor: Actor, q: { year?: number } = {}) {
  const rows = await planRows(ctx.db.kysely, q.year);
  const out = [];
  for (const p of rows) out.push(await planView(ctx, actor, p));
  return { items: out.filter((p) => seesAllInspections(actor) || p.inspections.length > 0) };
}

async function planView(ctx: AppContext, actor: Actor, p: PlanRow) {
  const inspections = [];
  for (const r of await inspectionsOfPlan(ctx.db.kysely, p.id, seesAllInspections(actor) ? null : actor.agencyId)) if (seesAllInspections(actor) || answersFor(actor, r.target_org_id)) inspections.push(await inspectionView(ctx, actor, r, false));
  return { id: p.id, year: Number(p.year), title: p.title, orgId: p.org_id, orgName: p.org_name, createdAt: p.created_at, inspections, canEdit: actor.isProvinceAdmin || (actor.roles.includes('inspector') && actor.agencyId === p.org_id) };
}

export async function getPlan(ctx: AppContext, actor: Actor, id: number) {
  const p = await planRow(ctx.db.kysely, id);
  if (!p) throw notFound('plan');
  const view = await planView(ctx, actor, p);
  if (!seesAllInspections(actor) && !view.inspections.length) throw notFound('plan');
  return view;
}

export interface InspectionInput {
  targetOrgId?: number;
  plannedMonth?: number;
  scope?: string;
}

export async function addInspection(ctx: AppContext, actor: Actor, planId: number, input: InspectionInput) {
  assertInspector(actor);
  const db = ctx.db.kysely;
  const plan = await planRow(db, planId);
  if (!plan) throw notFound('plan');
  if (!actor.isProvinceAdmin && plan.org_id !== actor.agencyId) throw forbidden('Chỉ cơ quan lập kế hoạch bổ sung cuộc kiểm tra.', 'Only the planning agency adds inspections to its plan.');
  const target = input.targetOrgId ? await getOrg(db, input.targetOrgId) : undefined;
  if (!target || target.kind !== 'agency') throw invalid('targetOrgId', 'Cơ quan được kiểm tra không có trong danh bạ.', 'The inspected agency is not in the directory.');
  const month = input.plannedMonth;
  if (!Number.isInteger(month) || month! < 1 || month! > 12) throw invalid('plannedMonth', 'Tháng kiểm tra từ 1 đến 12.', 'plannedMonth must be 1 to 12.');
  const scope = requiredText(input.scope, 'scope', 'Nội dung, phạm vi kiểm tra', 2000);
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const inspectionId = await insertInspection(trx, { plan_id: planId, target_org_id: target.id, planned_month: month!, scope, team: null, inspected_on: null, status: 'planned', conclusion_document_id: null, created_at: at, updated_at: at });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'security.inspection.create', entityType: 'security_inspection', entityId: inspectionId, data: { planId, targetOrgId: target.id, plannedMonth: month } });
    return inspectionId;
  });
  return getInspection(ctx, actor, id);
}

export interface RecordInput {
  team?: string;
  inspectedOn?: string;
  findings?: { text?: string; severity?: string }[];
}

/** The inspection as it went: the team, the day, the findings (replacing those recorded before). */
export async function recordInspection(ctx: AppContext, actor: Actor, id: number, input: RecordInput) {
  assertInspector(actor);
  const team = requiredText(input.team, 'team', 'Đoàn kiểm tra', 2000);
  const inspectedOn = optionalDate(input.inspectedOn, 'inspectedOn', 'Ngày kiểm tra');
  if (!inspectedOn) throw invalid('inspectedOn', 'Ngày kiểm tra không được để trống.', 'inspectedOn is required.');
  if (inspectedOn > localDate(ctx.now())) throw invalid('inspectedOn', 'Ngày kiểm tra không thể ở tương lai.', 'inspectedOn cannot be in the future.');
  const raw = input.findings ?? [];
  if (raw.length > MAX_ITEMS) throw invalid('findings', `Tối đa ${MAX_ITEMS} phát hiện.`, `At most ${MAX_ITEMS} findings.`);
  const findings = raw.map((f, k) => ({ text: requiredText(f.text, `findings[${k}].text`, 'Nội dung phát hiện', 2000), severity: oneOf(f.severity, SEVERITIES, `findings[${k}].severity`, 'Mức độ') as Severity }));
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await loadInspection(trx, actor, id);
    assertPlanAgency(actor, r.plan_org_id);
    if (r.status === 'concluded') throw conflict('inspection_concluded', 'Cuộc kiểm tra đã có kết luận.', 'The inspection is concluded.');
    await updateInspectionRow(trx, id, { team, inspected_on: inspectedOn, status: 'done', updated_at: at });
    await replaceFindings(trx, id, findings);
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'security.inspection.record', entityType: 'security_inspection', entityId: id, data: { inspectedOn, findings: findings.length } });
  });
  return getInspection(ctx, actor, id);
}

export interface ConcludeInput {
  summary?: string;
  signerName?: string;
  signerPosition?: string;
  recommendations?: { text?: string; deadline?: string }[];
}

/**
 * The conclusion: a PDF in the administrative layout issued as an official letter of the
 * planning agency to the inspected agency (numbered, in both registers, in its inbox), then
 * the recommendations with their deadlines, in one transaction with the audit event.
 */
export async function concludeInspection(ctx: AppContext, actor: Actor, id: number, input: ConcludeInput) {
  assertInspector(actor);
  const db = ctx.db.kysely;
  const r = await loadInspection(db, actor, id);
  assertPlanAgency(actor, r.plan_org_id);
  if (r.status !== 'done') throw conflict('inspection_not_done', 'Chỉ kết luận sau khi đã ghi kết quả kiểm tra (và chưa kết luận).', 'Conclude only an inspection recorded and not yet concluded.');
  const summary = requiredText(input.summary, 'summary', 'Nội dung kết luận', 10_000);
  const signerName = requiredText(input.signerName ?? actor.fullName, 'signerName', 'Người ký', 200);
  const signerPosition = optionalText(input.signerPosition, 'signerPosition', 'Chức vụ người ký', 200) ?? 'Trưởng đoàn kiểm tra';
  const raw = input.recommendations ?? [];
  if (!raw.length || raw.length > MAX_ITEMS) throw invalid('recommendations', `Kết luận có từ 1 đến ${MAX_ITEMS} kiến nghị.`, `A conclusion has 1 to ${MAX_ITEMS} recommendations.`);
  const recs = raw.map((x, k) => {
    const deadline = optionalDate(x.deadline, `recommendations[${k}].deadline`, 'Hạn thực hiện');
    if (!deadline) throw invalid(`recommendations[${k}].deadline`, 'Kiến nghị cần hạn thực hiện.', 'A recommendation needs a deadline.');
    return { text: requiredText(x.text, `recommendations[${k}].text`, 'Nội dung kiến nghị', 2000), deadline };
  });
  const findings = await findingsOf(db, id);
  const issuer = await getOrg(db, r.plan_org_id);
  const pdf = await conclusionPdf({
    issuer: issuer!.name,
    target: r.target_name,
    now: ctx.now(),
    scope: r.scope,
    team: r.team ?? '',
    inspectedOn: r.inspected_on!,
    summary,
    findings: findings.map((f) => ({ text: f.text, severity: f.severity })),
    recommendations: recs,
    signer: { name: signerName, position: signerPosition },
  });
  // Issuing is the documents module's own transaction; the state was checked just before and again below.
  const letter = await issueOfficialLetter(ctx, { ...actor, agencyId: r.plan_org_id }, {
    typeCode: 'CV',
    summary: `Kết luận kiểm tra an toàn thông tin tại ${r.target_name}`,
    content: summary,
    recipients: [r.target_org_id],
    signerName,
    signerPosition,
    dueDate: recs.map((x) => x.deadline).sort()[0] ?? null,
    files: [{ fileName: `Ket-luan-kiem-tra-ATTT-${id}.pdf`, bytes: pdf, role: 'main' }],
  });
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    const again = await loadInspection(trx, actor, id);
    if (again.status !== 'done') throw conflict('inspection_not_done', 'Cuộc kiểm tra vừa được kết luận bởi người khác.', 'The inspection was just concluded by someone else.');
    await updateInspectionRow(trx, id, { status: 'concluded', conclusion_document_id: letter.documentId, updated_at: at });
    await insertRecommendations(trx, recs.map((x) => ({ inspection_id: id, target_org_id: r.target_org_id, text: x.text, deadline: x.deadline, status: 'open' as const, updated_at: at })));
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: r.plan_org_id, action: 'security.inspection.conclude', entityType: 'security_inspection', entityId: id, data: { documentId: letter.documentId, symbol: letter.symbol, recommendations: recs.length } });
  });
  return getInspection(ctx, actor, id);
}

async function loadRecommendation(db: Executor, actor: Actor, id: number) {
  const rec = await recommendationRow(db, id);
  if (!rec) throw notFound('recommendation');
  const inspection = await loadInspection(db, actor, rec.inspection_id);
  return { ...rec, plan_org_id: inspection.plan_org_id };
}

const REC_ACTIONS: Record<RecommendationEventKind, { action: string }> = {
  reported: { action: 'security.recommendation.report' },
  closed: { action: 'security.recommendation.close' },
  reopened: { action: 'security.recommendation.reopen' },
};

async function recommendationChange(ctx: AppContext, actor: Actor, id: number, kind: RecommendationEventKind, to: RecommendationStatus, text: string | null, check: (status: RecommendationStatus, targetOrgId: number, planOrgId: number) => void) {
  const at = ctx.now().toISOString();
  const inspectionId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const rec = await loadRecommendation(trx, actor, id);
    check(rec.status, rec.target_org_id, rec.plan_org_id);
    await moveRecommendation(trx, id, to, at, { kind, user_id: actor.userId, user_name: actor.fullName, org_id: actor.agencyId, text });
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: rec.target_org_id, action: REC_ACTIONS[kind].action, entityType: 'security_recommendation', entityId: id, data: { from: rec.status, to } });
    return rec.inspection_id;
  });
  return getInspection(ctx, actor, inspectionId);
}

/** The inspected agency says what it did about a recommendation. */
export async function reportRecommendation(ctx: AppContext, actor: Actor, id: number, input: { text?: string }) {
  const text = requiredText(input.text, 'text', 'Kết quả thực hiện', 5000);
  return recommendationChange(ctx, actor, id, 'reported', 'reported', text, (status, orgId) => {
    if (!answersFor(actor, orgId)) throw forbidden('Chỉ cán bộ an toàn thông tin hoặc lãnh đạo của cơ quan được kiểm tra báo cáo kiến nghị.', "Only the inspected agency's security officers or leaders report on a recommendation.");
    if (status === 'closed') throw conflict('recommendation_closed', 'Kiến nghị đã đóng.', 'The recommendation is closed.');
  });
}

/** The inspector closes a recommendation the agency reported on, or reopens it (with the reason). */
export async function decideRecommendation(ctx: AppContext, actor: Actor, id: number, input: { close?: boolean; text?: string | null }) {
  assertInspector(actor);
  const close = input.close === true;
  const text = close ? optionalText(input.text, 'text', 'Ý kiến', 2000) : requiredText(input.text, 'text', 'Lý do mở lại', 2000);
  return recommendationChange(ctx, actor, id, close ? 'closed' : 'reopened', close ? 'closed' : 'reopened', text, (status, _target, planOrgId) => {
    assertPlanAgency(actor, planOrgId);
    if (close && status === 'closed') throw conflict('recommendation_closed', 'Kiến nghị đã đóng.', 'The recommendation is already closed.');
    if (!close && status === 'open') throw conflict('recommendation_open', 'Kiến nghị chưa được báo cáo thực hiện.', 'The recommendation has not been reported on.');
  });
}

/** Open and overdue recommendations per inspected agency (what the actor may see). */
export async function recommendationsByAgency(ctx: AppContext, actor: Actor) {
  const db = ctx.db.kysely;
  const today = localDate(ctx.now());
  const rows = await recommendationStates(db, seesAllInspections(actor) ? null : actor.agencyId);
  const by = new Map<number, { orgId: number; orgName: string; total: number; open: number; overdue: number; closed: number }>();
  for (const r of rows) {
    const e = by.get(r.target_org_id) ?? { orgId: r.target_org_id, orgName: r.name, total: 0, open: 0, overdue: 0, closed: 0 };
    e.total++;
    if (r.status === 'closed') e.closed++;
    else e.open++;
    if (recommendationOverdue(r.status, r.deadline, today)) e.overdue++;
    by.set(r.target_org_id, e);
  }
  return { items: [...by.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.orgName.localeCompare(b.orgName, 'vi')) };
}

export type { InspectionStatus };
