import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, conflict, invalid, notFound, refused } from '../../domain/errors.js';
import { oneOf, optionalDate, optionalText, requiredText } from '../../domain/validate.js';
import { parseDong } from '../../domain/money.js';
import { localDate } from '../../domain/numbering.js';
import {
  FUND_SOURCES, PLAN_KINDS, PLAN_LIMITS, PLAN_PRIORITIES, PROGRESS_REPORTED, EDITABLE_STATUSES, REVIEW_STATUSES, isEditable, isFrozen, isWithReviewer, planPeriod,
  type PlanItemFields, type ReviewEventKind,
} from '../../domain/plans.js';
import { appendAudit } from '../audit/service.js';
import { provinceName } from '../directory/repo.js';
import { checkUpload, issueOfficialLetter, loadVisibleDocument, storeUpload, type UploadedFile } from '../documents/index.js';
import { nameFitsKind, type FileKind } from '../../domain/file-kinds.js';
import { assertApprover, assertPlanner, assertReviewer, loadVisibleItem, loadVisiblePlan } from './access.js';
import { holdProgramme, programmeCovering } from './programme.js';
import { getPlan } from './queries.js';
import { planToPdf, planToXlsx, reviewToPdf } from './export.js';

/** Every change to a plan: authorize, one transaction, its history row and its audit event. */

type Plan = Awaited<ReturnType<typeof loadVisiblePlan>>;

const approvedEdit = () => conflict('plan_approved', 'Kế hoạch đã phê duyệt không sửa trực tiếp: hãy điều chỉnh thành phiên bản mới.', 'An approved plan is never edited in place: adjust it as a new version.');
const notEditable = () => conflict('plan_not_editable', 'Kế hoạch đang được thẩm định, chưa sửa được.', 'The plan is with the reviewer and cannot be edited now.');

function assertEditable(p: Plan) {
  if (isFrozen(p.status)) throw approvedEdit();
  if (!isEditable(p.status)) throw notEditable();
}

async function addEvent(trx: Executor, actor: Actor, planId: number, at: string, kind: ReviewEventKind, e: { itemId?: number | null; text?: string | null; documentId?: number | null } = {}) {
  await trx.insertInto('plan_events').values({ plan_id: planId, item_id: e.itemId ?? null, kind, org_id: actor.agencyId, user_id: actor.userId, user_name: actor.fullName, at, text: e.text ?? null, document_id: e.documentId ?? null }).execute();
}

const audit = (trx: Executor, actor: Actor, at: string, action: string, planId: number, data: Record<string, unknown>) =>
  appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action, entityType: 'plan', entityId: planId, data });

export interface PlanInput {
  kind?: unknown;
  yearFrom?: unknown;
  title?: unknown;
}

/** A new plan (version 1, draft) of the actor's agency under the programme covering its first year. */
export async function createPlan(ctx: AppContext, actor: Actor, input: PlanInput) {
  assertPlanner(actor, actor.agencyId);
  const kind = oneOf(input.kind, PLAN_KINDS, 'kind', 'Loại kế hoạch');
  const yearFrom = Number(input.yearFrom);
  if (!Number.isInteger(yearFrom) || yearFrom < 2000 || yearFrom > 2100) throw invalid('yearFrom', 'Năm kế hoạch không hợp lệ.', 'yearFrom is not a valid year.');
  const title = requiredText(input.title, 'title', 'Tên kế hoạch', 500);
  const db = ctx.db.kysely;
  const programme = await programmeCovering(db, yearFrom);
  if (!programme) throw refused('no_programme', `Chưa có chương trình CNTT của tỉnh cho năm ${yearFrom}.`, `No provincial IT programme covers ${yearFrom}.`);
  const { yearTo } = planPeriod(kind, yearFrom);
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('plans')
      .values({ series_id: null, version: 1, agency_id: actor.agencyId, programme_id: programme.id, kind, year_from: yearFrom, year_to: yearTo, title, status: 'draft', reason: null, letter_document_id: null, answer_document_id: null, decision_document_id: null, effective_from: null, approved_at: null, approved_by: null, created_by: actor.userId, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('plans').set({ series_id: row.id }).where('id', '=', row.id).execute();
    await addEvent(trx, actor, row.id, at, 'created');
    await audit(trx, actor, at, 'plan.create', row.id, { kind, yearFrom, yearTo, title });
    return row.id;
  });
  return getPlan(ctx, actor, id);
}

