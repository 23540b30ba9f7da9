import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, conflict, invalid, refused } from '../../domain/errors.js';
import { optionalDate, optionalText, oneOf, requiredText } from '../../domain/validate.js';
import { localDate } from '../../domain/numbering.js';
import { fold } from '../../domain/fold.js';
import { MAX_DONG, parseDong, toDong } from '../../domain/money.js';
import {
  APPRAISAL_KINDS,
  APPRAISAL_LABELS,
  CAPITAL_SOURCES,
  DECISION_FITS,
  PROJECT_GROUPS,
  PROJECT_KINDS,
  STAGE_DECISIONS,
  STAGE_LABELS,
  fitTypeNames,
  nextStage,
  type DecisionFit,
  type AppraisalKind,
  type ProjectStage,
} from '../../domain/projects.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import { issueOfficialLetter, loadVisibleDocument } from '../documents/index.js';
import { planItemLinks, programmeTargetExists } from '../plans/index.js';
import { renderOfficialPdf } from '../pdf/render.js';
import { assertCio, assertFinance, assertMayRegister, assertProgress, isCio, isFinance, loadVisibleProject } from './access.js';
import { moneyText, refreshFigures } from './repo.js';

/** Every change to a project: authorize, validate, one transaction with its audit event, figures recomputed in it. */

const MAX_MILESTONES = 200;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;

async function agencyId(db: Executor, raw: unknown, field: string): Promise<number> {
  const org = Number.isInteger(raw) ? await getOrg(db, raw as number) : undefined;
  if (!org || org.kind !== 'agency' || Number(org.active) !== 1) throw invalid(field, `Cơ quan ${String(raw)} không có trong danh bạ.`, `Organisation ${String(raw)} is not an agency of the directory.`);
  return org.id;
}

/**
 * A decision the project stands on: a document of the exchange the actor's agency sees
 * (issued by it or received), issued, not secret. Its number, date, signer come with it.
 * `registers`: another agency's registers instead (a disbursement's payment document is the
 * investing agency's, whoever records it), named in the refusal.
 */
export async function decisionDocument(db: Executor, actor: Actor, raw: unknown, fit: DecisionFit | null, field = 'documentId', registers?: { agencyId: number; vi: string; en: string }): Promise<number> {
  const id = Number(raw);
  const missing = registers
    ? invalid(field, `Văn bản ${String(raw)} ${registers.vi}`, `Document ${String(raw)} ${registers.en}`)
    : invalid(field, `Văn bản ${String(raw)} không có trong sổ văn bản của cơ quan.`, `Document ${String(raw)} is not in your agency's registers.`);
  if (!Number.isInteger(id) || id < 1) throw missing;
  try {
    const { doc } = await loadVisibleDocument(db, { ...actor, agencyId: registers?.agencyId ?? actor.agencyId, isProvinceAdmin: false }, id);
    if (doc.state !== 'issued') throw refused('document_not_issued', 'Chỉ chọn văn bản đã ban hành.', 'Pick an issued document.');
    if (doc.confidentiality !== 'thuong') throw refused('document_secret', 'Không dùng văn bản mật trên hệ thống.', 'Secret documents are not used in the system.');
    if (fit && !fit.types.includes(doc.type_code)) {
      const names = fitTypeNames(fit);
      // 422 with the field: the form marks the picker.
      throw new DomainError(
        'unprocessable',
        'document_type_unfit',
        `Văn bản ${doc.symbol ?? id} không phù hợp: cần ${fit.vi.charAt(0).toLowerCase()}${fit.vi.slice(1)} — loại ${names.vi}.`,
        `Document ${doc.symbol ?? id} does not fit: this needs the ${fit.en.charAt(0).toLowerCase()}${fit.en.slice(1)}, of type ${names.en}.`,
        field,
      );
    }
    return id;
  } catch (e) {
    if (e instanceof DomainError && e.kind === 'not_found') throw missing;
    throw e;
  }
}

function year(v: unknown, field: string, label: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 2000 || v > 2100) throw invalid(field, `${label} phải là năm từ 2000 đến 2100.`, `${field} must be a year from 2000 to 2100.`);
  return v;
}

const positiveDong = (v: unknown, field: string, label: string) => {
  const n = parseDong(v, field, label);
  if (n < 0n) throw invalid(field, `${label} không được âm.`, `${field} may not be negative.`);
  return n;
};

export interface ProjectInput {
  code?: unknown;
  name?: unknown;
  investingOrgId?: unknown;
  managingOrgId?: unknown;
  group?: unknown;
  kind?: unknown;
  sources?: unknown;
  totalInvestment?: unknown;
  startYear?: unknown;
  endYear?: unknown;
  planItemRef?: unknown;
  targetCode?: unknown;
  planItemId?: unknown;
  targetId?: unknown;
  objective?: unknown;
  policyDocumentId?: unknown;
}

