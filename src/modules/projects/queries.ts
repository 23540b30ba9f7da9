import { sql } from 'kysely';
import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { ProjectTable } from '../../db/schema-projects.js';
import { localDate, localYear } from '../../domain/numbering.js';
import { toDong, percentOf } from '../../domain/money.js';
import { fold } from '../../domain/fold.js';
import {
  CAPITAL_SOURCES,
  computeFlags,
  monthlyPlan,
  nextStage,
  ratingBand,
  sumMonthlyPlans,
  varianceBand,
  type CapitalSource,
  type ProjectFlag,
  type ProjectStage,
} from '../../domain/projects.js';
import { editsProgress, isCio, isFinance, loadVisibleProject, seesAllProjects } from './access.js';
import { approvedPlanItems, planItemLinks, type PlanItemLink } from '../plans/index.js';
import { capitalPlansFor, disbursedByMonth, docRefs, isFinished, moneyText, orgNames, plainDocumentIds, projectVariance, type DocRef } from './repo.js';
import { searchDocuments } from '../documents/index.js';
import { forbidden } from '../../domain/errors.js';

export const PROJECT_SORTS = ['cost_variance', 'schedule_variance', 'rating', 'total', 'code', 'name'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export interface ProjectQuery {
  orgId?: number;
  stage?: ProjectStage;
  rating?: number;
  source?: CapitalSource;
  year?: number;
  q?: string;
  sort?: ProjectSort;
  limit?: number;
  offset?: number;
}

/** Project columns of a register row; money read as exact digits. */
const ROW = [
  'p.id',
  'p.code',
  'p.name',
  'p.investing_org_id',
  'p.managing_org_id',
  'p.group_code',
  'p.kind',
  'p.sources',
  'p.start_year',
  'p.end_year',
  'p.stage',
  'p.rating',
  'p.rating_at',
  'p.sv_days',
  'p.sv_bp',
  'p.cv_bp',
  'p.orig_sv_days',
  'p.orig_sv_bp',
  'p.orig_cv_bp',
  'p.next_due',
  'p.last_update_at',
  'p.plan_item_ref',
  'p.target_code',
  'p.baseline_version',
] as const;

async function registerRows(db: Executor, where: (qb: any) => any, order: ProjectSort, limit: number, offset: number) {
  let qb = db
    .selectFrom('projects as p')
    .select([...ROW, moneyText('p.total_investment').as('total_investment'), moneyText('p.spent_total').as('spent_total'), moneyText('p.planned_cost').as('planned_cost'), moneyText('p.projected_cost').as('projected_cost'), moneyText('p.cv_dong').as('cv_dong'), moneyText('p.orig_cv_dong').as('orig_cv_dong')]);
  qb = where(qb);
  // Stored figures: SQL sorts and pages; the worst first.
  if (order === 'cost_variance') qb = qb.orderBy('p.cv_bp', 'desc').orderBy('p.id');
  else if (order === 'schedule_variance') qb = qb.orderBy('p.sv_days', 'desc').orderBy('p.id');
  else if (order === 'rating') qb = qb.orderBy(sql`coalesce(p.rating, 9)`).orderBy('p.id');
  else if (order === 'total') qb = qb.orderBy('p.total_investment', 'desc').orderBy('p.id');
  else if (order === 'name') qb = qb.orderBy('p.name').orderBy('p.id');
  else qb = qb.orderBy('p.code');
  return qb.limit(limit).offset(offset).execute() as Promise<RegisterRow[]>;
}

type RegisterRow = Pick<ProjectTable, 'code' | 'name' | 'investing_org_id' | 'managing_org_id' | 'group_code' | 'kind' | 'sources' | 'start_year' | 'end_year' | 'stage' | 'rating' | 'rating_at' | 'sv_days' | 'sv_bp' | 'cv_bp' | 'orig_sv_days' | 'orig_sv_bp' | 'orig_cv_bp' | 'next_due' | 'last_update_at' | 'plan_item_ref' | 'target_code' | 'baseline_version'> & {
  id: number;
  total_investment: string;
  spent_total: string;
  planned_cost: string;
  projected_cost: string;
  cv_dong: string;
  orig_cv_dong: string;
};

function applyFilters(qb: any, f: ProjectQuery, actor: Actor | null) {
  if (actor && !seesAllProjects(actor)) qb = qb.where((eb: any) => eb.or([eb('p.investing_org_id', '=', actor.agencyId), eb('p.managing_org_id', '=', actor.agencyId)]));
  if (f.orgId) qb = qb.where('p.investing_org_id', '=', f.orgId);
  if (f.stage) qb = qb.where('p.stage', '=', f.stage);
  if (f.rating) qb = qb.where('p.rating', '=', f.rating);
  if (f.source) qb = qb.where(sql`(',' || p.sources || ',')`, 'like', `%,${f.source},%`);
  if (f.year) qb = qb.where('p.start_year', '<=', f.year).where('p.end_year', '>=', f.year);
  if (f.q) for (const w of fold(f.q).split(/\s+/).filter(Boolean).slice(0, 8)) qb = qb.where('p.search', 'like', `%${w.replace(/[%_\\]/g, '')}%`);
  return qb;
}

/** Flags of the rows on one page: the late milestone is one stored date; the disbursement curve one grouped read. */
async function flagsOf(db: Executor, rows: { id: number; next_due: string | null; last_update_at: string; stage: ProjectStage }[], now: Date): Promise<Map<number, ProjectFlag[]>> {
  const today = localDate(now);
  const y = localYear(now);
  const ids = rows.map((r) => r.id);
  // Entries are never in the future: the year's disbursed total is the disbursement to date.
  const plans = await capitalPlansFor(db, ids, y);
  const out = new Map<number, ProjectFlag[]>();
  for (const r of rows) {
    const plan = plans.get(r.id);
    out.set(
      r.id,
      computeFlags({
        today,
        milestones: r.next_due ? [{ plannedEnd: r.next_due, actualEnd: null }] : [],
        capital: plan ? { monthly: monthlyPlan(plan.amount, plan.monthly ? JSON.parse(plan.monthly) : null), disbursedByMonth: [plan.disbursed] } : null,
        lastUpdateAt: localDate(new Date(r.last_update_at)),
        finished: isFinished(r.stage),
      }),
    );
  }
  return out;
}

function rowView(r: RegisterRow, names: Map<number, string>, flags: ProjectFlag[]) {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    investingOrgId: r.investing_org_id,
    investingOrgName: names.get(r.investing_org_id) ?? '',
    managingOrgId: r.managing_org_id,
    managingOrgName: r.managing_org_id ? (names.get(r.managing_org_id) ?? null) : null,
    group: r.group_code,
    kind: r.kind,
    sources: r.sources.split(',').filter((s): s is CapitalSource => (CAPITAL_SOURCES as readonly string[]).includes(s)),
    startYear: r.start_year,
    endYear: r.end_year,
    stage: r.stage,
    totalInvestment: toDong(r.total_investment).toString(),
    spent: toDong(r.spent_total).toString(),
    plannedCost: toDong(r.planned_cost).toString(),
    projectedCost: toDong(r.projected_cost).toString(),
    baselineVersion: r.baseline_version,
    variance: {
      scheduleDays: r.sv_days,
      schedulePct: r.sv_bp / 100,
      costDong: toDong(r.cv_dong).toString(),
      costPct: r.cv_bp / 100,
      scheduleBand: r.baseline_version ? varianceBand(r.sv_bp) : null,
      costBand: r.baseline_version ? varianceBand(r.cv_bp) : null,
    },
    originalVariance: { scheduleDays: r.orig_sv_days, schedulePct: r.orig_sv_bp / 100, costDong: toDong(r.orig_cv_dong).toString(), costPct: r.orig_cv_bp / 100 },
    rating: r.rating,
    ratingAt: r.rating_at,
    ratingBand: ratingBand(r.rating),
    flags,
    planItemRef: r.plan_item_ref,
    targetCode: r.target_code,
    lastUpdateAt: r.last_update_at,
  };
}
export type ProjectRowView = ReturnType<typeof rowView>;