export interface ItemInput {
  content?: unknown;
  objective?: unknown;
  targetIds?: unknown;
  leadUnit?: unknown;
  cooperatingUnits?: unknown;
  startDate?: unknown;
  endDate?: unknown;
  expectedOutput?: unknown;
  cost?: unknown;
  fundSource?: unknown;
  priority?: unknown;
}

/** One item checked against its plan (period, the programme's targets); the first fault is thrown. */
export function checkItem(input: ItemInput, p: { year_from: number; year_to: number }, targetIds: ReadonlySet<number>): PlanItemFields {
  const content = requiredText(input.content, 'content', 'Nội dung nhiệm vụ', 2000);
  const rawTargets = input.targetIds ?? [];
  if (!Array.isArray(rawTargets) || rawTargets.length > 20) throw invalid('targetIds', 'Tối đa 20 chỉ tiêu cho một nhiệm vụ.', 'At most 20 targets per item.');
  const targets = [...new Set(rawTargets.map(Number))];
  for (const t of targets) if (!targetIds.has(t)) throw invalid('targetIds', `Chỉ tiêu ${t} không thuộc chương trình của kế hoạch.`, `Target ${t} is not in the plan's programme.`);
  const startDate = optionalDate(input.startDate, 'startDate', 'Ngày bắt đầu');
  const endDate = optionalDate(input.endDate, 'endDate', 'Ngày kết thúc');
  if (!startDate) throw invalid('startDate', 'Ngày bắt đầu không được để trống.', 'startDate is required.');
  if (!endDate) throw invalid('endDate', 'Ngày kết thúc không được để trống.', 'endDate is required.');
  if (endDate < startDate) throw invalid('endDate', 'Ngày kết thúc trước ngày bắt đầu.', 'endDate is before startDate.');
  if (Number(startDate.slice(0, 4)) < p.year_from || Number(endDate.slice(0, 4)) > p.year_to) {
    throw invalid('endDate', `Thời gian thực hiện phải trong kỳ kế hoạch ${p.year_from}–${p.year_to}.`, `The item's time must fall within the plan's period ${p.year_from}–${p.year_to}.`);
  }
  const cost = parseDong(input.cost ?? '0', 'cost', 'Kinh phí dự kiến');
  if (cost < 0n) throw invalid('cost', 'Kinh phí không được âm.', 'cost must not be negative.');
  return {
    content,
    objective: optionalText(input.objective, 'objective', 'Mục tiêu', 2000),
    targetIds: targets.sort((a, b) => a - b),
    leadUnit: requiredText(input.leadUnit, 'leadUnit', 'Đơn vị chủ trì', 300),
    cooperatingUnits: optionalText(input.cooperatingUnits, 'cooperatingUnits', 'Đơn vị phối hợp', 1000),
    startDate,
    endDate,
    expectedOutput: optionalText(input.expectedOutput, 'expectedOutput', 'Sản phẩm dự kiến', 2000),
    cost: cost.toString(),
    fundSource: oneOf(input.fundSource, FUND_SOURCES, 'fundSource', 'Nguồn vốn', 'recurrent'),
    priority: oneOf(input.priority, PLAN_PRIORITIES, 'priority', 'Mức ưu tiên', 'normal'),
  };
}

export const itemRow = (f: PlanItemFields) => ({
  content: f.content,
  objective: f.objective,
  target_ids: JSON.stringify(f.targetIds),
  lead_unit: f.leadUnit,
  cooperating_units: f.cooperatingUnits,
  start_date: f.startDate,
  end_date: f.endDate,
  expected_output: f.expectedOutput,
  cost: f.cost,
  fund_source: f.fundSource,
  priority: f.priority,
});

export async function programmeTargetIds(db: Executor, programmeId: number): Promise<Set<number>> {
  return new Set((await db.selectFrom('programme_targets').select('id').where('programme_id', '=', programmeId).execute()).map((t) => t.id));
}

const newKey = () => crypto.randomUUID();