async function audit(trx: Executor, actor: Actor, at: string, action: string, projectId: number, data: Record<string, unknown>) {
  await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action, entityType: 'project', entityId: projectId, data });
}

const absent = (v: unknown) => v === undefined || v === null;

/**
 * The plan item a project serves — an item of the investing agency's approved IT plan (the
 * plans module's) — and, optionally, one of that item's programme targets. Unknown ids answer
 * 404; an item of another agency's plan or of a plan not approved, or a target the item does
 * not serve, 422 naming the field.
 */
export async function planLink(db: Executor, investingOrgId: number, rawItem: unknown, rawTarget: unknown): Promise<{ plan_item_id: number | null; plan_target_id: number | null }> {
  if (absent(rawItem)) {
    if (!absent(rawTarget)) throw new DomainError('unprocessable', 'plan_item_missing', 'Chọn nhiệm vụ kế hoạch trước, rồi chỉ tiêu mà nhiệm vụ đó phục vụ.', 'Pick the plan item first, then the target it serves.', 'targetId');
    return { plan_item_id: null, plan_target_id: null };
  }
  const itemId = Number(rawItem);
  if (!Number.isInteger(itemId) || itemId < 1) throw invalid('planItemId', 'Nhiệm vụ kế hoạch không hợp lệ.', 'planItemId must be a positive integer.');
  const item = (await planItemLinks(db, [itemId])).get(itemId);
  if (!item) throw new DomainError('not_found', 'plan_item_not_found', `Không có nhiệm vụ kế hoạch số ${itemId}.`, `There is no plan item ${itemId}.`, 'planItemId');
  if (item.agencyId !== investingOrgId) throw new DomainError('unprocessable', 'plan_item_unfit', `Nhiệm vụ "${item.content}" thuộc kế hoạch của cơ quan khác, không phải của chủ đầu tư.`, `Item "${item.content}" belongs to another agency's plan, not the investing agency's.`, 'planItemId');
  if (item.planStatus !== 'approved') throw new DomainError('unprocessable', 'plan_item_unfit', `Nhiệm vụ "${item.content}" không thuộc kế hoạch đang được phê duyệt.`, `Item "${item.content}" is not of an approved plan version.`, 'planItemId');
  if (absent(rawTarget)) return { plan_item_id: itemId, plan_target_id: item.targets.length === 1 ? item.targets[0]!.id : null };
  const targetId = Number(rawTarget);
  if (!Number.isInteger(targetId) || targetId < 1) throw invalid('targetId', 'Chỉ tiêu không hợp lệ.', 'targetId must be a positive integer.');
  if (!item.targets.some((t) => t.id === targetId)) {
    if (!(await programmeTargetExists(db, targetId))) throw new DomainError('not_found', 'plan_target_not_found', `Không có chỉ tiêu chương trình số ${targetId}.`, `There is no programme target ${targetId}.`, 'targetId');
    throw new DomainError('unprocessable', 'plan_target_unfit', `Nhiệm vụ "${item.content}" không phục vụ chỉ tiêu này; chọn một chỉ tiêu của nhiệm vụ.`, `Item "${item.content}" does not serve this target; pick one of its targets.`, 'targetId');
  }
  return { plan_item_id: itemId, plan_target_id: targetId };
}

