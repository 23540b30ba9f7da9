import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import { DomainError, conflict, forbidden, invalid, notFound, refused } from '../../domain/errors.js';
import { optionalText, requiredText } from '../../domain/validate.js';
import { parseDong, percentOf, sumDong, toDong } from '../../domain/money.js';
import { hasRole } from '../context.js';
import { appendAudit } from '../audit/service.js';
import { getOrg } from '../directory/repo.js';
import type { BudgetLineTable } from '../../db/schema-projects.js';
import { DECISION_FITS } from '../../domain/projects.js';
import { isFinance } from './access.js';
import { docRefs, moneyText, orgNames, type DocRef } from './repo.js';
import { decisionDocument } from './service.js';

/**
 * The recurrent IT budget (point 6): a line per agency, year and plan item goes through
 * dự toán (the agency's estimate) → giao dự toán (Finance's allocation, by decision) →
 * điều chỉnh (Finance, by decision) → spending reported quarterly by the agency → quyết toán
 * (Finance, by decision). Finance sees the province; an agency its own lines.
 */

const worksForAgency = (actor: Actor, orgId: number) => actor.agencyId === orgId && hasRole(actor, 'leader', 'specialist');

const MONEY_COLS = ['estimate', 'allocated', 'adjusted', 'spent_q1', 'spent_q2', 'spent_q3', 'spent_q4', 'settled'] as const;

async function loadLine(db: Executor, actor: Actor, id: number) {
  const line = await db
    .selectFrom('budget_lines')
    .select(['id', 'org_id', 'year', 'name', 'plan_item_ref', 'status', 'allocated_document_id', 'adjusted_document_id', 'settled_document_id', ...MONEY_COLS.map((c) => moneyText(c).as(c))])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!line || (!isFinance(actor) && !actor.isProvinceAdmin && line.org_id !== actor.agencyId)) throw notFound('budget line');
  return line;
}
type Line = Awaited<ReturnType<typeof loadLine>>;

const dongOrNull = (v: string | null) => (v === null ? null : toDong(v));

function view(l: Line, names: Map<number, string>, docs: Map<number, DocRef>) {
  const current = dongOrNull(l.adjusted) ?? dongOrNull(l.allocated) ?? toDong(l.estimate);
  const quarters = [l.spent_q1, l.spent_q2, l.spent_q3, l.spent_q4];
  const spent = sumDong(quarters);
  const d = (id: number | null) => (id ? (docs.get(id) ?? null) : null);
  return {
    id: l.id,
    orgId: l.org_id,
    orgName: names.get(l.org_id) ?? '',
    year: l.year,
    name: l.name,
    planItemRef: l.plan_item_ref,
    status: l.status,
    estimate: toDong(l.estimate).toString(),
    allocated: dongOrNull(l.allocated)?.toString() ?? null,
    allocatedDocument: d(l.allocated_document_id),
    adjusted: dongOrNull(l.adjusted)?.toString() ?? null,
    adjustedDocument: d(l.adjusted_document_id),
    current: current.toString(),
    spentByQuarter: quarters.map((q) => dongOrNull(q)?.toString() ?? null),
    spent: spent.toString(),
    rate: percentOf(spent, current),
    settled: dongOrNull(l.settled)?.toString() ?? null,
    settledDocument: d(l.settled_document_id),
  };
}

/** The budget table of a year: Finance sees every agency (or one, by orgId); an agency its own. */
export async function listBudget(ctx: AppContext, actor: Actor, year: number, orgId?: number) {
  const db = ctx.db.kysely;
  let qb = db
    .selectFrom('budget_lines')
    .select(['id', 'org_id', 'year', 'name', 'plan_item_ref', 'status', 'allocated_document_id', 'adjusted_document_id', 'settled_document_id', ...MONEY_COLS.map((c) => moneyText(c).as(c))])
    .where('year', '=', year);
  if (!isFinance(actor) && !actor.isProvinceAdmin) qb = qb.where('org_id', '=', actor.agencyId);
  else if (orgId) qb = qb.where('org_id', '=', orgId);
  const rows = await qb.orderBy('org_id').orderBy('id').limit(5000).execute();
  const names = await orgNames(db, rows.map((r) => r.org_id));
  const docs = await docRefs(db, rows.flatMap((r) => [r.allocated_document_id, r.adjusted_document_id, r.settled_document_id]));
  const items = rows.map((r) => view(r, names, docs));
  return {
    year,
    items,
    totals: {
      estimate: sumDong(items.map((i) => i.estimate)).toString(),
      allocated: sumDong(items.map((i) => i.allocated)).toString(),
      current: sumDong(items.map((i) => i.current)).toString(),
      spent: sumDong(items.map((i) => i.spent)).toString(),
      settled: sumDong(items.map((i) => i.settled)).toString(),
    },
  };
}

async function answer(ctx: AppContext, actor: Actor, id: number) {
  const l = await loadLine(ctx.db.kysely, actor, id);
  const names = await orgNames(ctx.db.kysely, [l.org_id]);
  const docs = await docRefs(ctx.db.kysely, [l.allocated_document_id, l.adjusted_document_id, l.settled_document_id]);
  return view(l, names, docs);
}