/** Appends the items to an editable plan inside the caller's transaction (checks the limit). */
export async function insertItems(trx: Executor, planId: number, items: PlanItemFields[], replace: boolean) {
  if (replace) await trx.deleteFrom('plan_items').where('plan_id', '=', planId).execute();
  const last = await trx.selectFrom('plan_items').select((eb) => [eb.fn.max<number>('position').as('pos'), eb.fn.countAll<number>().as('n')]).where('plan_id', '=', planId).executeTakeFirstOrThrow();
  if (Number(last.n) + items.length > PLAN_LIMITS.items) throw invalid('items', `Kế hoạch có tối đa ${PLAN_LIMITS.items} nhiệm vụ.`, `A plan has at most ${PLAN_LIMITS.items} items.`);
  const start = Number(last.pos ?? 0);
  for (let i = 0; i < items.length; i += 100) {
    await trx
      .insertInto('plan_items')
      .values(items.slice(i, i + 100).map((f, n) => ({ ...itemRow(f), plan_id: planId, item_key: newKey(), position: start + i + n + 1, progress_percent: 0, progress_status: null, progress_note: null, progress_at: null })))
      .execute();
  }
}

export async function addItem(ctx: AppContext, actor: Actor, planId: number, input: ItemInput) {
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadVisiblePlan(trx, actor, planId);
    assertPlanner(actor, p.agency_id);
    assertEditable(p);
    await holdProgramme(trx, ctx.db.dialect === 'postgres', p.programme_id, false);
    const f = checkItem(input, p, await programmeTargetIds(trx, p.programme_id));
    await insertItems(trx, planId, [f], false);
    await trx.updateTable('plans').set({ updated_at: at }).where('id', '=', planId).execute();
    await audit(trx, actor, at, 'plan.item.add', planId, { content: f.content, cost: f.cost });
  });
  return getPlan(ctx, actor, planId);
}

export async function updateItem(ctx: AppContext, actor: Actor, itemId: number, input: ItemInput) {
  const at = ctx.now().toISOString();
  const planId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const { plan: p } = await loadVisibleItem(trx, actor, itemId);
    assertPlanner(actor, p.agency_id);
    assertEditable(p);
    await holdProgramme(trx, ctx.db.dialect === 'postgres', p.programme_id, false);
    const f = checkItem(input, p, await programmeTargetIds(trx, p.programme_id));
    await trx.updateTable('plan_items').set(itemRow(f)).where('id', '=', itemId).execute();
    await trx.updateTable('plans').set({ updated_at: at }).where('id', '=', p.id).execute();
    await audit(trx, actor, at, 'plan.item.update', p.id, { itemId, content: f.content, cost: f.cost });
    return p.id;
  });
  return getPlan(ctx, actor, planId);
}

export async function deleteItem(ctx: AppContext, actor: Actor, itemId: number) {
  const at = ctx.now().toISOString();
  const planId = await ctx.db.kysely.transaction().execute(async (trx) => {
    const { item, plan: p } = await loadVisibleItem(trx, actor, itemId);
    assertPlanner(actor, p.agency_id);
    assertEditable(p);
    await trx.deleteFrom('plan_items').where('id', '=', itemId).execute();
    await trx.updateTable('plans').set({ updated_at: at }).where('id', '=', p.id).execute();
    await audit(trx, actor, at, 'plan.item.delete', p.id, { itemId, content: item.content });
    return p.id;
  });
  return getPlan(ctx, actor, planId);
}

async function itOrgOf(db: Executor, programmeId: number) {
  const p = await db.selectFrom('programmes as p').innerJoin('organizations as o', 'o.id', 'p.it_org_id').select(['p.it_org_id', 'o.name']).where('p.id', '=', programmeId).executeTakeFirstOrThrow();
  return { id: p.it_org_id, name: p.name };
}

const placeOf = async (db: Executor) => ((await provinceName(db)) ?? '').replace(/^Tỉnh\s+/i, '') || 'Tỉnh';

/**
 * Submits the plan: a tờ trình (TTr) is issued from the agency's register to the IT department
 * with the plan attached as generated PDF and XLSX, so it sits in both registers and in the
 * department's inbox; then the plan is `submitted` with its letter, in one transaction.
 */