/** The register: filters, stored-figure sort, paging; the actor's projects unless their role sees the province. */
export async function listProjects(ctx: AppContext, actor: Actor | null, f: ProjectQuery) {
  const db = ctx.db.kysely;
  const limit = Math.min(f.limit ?? 50, 5000);
  const offset = f.offset ?? 0;
  const [rows, count] = await Promise.all([
    registerRows(db, (qb) => applyFilters(qb, f, actor), f.sort ?? 'cost_variance', limit, offset),
    applyFilters(db.selectFrom('projects as p'), f, actor).select(sql<number>`count(*)`.as('n')).executeTakeFirst() as Promise<{ n: number } | undefined>,
  ]);
  const names = await orgNames(db, rows.flatMap((r) => [r.investing_org_id, ...(r.managing_org_id ? [r.managing_org_id] : [])]));
  const flags = await flagsOf(db, rows, ctx.now());
  return { total: Number(count?.n ?? 0), items: rows.map((r) => rowView(r, names, flags.get(r.id) ?? [])) };
}

const docView = (m: Map<number, DocRef>, id: number | null) => (id ? (m.get(id) ?? null) : null);

/** One project with its stages and documents, baselines, milestones and variance, ratings, appraisals, capital and disbursements. */
export async function getProject(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const p = await loadVisibleProject(db, actor, id);
  const [row] = await registerRows(db, (qb) => qb.where('p.id', '=', id), 'code', 1, 0);
  const [stages, baselines, ratings, appraisals, plans, disb, variance] = await Promise.all([
    db.selectFrom('project_stages').selectAll().where('project_id', '=', id).orderBy('id').execute(),
    db.selectFrom('project_baselines').select(['id', 'version', 'reason', 'document_id', moneyText('total_cost').as('total_cost'), 'user_name', 'at']).where('project_id', '=', id).orderBy('version').execute(),
    db.selectFrom('project_ratings').selectAll().where('project_id', '=', id).orderBy('id', 'desc').execute(),
    db.selectFrom('project_appraisals').selectAll().where('project_id', '=', id).orderBy('id').execute(),
    db.selectFrom('capital_plans').select(['id', 'year', moneyText('allocated').as('allocated'), moneyText('amount').as('amount'), moneyText('disbursed').as('disbursed'), 'monthly', 'document_id']).where('project_id', '=', id).orderBy('year').execute(),
    db.selectFrom('disbursements').select(['id', 'year', 'month', 'paid_on', moneyText('amount').as('amount'), 'payment_ref', 'document_id', 'note']).where('project_id', '=', id).orderBy('paid_on', 'desc').orderBy('id', 'desc').limit(500).execute(),
    projectVariance(db, p),
  ]);
  const changes = plans.length
    ? await db.selectFrom('capital_plan_changes').select(['id', 'capital_plan_id', 'kind', moneyText('amount_from').as('amount_from'), moneyText('amount_to').as('amount_to'), 'document_id', 'reason', 'user_name', 'at']).where('capital_plan_id', 'in', plans.map((c) => c.id)).orderBy('id').execute()
    : [];
  const docs = await docRefs(db, [...stages.map((s) => s.document_id), ...baselines.map((b) => b.document_id), ...appraisals.flatMap((a) => [a.request_document_id, a.reply_document_id]), ...plans.map((c) => c.document_id), ...changes.map((c) => c.document_id), ...disb.map((d) => d.document_id)]);
  const names = await orgNames(db, [p.investing_org_id, ...(p.managing_org_id ? [p.managing_org_id] : []), ...appraisals.map((a) => a.appraising_org_id)]);
  const flags = (await flagsOf(db, [row!], ctx.now())).get(id) ?? [];
  const y = localYear(ctx.now());
  const progressBy = new Map(variance.progress.map((m) => [m.code, m]));
  const may = editsProgress(actor, p);
  const item = p.plan_item_id ? ((await planItemLinks(db, [p.plan_item_id])).get(p.plan_item_id) ?? null) : null;
  const target = item?.targets.find((t) => t.id === p.plan_target_id) ?? null;
  return {
    ...rowView(row!, names, flags),
    objective: p.objective,
    planItem: item ? planItemView(item) : null,
    target,
    nextStage: nextStage(p.stage),
    stages: stages.map((s) => ({ id: s.id, stage: s.stage, at: s.at, userName: s.user_name, note: s.note, document: docView(docs, s.document_id) })),
    baselines: baselines.map((b) => ({ id: b.id, version: b.version, reason: b.reason, totalCost: toDong(b.total_cost).toString(), userName: b.user_name, at: b.at, current: b.id === p.current_baseline_id, document: docView(docs, b.document_id) })),
    varianceCurrent: variance.current,
    varianceOriginal: variance.original,
    milestones: variance.plannedCurrent.map((m) => {
      const g = progressBy.get(m.code);
      return {
        code: m.code,
        name: m.name,
        plannedStart: m.plannedStart,
        plannedEnd: m.plannedEnd,
        plannedCost: m.plannedCost.toString(),
        actualStart: g?.actualStart ?? null,
        actualEnd: g?.actualEnd ?? null,
        forecastEnd: g?.forecastEnd ?? null,
        actualCost: g?.actualCost?.toString() ?? null,
        forecastCost: g?.forecastCost?.toString() ?? null,
        percent: g?.percent ?? 0,
        note: g?.note ?? null,
      };
    }),
    ratings: ratings.map((r) => ({ id: r.id, rating: r.rating, band: ratingBand(r.rating)!, comment: r.comment, userName: r.user_name, at: r.at })),
    appraisals: appraisals.map((a) => ({ id: a.id, kind: a.kind, appraisingOrgId: a.appraising_org_id, appraisingOrgName: names.get(a.appraising_org_id) ?? '', requestedAt: a.requested_at, closedAt: a.closed_at, conclusion: a.conclusion, request: docView(docs, a.request_document_id), reply: docView(docs, a.reply_document_id) })),
    capitalPlans: plans.map((c) => {
      const amount = toDong(c.amount);
      return {
        year: c.year,
        allocated: toDong(c.allocated).toString(),
        amount: amount.toString(),
        disbursed: toDong(c.disbursed).toString(),
        rate: percentOf(toDong(c.disbursed), amount),
        monthly: monthlyPlan(amount, c.monthly ? JSON.parse(c.monthly) : null).map(String),
        document: docView(docs, c.document_id),
        changes: changes.filter((h) => h.capital_plan_id === c.id).map((h) => ({ kind: h.kind, from: h.amount_from === null ? null : toDong(h.amount_from).toString(), to: toDong(h.amount_to).toString(), reason: h.reason, userName: h.user_name, at: h.at, document: docView(docs, h.document_id) })),
      };
    }),
    disbursements: disb.map((d) => ({ id: d.id, year: d.year, month: d.month, paidOn: d.paid_on, amount: toDong(d.amount).toString(), paymentRef: d.payment_ref, note: d.note, document: docView(docs, d.document_id) })),
    disbursedByMonth: ((await disbursedByMonth(db, [id], y)).get(id) ?? Array.from({ length: 12 }, () => 0n)).map(String),
    currentYear: y,
    can: {
      progress: may,
      rate: isCio(actor),
      capital: isFinance(actor),
      disburse: may || isFinance(actor),
      appraise: may && p.stage === 'appraisal',
    },
  };
}