/** Registers a project at its first stage (chủ trương đầu tư), with the policy decision when there is one. */
export async function registerProject(ctx: AppContext, actor: Actor, input: ProjectInput): Promise<number> {
  const db = ctx.db.kysely;
  const investing = await agencyId(db, input.investingOrgId, 'investingOrgId');
  assertMayRegister(actor, investing);
  const code = requiredText(input.code, 'code', 'Mã dự án', 40);
  if (!CODE.test(code)) throw invalid('code', 'Mã dự án chỉ gồm chữ, số và . _ / -', 'The project code may hold letters, digits and . _ / - only.');
  const name = requiredText(input.name, 'name', 'Tên dự án', 500);
  const managing = input.managingOrgId === undefined || input.managingOrgId === null ? null : await agencyId(db, input.managingOrgId, 'managingOrgId');
  const sourcesRaw = Array.isArray(input.sources) ? input.sources : [];
  if (!sourcesRaw.length) throw invalid('sources', 'Hãy chọn ít nhất một nguồn vốn.', 'Pick at least one capital source.');
  const sources = [...new Set(sourcesRaw.map((s) => oneOf(s, CAPITAL_SOURCES, 'sources', 'Nguồn vốn')))];
  const startYear = year(input.startYear, 'startYear', 'Năm bắt đầu');
  const endYear = year(input.endYear, 'endYear', 'Năm kết thúc');
  if (endYear < startYear) throw invalid('endYear', 'Năm kết thúc không trước năm bắt đầu.', 'endYear may not be before startYear.');
  const total = positiveDong(input.totalInvestment, 'totalInvestment', 'Tổng mức đầu tư');
  const v = {
    code,
    name,
    search: fold(`${code} ${name}`),
    investing_org_id: investing,
    managing_org_id: managing,
    group_code: oneOf(input.group, PROJECT_GROUPS, 'group', 'Nhóm dự án'),
    kind: oneOf(input.kind, PROJECT_KINDS, 'kind', 'Loại dự án'),
    sources: sources.join(','),
    total_investment: total.toString(),
    start_year: startYear,
    end_year: endYear,
    plan_item_ref: optionalText(input.planItemRef, 'planItemRef', 'Nhiệm vụ kế hoạch', 100),
    target_code: optionalText(input.targetCode, 'targetCode', 'Chỉ tiêu chương trình', 100),
    objective: optionalText(input.objective, 'objective', 'Mục tiêu', 5000),
  };
  const link = await planLink(db, investing, input.planItemId, input.targetId);
  const policyDoc = input.policyDocumentId === undefined || input.policyDocumentId === null ? null : await decisionDocument(db, actor, input.policyDocumentId, STAGE_DECISIONS.policy, 'policyDocumentId');
  const at = ctx.now().toISOString();
  return db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('projects').select('id').where('code', '=', code).executeTakeFirst();
    if (dup) throw conflict('project_code_taken', `Mã dự án ${code} đã có.`, `Project code ${code} already exists.`);
    const row = await trx
      .insertInto('projects')
      .values({ ...v, ...link, ...ZERO_FIGURES, stage: 'policy', baseline_version: 0, last_update_at: at, created_by: actor.userId, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('project_stages').values({ project_id: row.id, stage: 'policy', document_id: policyDoc, note: null, org_id: actor.agencyId, user_id: actor.userId, user_name: actor.fullName, at }).execute();
    await audit(trx, actor, at, 'project.create', row.id, { code, investingOrgId: investing, total: v.total_investment, policyDocumentId: policyDoc, planItemId: link.plan_item_id, targetId: link.plan_target_id });
    return row.id;
  });
}

/** A new project's figures, before any baseline. */
const ZERO_FIGURES = { rating: null, rating_at: null, current_baseline_id: null, original_baseline_id: null, planned_cost: '0', projected_cost: '0', spent_total: '0', sv_days: 0, sv_bp: 0, cv_dong: '0', cv_bp: 0, orig_sv_days: 0, orig_sv_bp: 0, orig_cv_dong: '0', orig_cv_bp: 0, next_due: null };

type Loaded = Awaited<ReturnType<typeof loadVisibleProject>>;

/** A change on a visible project in one transaction: read again inside it, apply, figures, audit. */
async function change(ctx: AppContext, actor: Actor, id: number, action: string, apply: (trx: Executor, p: Loaded, at: string) => Promise<Record<string, unknown>>, progress = false): Promise<void> {
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadVisibleProject(trx, actor, id);
    const data = await apply(trx, p, at);
    await refreshFigures(trx, id);
    await trx.updateTable('projects').set(progress ? { updated_at: at, last_update_at: at } : { updated_at: at }).where('id', '=', id).execute();
    await audit(trx, actor, at, action, id, data);
  });
}

/** Points the project at the plan item (and target) it serves, or clears the link (the investing agency's officers). */
export async function linkPlanItem(ctx: AppContext, actor: Actor, id: number, input: { planItemId?: unknown; targetId?: unknown }) {
  await change(ctx, actor, id, 'project.plan_item', async (trx, p) => {
    assertProgress(actor, p);
    const link = await planLink(trx, p.investing_org_id, input.planItemId, input.targetId);
    await trx.updateTable('projects').set(link).where('id', '=', id).execute();
    return { from: { planItemId: p.plan_item_id, targetId: p.plan_target_id }, to: { planItemId: link.plan_item_id, targetId: link.plan_target_id } };
  });
}

/**
 * Moves the project to its next stage with the decision document that ends the current one
 * (the investing agency's officers). Leaving appraisal needs every appraisal answered;
 * leaving the investment decision needs the approved schedule (a baseline).
 */