export async function submitPlan(ctx: AppContext, actor: Actor, planId: number, input: { signerName?: unknown; signerPosition?: unknown; note?: unknown }) {
  const db = ctx.db.kysely;
  const p = await loadVisiblePlan(db, actor, planId);
  assertPlanner(actor, p.agency_id);
  assertEditable(p);
  const plan = await getPlan(ctx, actor, planId);
  if (!plan.items.length) throw refused('plan_empty', 'Kế hoạch chưa có nhiệm vụ nào.', 'The plan has no items.');
  const signerName = optionalText(input.signerName, 'signerName', 'Người ký', 200) ?? actor.fullName;
  const signerPosition = optionalText(input.signerPosition, 'signerPosition', 'Chức vụ người ký', 200) ?? 'Thủ trưởng cơ quan';
  const note = optionalText(input.note, 'note', 'Ghi chú', 2000);
  const it = await itOrgOf(db, p.programme_id);
  const now = ctx.now();
  const [pdf, xlsx] = await Promise.all([planToPdf(plan, { province: await placeOf(db), itOrgName: it.name, now }), planToXlsx(plan, { province: await placeOf(db), now })]);
  const slug = `ke-hoach-${p.year_from}${p.year_to !== p.year_from ? `-${p.year_to}` : ''}-v${p.version}`;
  const resubmission = p.status === 'revision_requested';
  await issueOfficialLetter(ctx, actor, {
    typeCode: 'TTR',
    summary: `${resubmission ? 'Trình lại' : p.version > 1 ? 'Trình điều chỉnh' : 'Trình'} ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)}`.slice(0, 500),
    content: note ?? undefined,
    recipients: [it.id],
    signerName,
    signerPosition,
    replyToId: resubmission ? p.answer_document_id : null,
    files: [
      { fileName: `${slug}.pdf`, bytes: pdf, role: 'main' },
      { fileName: `${slug}.xlsx`, bytes: xlsx, role: 'appendix' },
    ],
  }, {
    // The plan moves with its letter, in the letter's transaction: a second submission racing this one claims nothing and issues nothing.
    within: async (trx, letter) => {
      const at = letter.issuedAt;
      const claimed = await trx.updateTable('plans').set({ status: 'submitted', letter_document_id: letter.documentId, updated_at: at }).where('id', '=', planId).where('status', 'in', [...EDITABLE_STATUSES]).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw notEditable();
      await addEvent(trx, actor, planId, at, 'submitted', { text: note, documentId: letter.documentId });
      await audit(trx, actor, at, 'plan.submit', planId, { letterId: letter.documentId, symbol: letter.symbol, items: plan.items.length, totalCost: plan.totalCost });
    },
  });
  return getPlan(ctx, actor, planId);
}

/** The IT department's comment on one item (or on the plan as a whole); the plan is then under review. */
export async function commentPlan(ctx: AppContext, actor: Actor, planId: number, input: { itemId?: unknown; text?: unknown }) {
  const text = requiredText(input.text, 'text', 'Ý kiến', 4000);
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadVisiblePlan(trx, actor, planId);
    const it = await itOrgOf(trx, p.programme_id);
    assertReviewer(actor, it.id);
    if (!isWithReviewer(p.status)) throw conflict('plan_not_in_review', 'Kế hoạch không ở bước thẩm định.', 'The plan is not under review.');
    let itemId: number | null = null;
    if (input.itemId !== undefined && input.itemId !== null) {
      const item = await trx.selectFrom('plan_items').select('id').where('id', '=', Number(input.itemId)).where('plan_id', '=', planId).executeTakeFirst();
      if (!item) throw invalid('itemId', 'Nhiệm vụ không thuộc kế hoạch này.', 'The item is not in this plan.');
      itemId = item.id;
    }
    const n = await trx.selectFrom('plan_events').select((eb) => eb.fn.countAll<number>().as('n')).where('plan_id', '=', planId).where('kind', '=', 'comment').executeTakeFirstOrThrow();
    if (Number(n.n) >= PLAN_LIMITS.comments) throw refused('too_many_comments', 'Quá nhiều ý kiến cho một kế hoạch.', 'Too many comments on one plan.');
    await addEvent(trx, actor, planId, at, 'comment', { itemId, text });
    await trx.updateTable('plans').set({ status: 'under_review', updated_at: at }).where('id', '=', planId).execute();
    await audit(trx, actor, at, 'plan.comment', planId, { itemId, text });
  });
  return getPlan(ctx, actor, planId);
}

/**
 * The IT department answers: revision asked, or agreed. The answer goes back as a công văn
 * (CV) from the department's register to the agency, replying to its tờ trình, with the
 * comments item by item as PDF.
 */