const nonNegative = (v: unknown, field: string, label: string) => {
  const n = parseDong(v, field, label);
  if (n < 0n) throw invalid(field, `${label} không được âm.`, `${field} may not be negative.`);
  return n;
};

/** An agency submits its estimate (dự toán) for a year; Finance may enter one for an agency. */
export async function createBudgetLine(ctx: AppContext, actor: Actor, input: { orgId?: unknown; year?: unknown; name?: unknown; planItemRef?: unknown; estimate?: unknown }) {
  const orgId = input.orgId === undefined ? actor.agencyId : Number(input.orgId);
  const org = await getOrg(ctx.db.kysely, orgId);
  if (!org || org.kind !== 'agency') throw invalid('orgId', 'Cơ quan không có trong danh bạ.', 'The agency is not in the directory.');
  if (!worksForAgency(actor, orgId) && !isFinance(actor)) throw forbidden('Chỉ lãnh đạo, chuyên viên của cơ quan (hoặc Sở Tài chính) lập dự toán.', "Only the agency's leaders and specialists (or Finance) submit an estimate.");
  const year = Number(input.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw invalid('year', 'Năm từ 2000 đến 2100.', 'year must be from 2000 to 2100.');
  const name = requiredText(input.name, 'name', 'Nội dung chi', 500);
  const estimate = nonNegative(input.estimate, 'estimate', 'Dự toán');
  const at = ctx.now().toISOString();
  const id = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('budget_lines')
      .values({ org_id: orgId, year, name, plan_item_ref: optionalText(input.planItemRef, 'planItemRef', 'Nhiệm vụ kế hoạch', 100), status: 'estimated', estimate: estimate.toString(), created_by: actor.userId, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'budget.estimate', entityType: 'budget_line', entityId: row.id, data: { orgId, year, estimate: estimate.toString() } });
    return row.id;
  });
  return answer(ctx, actor, id);
}

type Step = 'allocate' | 'adjust' | 'settle';

/** Finance's decisions on a line: allocation, adjustment, settlement — each by its decision document. */
export async function decideBudget(ctx: AppContext, actor: Actor, id: number, step: Step, input: { amount?: unknown; documentId?: unknown }) {
  const amount = nonNegative(input.amount, 'amount', 'Số tiền');
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const l = await loadLine(trx, actor, id);
    if (!isFinance(actor)) throw forbidden('Chỉ Sở Tài chính giao, điều chỉnh, quyết toán dự toán.', 'Only Finance allocates, adjusts and settles.');
    if (l.status === 'settled') throw conflict('budget_settled', 'Dòng dự toán đã quyết toán.', 'The line is already settled.');
    if (step === 'allocate' && l.status !== 'estimated') throw conflict('budget_allocated', 'Dự toán đã được giao: hãy điều chỉnh.', 'Already allocated: adjust it.');
    if (step !== 'allocate' && l.status === 'estimated') throw refused('budget_not_allocated', 'Dự toán chưa được giao.', 'The line is not allocated yet.');
    const documentId = await decisionDocument(trx, actor, input.documentId, step === 'settle' ? DECISION_FITS.budgetSettle : DECISION_FITS.budget);
    const set =
      step === 'allocate'
        ? { allocated: amount.toString(), allocated_document_id: documentId, status: 'allocated' as const }
        : step === 'adjust'
          ? { adjusted: amount.toString(), adjusted_document_id: documentId, status: 'adjusted' as const }
          : { settled: amount.toString(), settled_document_id: documentId, status: 'settled' as const };
    await trx.updateTable('budget_lines').set({ ...set, updated_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: `budget.${step}`, entityType: 'budget_line', entityId: id, data: { amount: amount.toString(), documentId } });
  });
  return answer(ctx, actor, id);
}

/** The agency reports what it spent in a quarter (thực hiện), replacing its earlier figure for that quarter. */
export async function reportSpending(ctx: AppContext, actor: Actor, id: number, input: { quarter?: unknown; amount?: unknown }) {
  const q = input.quarter;
  if (q !== 1 && q !== 2 && q !== 3 && q !== 4) throw invalid('quarter', 'Quý từ 1 đến 4.', 'quarter must be 1 to 4.');
  const amount = nonNegative(input.amount, 'amount', 'Số đã chi');
  const at = ctx.now().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const l = await loadLine(trx, actor, id);
    if (!worksForAgency(actor, l.org_id)) throw new DomainError('forbidden', 'forbidden', 'Chỉ cơ quan sử dụng kinh phí báo cáo thực hiện.', 'Only the spending agency reports spending.');
    if (l.status === 'estimated') throw refused('budget_not_allocated', 'Dự toán chưa được giao.', 'The line is not allocated yet.');
    if (l.status === 'settled') throw conflict('budget_settled', 'Dòng dự toán đã quyết toán.', 'The line is already settled.');
    const col = `spent_q${q}` as const satisfies keyof BudgetLineTable;
    await trx.updateTable('budget_lines').set({ [col]: amount.toString(), updated_at: at }).where('id', '=', id).execute();
    await appendAudit(trx, { at, actorUserId: actor.userId, orgId: actor.agencyId, action: 'budget.spending', entityType: 'budget_line', entityId: id, data: { quarter: q, amount: amount.toString() } });
  });
  return answer(ctx, actor, id);
}