export async function recordStage(ctx: AppContext, actor: Actor, id: number, input: { stage?: unknown; documentId?: unknown; note?: unknown }) {
  const note = optionalText(input.note, 'note', 'Ghi chú', 2000);
  await change(
    ctx,
    actor,
    id,
    'project.stage',
    async (trx, p, at) => {
      assertProgress(actor, p);
      const next = nextStage(p.stage);
      if (!next) throw conflict('project_closed', 'Dự án đã ở giai đoạn cuối (quyết toán).', 'The project is at its last stage.');
      const stage = oneOf(input.stage, [next], 'stage', `Giai đoạn tiếp theo (${STAGE_LABELS[next].vi})`) as ProjectStage;
      const documentId = await decisionDocument(trx, actor, input.documentId, STAGE_DECISIONS[stage]);
      if (p.stage === 'appraisal') {
        const open = await trx.selectFrom('project_appraisals').select('id').where('project_id', '=', id).where('closed_at', 'is', null).executeTakeFirst();
        const any = await trx.selectFrom('project_appraisals').select('id').where('project_id', '=', id).executeTakeFirst();
        if (open || !any) throw refused('appraisal_open', 'Chưa có kết quả thẩm định: gửi đề nghị thẩm định và chờ văn bản trả lời.', 'No appraisal answered yet: ask for it and wait for the answer.');
      }
      if (p.stage === 'investment_decision' && !p.current_baseline_id) {
        throw refused('baseline_missing', 'Cần lập tiến độ (mốc, chi phí) được duyệt trước khi chuyển giai đoạn.', 'Set the approved schedule (baseline) first.');
      }
      await trx.insertInto('project_stages').values({ project_id: id, stage, document_id: documentId, note, org_id: actor.agencyId, user_id: actor.userId, user_name: actor.fullName, at }).execute();
      await trx.updateTable('projects').set({ stage }).where('id', '=', id).execute();
      return { from: p.stage, to: stage, documentId };
    },
    true,
  );
}

export interface MilestoneInput {
  code?: unknown;
  name?: unknown;
  plannedStart?: unknown;
  plannedEnd?: unknown;
  plannedCost?: unknown;
}

/** Checks a schedule: unique codes, dates in order, costs whole đồng; row numbers start at 1. */
export function readSchedule(raw: unknown): { code: string; name: string; planned_start: string; planned_end: string; planned_cost: bigint }[] {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_MILESTONES) throw invalid('milestones', `Tiến độ gồm từ 1 đến ${MAX_MILESTONES} mốc.`, `A schedule has 1 to ${MAX_MILESTONES} milestones.`);
  const seen = new Set<string>();
  return (raw as MilestoneInput[]).map((m, i) => {
    const f = (k: string) => `milestones[${i}].${k}`;
    const code = requiredText(m.code, f('code'), `Mã mốc (dòng ${i + 1})`, 40);
    if (!CODE.test(code)) throw invalid(f('code'), `Mã mốc "${code}" (dòng ${i + 1}) chỉ gồm chữ, số và . _ / -`, `Milestone code "${code}" may hold letters, digits and . _ / - only.`);
    if (seen.has(code)) throw invalid(f('code'), `Mã mốc "${code}" bị trùng (dòng ${i + 1}).`, `Milestone code "${code}" is repeated.`);
    seen.add(code);
    const start = optionalDate(m.plannedStart, f('plannedStart'), `Ngày bắt đầu (dòng ${i + 1})`);
    const end = optionalDate(m.plannedEnd, f('plannedEnd'), `Ngày kết thúc (dòng ${i + 1})`);
    if (!start || !end) throw invalid(f(start ? 'plannedEnd' : 'plannedStart'), `Mốc dòng ${i + 1} cần ngày bắt đầu và kết thúc.`, `Milestone ${i + 1} needs a start and an end.`);
    if (end < start) throw invalid(f('plannedEnd'), `Ngày kết thúc trước ngày bắt đầu (dòng ${i + 1}).`, `The end is before the start (row ${i + 1}).`);
    return { code, name: requiredText(m.name, f('name'), `Tên mốc (dòng ${i + 1})`, 500), planned_start: start, planned_end: end, planned_cost: positiveDong(m.plannedCost, f('plannedCost'), `Chi phí (dòng ${i + 1})`) };
  });
}

/**
 * The approved schedule as a new baseline version. The first one stands on the investment
 * decision; a re-baseline needs a reason and its own decision, and keeps the older versions
 * (the original one stays the reference of "against the original").
 */