export async function answerReview(ctx: AppContext, actor: Actor, planId: number, input: { agree?: unknown; text?: unknown; signerName?: unknown; signerPosition?: unknown }) {
  if (typeof input.agree !== 'boolean') throw invalid('agree', 'Hãy chọn thống nhất hoặc đề nghị chỉnh sửa.', 'agree must be true or false.');
  const agree = input.agree;
  const text = agree ? optionalText(input.text, 'text', 'Ý kiến', 4000) ?? 'Sở thống nhất với nội dung kế hoạch.' : requiredText(input.text, 'text', 'Nội dung đề nghị chỉnh sửa', 4000);
  const db = ctx.db.kysely;
  const p = await loadVisiblePlan(db, actor, planId);
  const it = await itOrgOf(db, p.programme_id);
  assertReviewer(actor, it.id);
  if (!isWithReviewer(p.status)) throw conflict('plan_not_in_review', 'Kế hoạch không ở bước thẩm định.', 'The plan is not under review.');
  const signerName = optionalText(input.signerName, 'signerName', 'Người ký', 200) ?? actor.fullName;
  const signerPosition = optionalText(input.signerPosition, 'signerPosition', 'Chức vụ người ký', 200) ?? 'Giám đốc';
  const plan = await getPlan(ctx, actor, planId);
  const pdf = await reviewToPdf(plan, { province: await placeOf(db), itOrgName: it.name, now: ctx.now(), agree, text, signer: signerName });
  await issueOfficialLetter(ctx, actor, {
    typeCode: 'CV',
    summary: `${agree ? 'Ý kiến thống nhất' : 'Đề nghị chỉnh sửa'} ${plan.title.charAt(0).toLowerCase()}${plan.title.slice(1)} của ${plan.agencyName}`.slice(0, 500),
    content: text,
    recipients: [p.agency_id],
    signerName,
    signerPosition,
    replyToId: p.letter_document_id,
    files: [{ fileName: `y-kien-ke-hoach-v${p.version}.pdf`, bytes: pdf, role: 'main' }],
  }, {
    // The answer and the plan's new status in one transaction: a second answer racing this one issues nothing.
    within: async (trx, letter) => {
      const at = letter.issuedAt;
      const claimed = await trx.updateTable('plans').set({ status: agree ? 'agreed' : 'revision_requested', answer_document_id: letter.documentId, updated_at: at }).where('id', '=', planId).where('status', 'in', [...REVIEW_STATUSES]).executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) throw conflict('plan_not_in_review', 'Kế hoạch không ở bước thẩm định.', 'The plan is not under review.');
      await addEvent(trx, actor, planId, at, agree ? 'agreed' : 'revision_requested', { text, documentId: letter.documentId });
      await audit(trx, actor, at, agree ? 'plan.agree' : 'plan.revision', planId, { letterId: letter.documentId, symbol: letter.symbol, text });
    },
  });
  return getPlan(ctx, actor, planId);
}

/**
 * The agency's leader approves the agreed plan by a decision: an issued Quyết định of the
 * exchange, picked by id (its number, date and signer are read from it, never retyped). An
 * earlier approved version of the same plan is superseded by it.
 */