/**
 * The province-wide disbursement table the People's Committee asks for every month: each
 * project's capital plan of the year, disbursed, rate; totals and the monthly curve of the
 * province. One range read of the capital plans (their disbursed sum is kept with each entry).
 */
export async function provinceDisbursement(ctx: AppContext, actor: Actor, year: number, orgId?: number) {
  const db = ctx.db.kysely;
  let qb = db
    .selectFrom('capital_plans as c')
    .innerJoin('projects as p', 'p.id', 'c.project_id')
    .innerJoin('organizations as o', 'o.id', 'p.investing_org_id')
    .select(['p.id', 'p.code', 'p.name', 'p.investing_org_id', 'o.name as org_name', 'p.stage', moneyText('c.allocated').as('allocated'), moneyText('c.amount').as('amount'), moneyText('c.disbursed').as('disbursed'), 'c.monthly'])
    .where('c.year', '=', year);
  const narrowed = !seesAllProjects(actor) || orgId !== undefined;
  if (!seesAllProjects(actor)) qb = qb.where((eb) => eb.or([eb('p.investing_org_id', '=', actor.agencyId), eb('p.managing_org_id', '=', actor.agencyId)]));
  if (orgId) qb = qb.where('p.investing_org_id', '=', orgId);
  const monthsOf = (ids: number[] | null) => {
    let mq = db.selectFrom('disbursement_months as d').select(['d.month', sql<string>`cast(sum(d.amount) as text)`.as('s')]).where('d.year', '=', year);
    if (ids) mq = ids.length ? mq.where('d.project_id', 'in', ids) : mq.where(sql<boolean>`1 = 0`);
    return mq.groupBy('d.month').execute();
  };
  // The province's curve needs not wait for the rows when the whole province is asked.
  const [rows, wide] = await Promise.all([qb.orderBy('p.investing_org_id').orderBy('p.code').execute(), narrowed ? Promise.resolve(null) : monthsOf(null)]);
  const months = wide ?? (await monthsOf(rows.map((r) => r.id)));
  // One pass over the rows; the amounts are canonical digits from the database (bigint cast as text).
  let totalPlan = 0n;
  let totalDisbursed = 0n;
  const plans: { amount: bigint; monthly: string[] | null }[] = [];
  const items = rows.map((r) => {
    const amount = BigInt(r.amount);
    const disbursed = BigInt(r.disbursed);
    totalPlan += amount;
    totalDisbursed += disbursed;
    plans.push({ amount, monthly: r.monthly ? (JSON.parse(r.monthly) as string[]) : null });
    return { projectId: r.id, code: r.code, name: r.name, investingOrgId: r.investing_org_id, investingOrgName: r.org_name, stage: r.stage, allocated: r.allocated, plan: r.amount, disbursed: r.disbursed, rate: percentOf(disbursed, amount) };
  });
  const planned = sumMonthlyPlans(plans);
  const actual = Array.from({ length: 12 }, () => 0n);
  for (const m of months) actual[m.month - 1] = toDong(m.s);
  return {
    year,
    items,
    totals: { plan: totalPlan.toString(), disbursed: totalDisbursed.toString(), rate: percentOf(totalDisbursed, totalPlan) },
    plannedByMonth: planned.map(String),
    disbursedByMonth: actual.map(String),
  };
}