export async function setBaseline(ctx: AppContext, actor: Actor, id: number, input: { documentId?: unknown; reason?: unknown; milestones?: unknown }) {
  const schedule = readSchedule(input.milestones);
  let total = 0n;
  for (const m of schedule) total += m.planned_cost;
  if (total > MAX_DONG) throw invalid('milestones', 'Tổng chi phí vượt quá 10^15 đồng.', 'The total cost exceeds 10^15 đồng.');
  await change(
    ctx,
    actor,
    id,
    'project.baseline',
    async (trx, p, at) => {
      assertProgress(actor, p);
      const version = p.baseline_version + 1;
      const reason = version > 1 ? requiredText(input.reason, 'reason', 'Lý do điều chỉnh tiến độ', 2000) : optionalText(input.reason, 'reason', 'Ghi chú', 2000);
      const documentId = await decisionDocument(trx, actor, input.documentId, version > 1 ? DECISION_FITS.rebaseline : DECISION_FITS.baseline);
      const b = await trx
        .insertInto('project_baselines')
        .values({ project_id: id, version, reason, document_id: documentId, total_cost: total.toString(), user_id: actor.userId, user_name: actor.fullName, at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('baseline_milestones')
        .values(schedule.map((m, seq) => ({ baseline_id: b.id, seq, code: m.code, name: m.name, planned_start: m.planned_start, planned_end: m.planned_end, planned_cost: m.planned_cost.toString() })))
        .execute();
      // Progress stays with the milestones kept by code; milestones dropped by the new schedule leave it (they remain in the old baseline).
      const codes = schedule.map((m) => m.code);
      await trx.deleteFrom('project_milestones').where('project_id', '=', id).where('code', 'not in', codes).execute();
      const have = new Set((await trx.selectFrom('project_milestones').select('code').where('project_id', '=', id).execute()).map((r) => r.code));
      const added = codes.filter((c) => !have.has(c));
      if (added.length) await trx.insertInto('project_milestones').values(added.map((code) => ({ project_id: id, code, percent: 0, updated_at: at }))).execute();
      await trx
        .updateTable('projects')
        .set({ current_baseline_id: b.id, original_baseline_id: p.original_baseline_id ?? b.id, baseline_version: version })
        .where('id', '=', id)
        .execute();
      return { version, documentId, reason, milestones: codes.length, total: total.toString() };
    },
    true,
  );
}

export interface ProgressInput {
  code?: unknown;
  actualStart?: unknown;
  actualEnd?: unknown;
  forecastEnd?: unknown;
  actualCost?: unknown;
  forecastCost?: unknown;
  percent?: unknown;
  note?: unknown;
}

const optionalDong = (v: unknown, field: string, label: string) => (v === undefined || v === null || v === '' ? null : positiveDong(v, field, label));

/** The investing agency reports its milestones: actual dates and costs, forecasts, percent done. */
export async function reportMilestones(ctx: AppContext, actor: Actor, id: number, input: { milestones?: unknown }) {
  const raw = input.milestones;
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_MILESTONES) throw invalid('milestones', `Cập nhật từ 1 đến ${MAX_MILESTONES} mốc.`, `Update 1 to ${MAX_MILESTONES} milestones.`);
  const rows = (raw as ProgressInput[]).map((m, i) => {
    const f = (k: string) => `milestones[${i}].${k}`;
    const actualStart = optionalDate(m.actualStart, f('actualStart'), 'Ngày bắt đầu thực tế');
    const actualEnd = optionalDate(m.actualEnd, f('actualEnd'), 'Ngày hoàn thành thực tế');
    if (actualEnd && actualStart && actualEnd < actualStart) throw invalid(f('actualEnd'), 'Ngày hoàn thành trước ngày bắt đầu.', 'The actual end is before the actual start.');
    const percent = m.percent === undefined ? (actualEnd ? 100 : 0) : m.percent;
    if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) throw invalid(f('percent'), 'Tiến độ là số nguyên từ 0 đến 100.', 'percent must be an integer from 0 to 100.');
    return {
      code: requiredText(m.code, f('code'), 'Mã mốc', 40),
      actual_start: actualStart,
      actual_end: actualEnd,
      forecast_end: optionalDate(m.forecastEnd, f('forecastEnd'), 'Ngày dự kiến hoàn thành'),
      actual_cost: optionalDong(m.actualCost, f('actualCost'), 'Chi phí thực tế')?.toString() ?? null,
      forecast_cost: optionalDong(m.forecastCost, f('forecastCost'), 'Chi phí dự kiến')?.toString() ?? null,
      percent: actualEnd ? 100 : percent,
      note: optionalText(m.note, f('note'), 'Ghi chú', 2000),
    };
  });
  const today = localDate(ctx.now());
  for (const [i, r] of rows.entries()) {
    if ((r.actual_end && r.actual_end > today) || (r.actual_start && r.actual_start > today)) throw invalid(`milestones[${i}].actualEnd`, 'Ngày thực tế không ở tương lai.', 'Actual dates may not be in the future.');
  }
  await change(
    ctx,
    actor,
    id,
    'project.progress',
    async (trx, p, at) => {
      assertProgress(actor, p);
      if (!p.current_baseline_id) throw refused('baseline_missing', 'Dự án chưa có tiến độ được duyệt.', 'The project has no approved schedule yet.');
      for (const r of rows) {
        const res = await trx.updateTable('project_milestones').set({ ...r, updated_at: at }).where('project_id', '=', id).where('code', '=', r.code).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw invalid('milestones', `Mốc "${r.code}" không có trong tiến độ hiện hành.`, `Milestone "${r.code}" is not in the current schedule.`);
      }
      return { milestones: rows.map((r) => r.code) };
    },
    true,
  );
}