export async function approvePlan(ctx: AppContext, actor: Actor, planId: number, input: { decisionDocumentId?: unknown; effectiveFrom?: unknown }) {
  const decisionId = Number(input.decisionDocumentId);
  if (!Number.isInteger(decisionId) || decisionId < 1) throw invalid('decisionDocumentId', 'Hãy chọn quyết định phê duyệt.', 'decisionDocumentId is required.');
  const effective = optionalDate(input.effectiveFrom, 'effectiveFrom', 'Ngày có hiệu lực');
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadVisiblePlan(trx, actor, planId);
    assertApprover(actor, p.agency_id);
    if (isFrozen(p.status)) throw conflict('plan_approved', 'Phiên bản này đã được phê duyệt.', 'This version is already approved.');
    if (p.status !== 'agreed') throw conflict('plan_not_agreed', 'Kế hoạch chưa được Sở KH&CN thống nhất.', 'The IT department has not agreed to the plan yet.');
    let doc;
    try {
      ({ doc } = await loadVisibleDocument(trx, { ...actor, isProvinceAdmin: false }, decisionId));
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found') throw invalid('decisionDocumentId', 'Quyết định không có trong sổ của cơ quan.', "The decision is not in the agency's registers.");
      throw e;
    }
    if (doc.state !== 'issued' || doc.type_code !== 'QD') throw invalid('decisionDocumentId', 'Văn bản phê duyệt phải là quyết định đã ban hành.', 'The approving document must be an issued decision (QĐ).');
    const used = await trx.selectFrom('plans').select('id').where('decision_document_id', '=', decisionId).executeTakeFirst();
    if (used) throw conflict('decision_used', 'Quyết định này đã phê duyệt một kế hoạch khác.', 'This decision already approves another plan.');
    const effectiveFrom = effective ?? doc.doc_date ?? localDate(new Date(at));
    await trx.updateTable('plans').set({ status: 'superseded', updated_at: at }).where('series_id', '=', p.series_id ?? p.id).where('status', '=', 'approved').execute();
    await trx.updateTable('plans').set({ status: 'approved', decision_document_id: decisionId, effective_from: effectiveFrom, approved_at: at, approved_by: actor.userId, updated_at: at }).where('id', '=', planId).execute();
    await addEvent(trx, actor, planId, at, 'approved', { documentId: decisionId });
    await audit(trx, actor, at, 'plan.approve', planId, { decisionDocumentId: decisionId, symbol: doc.symbol, effectiveFrom });
  });
  return getPlan(ctx, actor, planId);
}

/**
 * Adjusts an approved plan (điều chỉnh, bổ sung): a new version, a draft copy of the items
 * (same keys, so versions compare item by item; progress carried over) with the reason. The
 * approved version stays as it is until the adjustment is itself approved.
 */
export async function adjustPlan(ctx: AppContext, actor: Actor, planId: number, input: { reason?: unknown }) {
  const reason = requiredText(input.reason, 'reason', 'Lý do điều chỉnh', 2000);
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const p = await loadVisiblePlan(trx, actor, planId);
    assertPlanner(actor, p.agency_id);
    if (p.status !== 'approved') throw conflict('plan_not_approved', 'Chỉ điều chỉnh kế hoạch đang có hiệu lực.', 'Only the approved version is adjusted.');
    const series = p.series_id ?? p.id;
    const newer = await trx.selectFrom('plans').select(['id', 'version']).where('series_id', '=', series).where('version', '>', p.version).executeTakeFirst();
    if (newer) throw conflict('adjustment_open', `Đã có phiên bản ${newer.version} đang điều chỉnh.`, `Version ${newer.version} is already being adjusted.`);
    const row = await trx
      .insertInto('plans')
      .values({ series_id: series, version: p.version + 1, agency_id: p.agency_id, programme_id: p.programme_id, kind: p.kind, year_from: p.year_from, year_to: p.year_to, title: p.title, status: 'draft', reason, letter_document_id: null, answer_document_id: null, decision_document_id: null, effective_from: null, approved_at: null, approved_by: null, created_by: actor.userId, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await trx.selectFrom('plan_items').selectAll().where('plan_id', '=', planId).orderBy('position').execute();
    for (let i = 0; i < items.length; i += 100) {
      await trx
        .insertInto('plan_items')
        .values(items.slice(i, i + 100).map(({ id: _id, plan_id: _p, cost, ...rest }) => ({ ...rest, cost: String(cost), plan_id: row.id })))
        .execute();
    }
    await addEvent(trx, actor, row.id, at, 'adjusted', { text: reason });
    await audit(trx, actor, at, 'plan.adjust', row.id, { from: planId, version: p.version + 1, reason });
    return row.id;
  });
  return getPlan(ctx, actor, id);
}

const MAX_EVIDENCE = 10;

/** Evidence: documents of the actor's agency's own registers (issued or received), as tasks pick them. */
async function evidenceIds(db: Executor, actor: Actor, raw: unknown): Promise<number[]> {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_EVIDENCE) throw invalid('evidenceDocumentIds', `Tối đa ${MAX_EVIDENCE} văn bản kiểm chứng.`, `At most ${MAX_EVIDENCE} evidence documents.`);
  const ids = [...new Set(raw.map(Number))];
  for (const id of ids) {
    const missing = invalid('evidenceDocumentIds', `Văn bản ${id} không có trong sổ của cơ quan.`, `Document ${id} is not in your agency's registers.`);
    if (!Number.isInteger(id) || id < 1) throw missing;
    try {
      const { doc } = await loadVisibleDocument(db, { ...actor, isProvinceAdmin: false }, id);
      if (doc.state === 'draft') throw missing;
    } catch (e) {
      if (e instanceof DomainError && e.kind === 'not_found') throw missing;
      throw e;
    }
  }
  return ids;
}

