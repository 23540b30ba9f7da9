import type { AppContext, Actor } from '../context.js';
import type { Executor } from '../../db/connect.js';
import type { Selectable } from 'kysely';
import type { PlanItemTable, PlanTable } from '../../db/schema-plans.js';
import { formatDong, sumDong, toDong } from '../../domain/money.js';
import { localDate } from '../../domain/numbering.js';
import { diffItems, isEditable, isWithReviewer, itemProgressStatus, planStatus, type PlanItemFields, type PlanStatus } from '../../domain/plans.js';
import { invalid } from '../../domain/errors.js';
import { isApprover, isPlanner, isReviewer, loadVisiblePlan, readsAllPlans } from './access.js';

type PlanRow = Omit<PlanTable, 'id'> & { id: number };
type ItemRow = Selectable<PlanItemTable>;

export type DocRef = {
  id: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  signerName: string | null;
  signerPosition: string | null;
};

async function docRefs(db: Executor, ids: (number | null)[]): Promise<Map<number, DocRef>> {
  const list = [...new Set(ids.filter((i): i is number => i !== null))];
  const out = new Map<number, DocRef>();
  if (!list.length) return out;
  const rows = await db.selectFrom('documents').select(['id', 'symbol', 'doc_date', 'summary', 'signer_name', 'signer_position']).where('id', 'in', list).execute();
  for (const d of rows) out.set(d.id, { id: d.id, symbol: d.symbol, docDate: d.doc_date, summary: d.summary, signerName: d.signer_name, signerPosition: d.signer_position });
  return out;
}

export const itemFields = (i: ItemRow): PlanItemFields & { key: string } => ({
  key: i.item_key,
  content: i.content,
  objective: i.objective,
  targetIds: JSON.parse(i.target_ids) as number[],
  leadUnit: i.lead_unit,
  cooperatingUnits: i.cooperating_units,
  startDate: i.start_date,
  endDate: i.end_date,
  expectedOutput: i.expected_output,
  cost: toDong(i.cost).toString(),
  fundSource: i.fund_source,
  priority: i.priority,
});

function itemView(i: ItemRow, today: string, targets: Map<number, { code: string; title: string }>) {
  const f = itemFields(i);
  return {
    id: i.id,
    ...f,
    position: i.position,
    targets: f.targetIds.map((id) => ({ id, indicatorCode: targets.get(id)?.code ?? '', title: targets.get(id)?.title ?? '' })),
    costText: formatDong(f.cost),
    progress: { percent: i.progress_percent, reported: i.progress_status, status: itemProgressStatus(i.progress_status, i.end_date, today), note: i.progress_note, at: i.progress_at },
  };
}
export type PlanItemView = ReturnType<typeof itemView>;

function can(actor: Actor, p: PlanRow, itOrgId: number, latestApproved: boolean, openAdjustment: boolean) {
  return {
    edit: isPlanner(actor, p.agency_id) && isEditable(p.status),
    submit: isPlanner(actor, p.agency_id) && isEditable(p.status),
    review: isReviewer(actor, itOrgId) && isWithReviewer(p.status),
    approve: isApprover(actor, p.agency_id) && p.status === 'agreed',
    adjust: isPlanner(actor, p.agency_id) && p.status === 'approved' && latestApproved && !openAdjustment,
    report: isPlanner(actor, p.agency_id) && p.status === 'approved',
  };
}

async function summaries(ctx: AppContext, actor: Actor, rows: PlanRow[]) {
  const db = ctx.db.kysely;
  const today = localDate(ctx.now());
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.map((r) => r.agency_id))];
  const orgs = new Map<number, string>();
  if (orgIds.length) for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute()) orgs.set(o.id, o.name);
  const programmes = new Map<number, number>();
  const progIds = [...new Set(rows.map((r) => r.programme_id))];
  if (progIds.length) for (const p of await db.selectFrom('programmes').select(['id', 'it_org_id']).where('id', 'in', progIds).execute()) programmes.set(p.id, p.it_org_id);
  const costs = new Map<number, { n: number; cost: bigint }>();
  if (ids.length) {
    for (const i of await db.selectFrom('plan_items').select(['plan_id', 'cost']).where('plan_id', 'in', ids).execute()) {
      const c = costs.get(i.plan_id) ?? { n: 0, cost: 0n };
      costs.set(i.plan_id, { n: c.n + 1, cost: c.cost + toDong(i.cost) });
    }
  }
  const seriesIds = [...new Set(rows.map((r) => r.series_id ?? r.id))];
  const siblings = seriesIds.length ? await db.selectFrom('plans').select(['id', 'series_id', 'version', 'status']).where('series_id', 'in', seriesIds).execute() : [];
  const docs = await docRefs(db, rows.flatMap((r) => [r.letter_document_id, r.answer_document_id, r.decision_document_id]));
  return rows.map((p) => {
    const series = siblings.filter((s) => s.series_id === (p.series_id ?? p.id));
    const maxApproved = Math.max(0, ...series.filter((s) => s.status === 'approved').map((s) => s.version));
    const openAdjustment = series.some((s) => s.version > p.version && s.status !== 'approved' && s.status !== 'superseded');
    const status: PlanStatus = planStatus(p.status, p.effective_from, today);
    const c = costs.get(p.id) ?? { n: 0, cost: 0n };
    return {
      id: p.id,
      seriesId: p.series_id ?? p.id,
      version: p.version,
      agencyId: p.agency_id,
      agencyName: orgs.get(p.agency_id) ?? '',
      programmeId: p.programme_id,
      kind: p.kind,
      yearFrom: p.year_from,
      yearTo: p.year_to,
      title: p.title,
      status,
      reason: p.reason,
      letter: p.letter_document_id ? docs.get(p.letter_document_id) ?? null : null,
      answer: p.answer_document_id ? docs.get(p.answer_document_id) ?? null : null,
      decision: p.decision_document_id ? docs.get(p.decision_document_id) ?? null : null,
      effectiveFrom: p.effective_from,
      approvedAt: p.approved_at,
      itemCount: c.n,
      totalCost: c.cost.toString(),
      totalCostText: formatDong(c.cost),
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      can: can(actor, p, programmes.get(p.programme_id) ?? 0, p.version === maxApproved, openAdjustment),
    };
  });
}
export type PlanSummary = Awaited<ReturnType<typeof summaries>>[number];