/** The CIO's rating: 1 (high risk) to 5 (low risk) with a comment; kept as a history. */
export async function rateProject(ctx: AppContext, actor: Actor, id: number, input: { rating?: unknown; comment?: unknown }) {
  const rating = input.rating;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) throw invalid('rating', 'Mức đánh giá là số nguyên từ 1 (rủi ro cao) đến 5 (rủi ro thấp).', 'rating must be an integer from 1 (high risk) to 5 (low risk).');
  const comment = requiredText(input.comment, 'comment', 'Nhận xét', 5000);
  await change(ctx, actor, id, 'project.rate', async (trx, _p, at) => {
    assertCio(actor);
    await trx.insertInto('project_ratings').values({ project_id: id, rating, comment, user_id: actor.userId, user_name: actor.fullName, at }).execute();
    await trx.updateTable('projects').set({ rating, rating_at: at }).where('id', '=', id).execute();
    return { rating };
  });
}

/**
 * Asks the appraising agency for its appraisal with an official letter (tờ trình) issued
 * from the investing agency's register to the appraiser's inbox, with its PDF; the
 * appraisal stays open until the appraiser's answer is linked.
 */
export async function requestAppraisal(ctx: AppContext, actor: Actor, id: number, input: { kind?: unknown; appraisingOrgId?: unknown; content?: unknown; signerName?: unknown; signerPosition?: unknown }) {
  const db = ctx.db.kysely;
  const kind = oneOf(input.kind, APPRAISAL_KINDS, 'kind', 'Loại thẩm định') as AppraisalKind;
  const orgId = await agencyId(db, input.appraisingOrgId, 'appraisingOrgId');
  const content = requiredText(input.content, 'content', 'Nội dung đề nghị', 10_000);
  const signerName = requiredText(input.signerName, 'signerName', 'Người ký', 200);
  const signerPosition = optionalText(input.signerPosition, 'signerPosition', 'Chức vụ', 200) ?? 'Giám đốc';
  const p = await loadVisibleProject(db, actor, id);
  assertProgress(actor, p);
  if (p.stage !== 'appraisal') throw refused('not_in_appraisal', 'Chỉ đề nghị thẩm định khi dự án ở giai đoạn thẩm định.', 'Appraisals are asked at the appraisal stage.');
  if (orgId === actor.agencyId) throw invalid('appraisingOrgId', 'Cơ quan thẩm định phải khác chủ đầu tư.', 'The appraising agency must differ from the investing agency.');
  const open = await db.selectFrom('project_appraisals').select('id').where('project_id', '=', id).where('kind', '=', kind).where('closed_at', 'is', null).executeTakeFirst();
  if (open) throw conflict('appraisal_pending', 'Đã có đề nghị thẩm định loại này đang chờ trả lời.', 'An appraisal of this kind is already waiting for an answer.');
  const investing = await getOrg(db, p.investing_org_id);
  const now = ctx.now();
  const summary = `Đề nghị ${APPRAISAL_LABELS[kind].vi.toLowerCase().replace(/ \(.*\)$/, '')} dự án ${p.name}`;
  const pdf = await renderOfficialPdf({
    issuer: (investing?.name ?? '').toUpperCase(),
    symbol: 'Số:      /TTr',
    placeDate: `ngày ${Number(localDate(now).slice(8, 10))} tháng ${Number(localDate(now).slice(5, 7))} năm ${localDate(now).slice(0, 4)}`,
    title: 'TỜ TRÌNH',
    subtitle: summary,
    paragraphs: [`Mã dự án: ${p.code}. Tổng mức đầu tư: ${toDong(p.total_investment).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng.`, content],
    signer: { position: signerPosition, name: signerName },
  });
  const letter = await issueOfficialLetter(ctx, actor, {
    typeCode: 'TTR',
    summary,
    content,
    recipients: [orgId],
    signerName,
    signerPosition,
    files: [{ fileName: `de-nghi-tham-dinh-${p.code.replace(/[^A-Za-z0-9-]/g, '-')}.pdf`, bytes: pdf }],
  });
  const at = ctx.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('project_appraisals').values({ project_id: id, kind, appraising_org_id: orgId, request_document_id: letter.documentId, requested_by: actor.userId, requested_at: at }).execute();
    await trx.updateTable('projects').set({ updated_at: at, last_update_at: at }).where('id', '=', id).execute();
    await audit(trx, actor, at, 'project.appraisal.request', id, { kind, appraisingOrgId: orgId, documentId: letter.documentId });
  });
  return letter;
}

/**
 * The appraiser's answer closes the appraisal: its reply document, issued by the appraising
 * agency, linked by the appraising agency itself (its IT or Finance officers) or by the
 * investing agency once it has received it.
 */