/** Progress on an item of the approved version: percent, status as reported, note, evidence documents. */
export async function reportItemProgress(ctx: AppContext, actor: Actor, itemId: number, input: { percent?: unknown; status?: unknown; note?: unknown; evidenceDocumentIds?: unknown }) {
  const percent = input.percent;
  if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) throw invalid('percent', 'Tiến độ là số nguyên từ 0 đến 100.', 'percent must be an integer from 0 to 100.');
  const status = oneOf(input.status, PROGRESS_REPORTED, 'status', 'Tình trạng');
  const note = optionalText(input.note, 'note', 'Ghi chú', 4000);
  if (status === 'done' && percent !== 100) throw invalid('percent', 'Nhiệm vụ hoàn thành có tiến độ 100%.', 'A done item is at 100%.');
  const at = ctx.now().toISOString();
  const saved = await ctx.db.kysely.transaction().execute(async (trx) => {
    const { plan: p } = await loadVisibleItem(trx, actor, itemId);
    assertPlanner(actor, p.agency_id);
    if (p.status !== 'approved') throw conflict('plan_not_in_force', 'Chỉ báo cáo tiến độ kế hoạch đang có hiệu lực.', 'Progress is reported on the approved version only.');
    const evidence = await evidenceIds(trx, actor, input.evidenceDocumentIds);
    const row = await trx.insertInto('plan_progress').values({ item_id: itemId, at, user_id: actor.userId, user_name: actor.fullName, percent, status, note }).returning('id').executeTakeFirstOrThrow();
    if (evidence.length) await trx.insertInto('plan_progress_evidence').values(evidence.map((document_id) => ({ progress_id: row.id, document_id }))).execute();
    await trx.updateTable('plan_items').set({ progress_percent: percent, progress_status: status, progress_note: note, progress_at: at }).where('id', '=', itemId).execute();
    await audit(trx, actor, at, 'plan.progress', p.id, { itemId, progressId: row.id, percent, status, evidence });
    return { planId: p.id, progressId: row.id };
  });
  // The report's own id: its evidence files go to this report, not to whatever is newest.
  return { progressId: saved.progressId, plan: await getPlan(ctx, actor, saved.planId) };
}

/** The reports on one item, newest first, with their evidence documents. */
export async function itemProgressHistory(ctx: AppContext, actor: Actor, itemId: number) {
  const db = ctx.db.kysely;
  await loadVisibleItem(db, actor, itemId);
  const rows = await db.selectFrom('plan_progress').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').limit(500).execute();
  const ev = rows.length
    ? await db.selectFrom('plan_progress_evidence as e').innerJoin('documents as d', 'd.id', 'e.document_id').select(['e.progress_id', 'd.id', 'd.symbol', 'd.summary', 'd.doc_date']).where('e.progress_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const files = rows.length ? await db.selectFrom('plan_progress_files').select(['id', 'progress_id', 'file_name', 'size', 'mime']).where('progress_id', 'in', rows.map((r) => r.id)).orderBy('id').execute() : [];
  return {
    items: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userName: r.user_name,
      percent: r.percent,
      status: r.status,
      note: r.note,
      evidence: ev.filter((e) => e.progress_id === r.id).map((e) => ({ documentId: e.id, symbol: e.symbol, summary: e.summary, docDate: e.doc_date })),
      files: files.filter((f) => f.progress_id === r.id).map((f) => ({ id: f.id, fileName: f.file_name, size: Number(f.size), mime: f.mime })),
    })),
  };
}

/** What proves progress as a file: a PDF, a photo, a Word or Excel report. */
const PROGRESS_FILE_KINDS: ReadonlySet<FileKind> = new Set(['pdf', 'png', 'jpeg', 'gif', 'tiff', 'webp', 'docx', 'xlsx', 'doc', 'xls', 'odt', 'ods']);
const MAX_PROGRESS_FILES = 10;