export interface PlanQuery {
  agencyId?: number;
  status?: PlanStatus;
  year?: number;
  queue?: 'review';
  limit?: number;
  offset?: number;
}

/** Plans the actor may see, newest first; the review queue is what waits for the IT department. */
export async function listPlans(ctx: AppContext, actor: Actor, q: PlanQuery) {
  let query = ctx.db.kysely.selectFrom('plans').selectAll();
  if (!(await readsAllPlans(ctx.db.kysely, actor))) query = query.where('agency_id', '=', actor.agencyId);
  if (q.agencyId) query = query.where('agency_id', '=', q.agencyId);
  if (q.year) query = query.where('year_from', '<=', q.year).where('year_to', '>=', q.year);
  if (q.queue === 'review') query = query.where('status', 'in', ['submitted', 'under_review']);
  const stored = q.status === 'in_force' ? 'approved' : q.status;
  if (stored) query = query.where('status', '=', stored);
  const rows = await query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(2000).execute();
  let items = await summaries(ctx, actor, rows);
  if (q.status === 'in_force' || q.status === 'approved') items = items.filter((p) => p.status === q.status);
  const offset = q.offset ?? 0;
  return { total: items.length, items: items.slice(offset, offset + (q.limit ?? 100)) };
}

export async function getPlan(ctx: AppContext, actor: Actor, id: number) {
  const db = ctx.db.kysely;
  const p = await loadVisiblePlan(db, actor, id);
  const [summary] = await summaries(ctx, actor, [p]);
  const today = localDate(ctx.now());
  const items = await db.selectFrom('plan_items').selectAll().where('plan_id', '=', id).orderBy('position').orderBy('id').execute();
  const targetRows = await db.selectFrom('programme_targets').select(['id', 'indicator_code', 'title']).where('programme_id', '=', p.programme_id).execute();
  const targets = new Map(targetRows.map((t) => [t.id, { code: t.indicator_code, title: t.title }]));
  const events = await db.selectFrom('plan_events as e').innerJoin('organizations as o', 'o.id', 'e.org_id').select(['e.id', 'e.item_id', 'e.kind', 'e.org_id', 'o.name as org_name', 'e.user_name', 'e.at', 'e.text', 'e.document_id']).where('e.plan_id', '=', id).orderBy('e.id').limit(2000).execute();
  const docs = await docRefs(db, events.map((e) => e.document_id));
  const versions = await db.selectFrom('plans').select(['id', 'version', 'status', 'effective_from', 'reason', 'created_at']).where('series_id', '=', p.series_id ?? p.id).orderBy('version').execute();
  return {
    ...summary!,
    items: items.map((i) => itemView(i, today, targets)),
    events: events.map((e) => ({ id: e.id, itemId: e.item_id, kind: e.kind, orgId: e.org_id, orgName: e.org_name, userName: e.user_name, at: e.at, text: e.text, document: e.document_id ? docs.get(e.document_id) ?? null : null })),
    versions: versions.map((v) => ({ id: v.id, version: v.version, status: planStatus(v.status, v.effective_from, today), reason: v.reason, createdAt: v.created_at })),
  };
}
export type PlanDetail = Awaited<ReturnType<typeof getPlan>>;

/** Two versions of one plan compared item by item (from → to). */
export async function diffPlans(ctx: AppContext, actor: Actor, fromId: number, toId: number) {
  const db = ctx.db.kysely;
  const [a, b] = [await loadVisiblePlan(db, actor, fromId), await loadVisiblePlan(db, actor, toId)];
  if ((a.series_id ?? a.id) !== (b.series_id ?? b.id)) throw invalid('other', 'Hai phiên bản không cùng một kế hoạch.', 'The two versions are not of the same plan.');
  const load = (planId: number) => db.selectFrom('plan_items').selectAll().where('plan_id', '=', planId).orderBy('position').orderBy('id').execute();
  const [from, to] = await Promise.all([load(a.id), load(b.id)]);
  return { from: { id: a.id, version: a.version }, to: { id: b.id, version: b.version }, rows: diffItems(from.map(itemFields), to.map(itemFields)) };
}

/** Every item's cost of the plan, summed exactly. */
export const totalCost = (items: { cost: string }[]) => sumDong(items.map((i) => i.cost));