export async function closeAppraisal(ctx: AppContext, actor: Actor, id: number, appraisalId: number, input: { documentId?: unknown; conclusion?: unknown }) {
  const conclusion = requiredText(input.conclusion, 'conclusion', 'Kết luận thẩm định', 5000);
  await change(ctx, actor, id, 'project.appraisal.close', async (trx, p, at) => {
    const a = await trx.selectFrom('project_appraisals').selectAll().where('id', '=', appraisalId).where('project_id', '=', id).executeTakeFirst();
    if (!a) throw new DomainError('not_found', 'not_found', 'Không tìm thấy.', 'The appraisal was not found.');
    const appraiser = actor.agencyId === a.appraising_org_id && (isCio(actor) || isFinance(actor) || actor.roles.includes('leader'));
    const investing = actor.agencyId === p.investing_org_id && actor.roles.some((r) => r === 'leader' || r === 'specialist');
    if (!appraiser && !investing) throw new DomainError('forbidden', 'forbidden', 'Chỉ cơ quan thẩm định hoặc chủ đầu tư ghi kết quả thẩm định.', 'Only the appraising or the investing agency records the answer.');
    if (a.closed_at) throw conflict('appraisal_closed', 'Đề nghị thẩm định này đã có kết quả.', 'This appraisal is already answered.');
    const documentId = await decisionDocument(trx, actor, input.documentId, DECISION_FITS.appraisalAnswer);
    const doc = await trx.selectFrom('documents').select(['org_id']).where('id', '=', documentId).executeTakeFirstOrThrow();
    if (doc.org_id !== a.appraising_org_id) throw invalid('documentId', 'Văn bản trả lời phải do cơ quan thẩm định ban hành.', 'The answer must be issued by the appraising agency.');
    await trx.updateTable('project_appraisals').set({ reply_document_id: documentId, conclusion, closed_by: actor.userId, closed_at: at }).where('id', '=', appraisalId).execute();
    return { appraisalId, documentId };
  });
}

function readMonthly(raw: unknown, amount: bigint): string | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || raw.length !== 12) throw invalid('monthly', 'Kế hoạch giải ngân theo tháng gồm đúng 12 số.', 'The monthly plan has exactly 12 amounts.');
  const months = raw.map((v, i) => positiveDong(v, `monthly[${i}]`, `Tháng ${i + 1}`));
  let sum = 0n;
  for (const m of months) sum += m;
  if (sum !== amount) throw invalid('monthly', 'Tổng kế hoạch 12 tháng phải bằng kế hoạch vốn năm.', 'The twelve months must add up to the yearly plan.');
  return JSON.stringify(months.map(String));
}