/** A plan item as a project shows it: its plan (a link), number and content, the targets it serves. */
const planItemView = (i: PlanItemLink) => ({
  id: i.id,
  planId: i.planId,
  planTitle: i.planTitle,
  inForce: i.planStatus === 'approved',
  position: i.position,
  content: i.content,
  targets: i.targets,
});

/** The items a project of `orgId` may point at: those of the agency's approved IT plans (registering: the agency itself or Finance). */
/**
 * The documents a disbursement of the project may stand on (payment request, withdrawal
 * order…): issued, not secret, of the investing agency's registers — issued by it or sent to
 * it — newest first; `q` searches their number, summary and signer as the search does,
 * diacritics and case folded. For whoever may record the disbursement (the investing
 * agency's officers, Finance), whatever their own agency's registers hold.
 */
export async function paymentDocuments(ctx: AppContext, actor: Actor, id: number, q?: string) {
  const p = await loadVisibleProject(ctx.db.kysely, actor, id);
  if (!editsProgress(actor, p) && !isFinance(actor)) throw forbidden('Chỉ chủ đầu tư hoặc Sở Tài chính ghi giải ngân của dự án này.', "Only the investing agency or Finance records this project's disbursements.");
  const found = await searchDocuments(ctx, { ...actor, agencyId: p.investing_org_id, isProvinceAdmin: false }, { q, state: 'issued', limit: 20 });
  const plain = await plainDocumentIds(ctx.db.kysely, found.items.map((d) => d.id));
  return {
    items: found.items
      .filter((d) => plain.has(d.id))
      .map((d) => ({ id: d.id, symbol: d.symbol, summary: d.summary, docDate: d.docDate, direction: d.direction, senderName: d.senderName ?? null })),
  };
}

export async function linkablePlanItems(ctx: AppContext, actor: Actor, orgId: number) {
  if (!isFinance(actor) && actor.agencyId !== orgId) return { items: [] };
  return { items: (await approvedPlanItems(ctx.db.kysely, orgId)).map(planItemView) };
}