/**
 * A file proving a progress report, by a planner of the plan's agency while the plan is in
 * force. Checked by its content (and its name must not say otherwise); stored by hash.
 */
export async function addProgressFile(ctx: AppContext, actor: Actor, itemId: number, progressId: number, file: UploadedFile) {
  const db = ctx.db.kysely;
  const { plan: p } = await loadVisibleItem(db, actor, itemId);
  assertPlanner(actor, p.agency_id);
  if (!(await db.selectFrom('plan_progress').select('id').where('id', '=', progressId).where('item_id', '=', itemId).executeTakeFirst())) throw notFound('progress report');
  if (p.status !== 'approved') throw conflict('plan_not_in_force', 'Chỉ báo cáo tiến độ kế hoạch đang có hiệu lực.', 'Progress is reported on the approved version only.');
  const checked = checkUpload(ctx, file);
  if (!PROGRESS_FILE_KINDS.has(checked.kind)) throw refused('file_type', 'Tệp kiểm chứng là PDF, ảnh, hoặc văn bản Word/Excel.', 'An evidence file is a PDF, an image, or a Word/Excel document.');
  if (!nameFitsKind(checked.fileName, checked.kind)) {
    throw refused('file_name_mismatch', `Tên tệp «${checked.fileName}» không khớp nội dung (tệp ${checked.kind.toUpperCase()}).`, `The name "${checked.fileName}" does not match the content (a ${checked.kind.toUpperCase()} file).`);
  }
  const sha = await storeUpload(ctx, file);
  const at = ctx.now().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const count = await trx.selectFrom('plan_progress_files').select((eb) => eb.fn.countAll<number>().as('n')).where('progress_id', '=', progressId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PROGRESS_FILES) throw conflict('too_many_files', `Tối đa ${MAX_PROGRESS_FILES} tệp cho một lần báo cáo.`, `At most ${MAX_PROGRESS_FILES} files per report.`);
    await trx.insertInto('blobs').values({ sha256: sha, size: checked.size, kind: checked.kind, mime: checked.mime, created_at: at }).onConflict((oc) => oc.column('sha256').doNothing()).execute();
    const row = await trx
      .insertInto('plan_progress_files')
      .values({ progress_id: progressId, sha256: sha, file_name: checked.fileName, size: checked.size, mime: checked.mime, user_id: actor.userId, created_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, at, 'plan.progress.file', p.id, { itemId, progressId, fileId: row.id, fileName: checked.fileName, sha256: sha, size: checked.size });
    return row.id;
  });
  return { id, fileName: checked.fileName, size: checked.size, mime: checked.mime };
}

/** A progress file, to whoever may read the plan (404 otherwise); each download is audited. */
export async function readProgressFile(ctx: AppContext, actor: Actor, itemId: number, fileId: number) {
  const db = ctx.db.kysely;
  const { plan: p } = await loadVisibleItem(db, actor, itemId);
  const f = await db
    .selectFrom('plan_progress_files as f')
    .innerJoin('plan_progress as r', 'r.id', 'f.progress_id')
    .select(['f.sha256', 'f.file_name', 'f.mime', 'f.size', 'f.progress_id'])
    .where('f.id', '=', fileId)
    .where('r.item_id', '=', itemId)
    .executeTakeFirst();
  if (!f) throw notFound('file');
  const at = ctx.now().toISOString();
  await db.transaction().execute((trx) => audit(trx, actor, at, 'plan.progress.file.download', p.id, { itemId, progressId: f.progress_id, fileId, fileName: f.file_name, sha256: f.sha256 }));
  return { sha256: f.sha256, fileName: f.file_name, mime: f.mime, size: Number(f.size) };
}

export async function planFile(ctx: AppContext, actor: Actor, planId: number, kind: 'pdf' | 'xlsx') {
  const plan = await getPlan(ctx, actor, planId);
  const it = await itOrgOf(ctx.db.kysely, plan.programmeId);
  const bytes = kind === 'pdf' ? await planToPdf(plan, { province: await placeOf(ctx.db.kysely), itOrgName: it.name, now: ctx.now() }) : await planToXlsx(plan, { province: await placeOf(ctx.db.kysely), now: ctx.now() });
  return { bytes, fileName: `ke-hoach-${plan.id}-v${plan.version}.${kind}` };
}