/** Finance allocates a year's capital plan of a project by its decision (kế hoạch vốn). */
export async function allocateCapital(ctx: AppContext, actor: Actor, id: number, input: { year?: unknown; amount?: unknown; documentId?: unknown; monthly?: unknown }) {
  const y = year(input.year, 'year', 'Năm kế hoạch');
  const amount = positiveDong(input.amount, 'amount', 'Kế hoạch vốn');
  const monthly = readMonthly(input.monthly, amount);
  await change(ctx, actor, id, 'project.capital.allocate', async (trx, p, at) => {
    assertFinance(actor);
    if (y < p.start_year || y > p.end_year) throw invalid('year', `Năm ${y} ngoài thời gian thực hiện dự án (${p.start_year}–${p.end_year}).`, `Year ${y} is outside the project's period.`);
    const documentId = await decisionDocument(trx, actor, input.documentId, DECISION_FITS.capital);
    const dup = await trx.selectFrom('capital_plans').select('id').where('project_id', '=', id).where('year', '=', y).executeTakeFirst();
    if (dup) throw conflict('capital_plan_exists', `Dự án đã có kế hoạch vốn năm ${y}: hãy điều chỉnh.`, `The project already has a ${y} capital plan: adjust it.`);
    const plan = await trx
      .insertInto('capital_plans')
      .values({ project_id: id, year: y, allocated: amount.toString(), amount: amount.toString(), monthly, document_id: documentId, disbursed: '0', updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('capital_plan_changes').values({ capital_plan_id: plan.id, kind: 'allocate', amount_from: null, amount_to: amount.toString(), document_id: documentId, reason: null, user_id: actor.userId, user_name: actor.fullName, at }).execute();
    return { year: y, amount: amount.toString(), documentId };
  });
}

/** Finance adjusts a year's capital plan within the year (điều chỉnh kế hoạch vốn), by decision, with a reason. */
export async function adjustCapital(ctx: AppContext, actor: Actor, id: number, y: number, input: { amount?: unknown; documentId?: unknown; reason?: unknown; monthly?: unknown }) {
  const amount = positiveDong(input.amount, 'amount', 'Kế hoạch vốn điều chỉnh');
  const reason = requiredText(input.reason, 'reason', 'Lý do điều chỉnh', 2000);
  const monthly = readMonthly(input.monthly, amount);
  await change(ctx, actor, id, 'project.capital.adjust', async (trx, _p, at) => {
    assertFinance(actor);
    const plan = await trx.selectFrom('capital_plans').select(['id', moneyText('amount').as('amount'), moneyText('disbursed').as('disbursed')]).where('project_id', '=', id).where('year', '=', y).executeTakeFirst();
    if (!plan) throw new DomainError('not_found', 'not_found', 'Không tìm thấy.', `No ${y} capital plan for this project.`);
    if (amount < toDong(plan.disbursed)) throw refused('below_disbursed', 'Kế hoạch vốn điều chỉnh không thấp hơn số đã giải ngân.', 'The adjusted plan may not be below what is already disbursed.');
    const documentId = await decisionDocument(trx, actor, input.documentId, DECISION_FITS.capital);
    await trx.updateTable('capital_plans').set({ amount: amount.toString(), monthly, updated_at: at }).where('id', '=', plan.id).execute();
    await trx.insertInto('capital_plan_changes').values({ capital_plan_id: plan.id, kind: 'adjust', amount_from: plan.amount, amount_to: amount.toString(), document_id: documentId, reason, user_id: actor.userId, user_name: actor.fullName, at }).execute();
    return { year: y, from: plan.amount, to: amount.toString(), documentId };
  });
}

/**
 * A disbursement entry (giải ngân) with its payment voucher (số chứng từ) and, when it went
 * through the exchange, its document — one of the investing agency's (`paymentDocuments`
 * lists them): recorded by the investing agency or by Finance, never beyond the year's
 * capital plan.
 */
export async function addDisbursement(ctx: AppContext, actor: Actor, id: number, input: { paidOn?: unknown; amount?: unknown; paymentRef?: unknown; documentId?: unknown; note?: unknown }) {
  const paidOn = optionalDate(input.paidOn, 'paidOn', 'Ngày giải ngân');
  if (!paidOn) throw invalid('paidOn', 'Hãy nhập ngày giải ngân.', 'paidOn is required.');
  if (paidOn > localDate(ctx.now())) throw invalid('paidOn', 'Ngày giải ngân không ở tương lai.', 'paidOn may not be in the future.');
  const amount = parseDong(input.amount, 'amount', 'Số tiền giải ngân');
  if (amount <= 0n) throw invalid('amount', 'Số tiền giải ngân phải lớn hơn 0.', 'amount must be positive.');
  const paymentRef = requiredText(input.paymentRef, 'paymentRef', 'Số chứng từ', 100);
  const note = optionalText(input.note, 'note', 'Ghi chú', 2000);
  const y = Number(paidOn.slice(0, 4));
  await change(
    ctx,
    actor,
    id,
    'project.disburse',
    async (trx, p, at) => {
      if (!isFinance(actor)) assertProgress(actor, p);
      // The payment document is the investing agency's (issued by it or sent to it), whoever records the entry.
      const registers = { agencyId: p.investing_org_id, vi: 'không phải văn bản của chủ đầu tư (do chủ đầu tư ban hành hoặc gửi đến chủ đầu tư).', en: "is not the investing agency's (issued by it or sent to it)." };
      const documentId = input.documentId === undefined || input.documentId === null ? null : await decisionDocument(trx, actor, input.documentId, null, 'documentId', registers);
      const plan = await trx.selectFrom('capital_plans').select(['id', moneyText('amount').as('amount'), moneyText('disbursed').as('disbursed')]).where('project_id', '=', id).where('year', '=', y).executeTakeFirst();
      if (!plan) throw refused('no_capital_plan', `Dự án chưa có kế hoạch vốn năm ${y}.`, `The project has no ${y} capital plan.`);
      const disbursed = toDong(plan.disbursed) + amount;
      if (disbursed > toDong(plan.amount)) throw refused('over_capital_plan', `Giải ngân vượt kế hoạch vốn năm ${y}.`, `The disbursement exceeds the ${y} capital plan.`);
      await trx.insertInto('disbursements').values({ project_id: id, year: y, month: Number(paidOn.slice(5, 7)), paid_on: paidOn, amount: amount.toString(), payment_ref: paymentRef, document_id: documentId, note, user_id: actor.userId, at }).execute();
      await trx.updateTable('capital_plans').set({ disbursed: disbursed.toString(), updated_at: at }).where('id', '=', plan.id).execute();
      const month = Number(paidOn.slice(5, 7));
      const m = await trx.selectFrom('disbursement_months').select(moneyText('amount').as('amount')).where('project_id', '=', id).where('year', '=', y).where('month', '=', month).executeTakeFirst();
      if (m) await trx.updateTable('disbursement_months').set({ amount: (toDong(m.amount) + amount).toString() }).where('project_id', '=', id).where('year', '=', y).where('month', '=', month).execute();
      else await trx.insertInto('disbursement_months').values({ project_id: id, year: y, month, amount: amount.toString() }).execute();
      return { amount: amount.toString(), paidOn, paymentRef, documentId };
    },
    !isFinance(actor),
  );
}
