import { dialectOf, type Executor } from '../../db/connect.js';
import type { CapitalSource, ProjectGroup, ProjectKind, ProjectStage } from '../../domain/projects.js';
import { PROJECT_STAGES } from '../../domain/projects.js';
import { fold } from '../../domain/fold.js';
import { insertRows } from '../../db/insert-rows.js';
import { refreshFigures } from './repo.js';

/**
 * Writes whole projects with their history at once, for the demo province and the bench:
 * the same tables and the same stored figures (refreshFigures) the services keep, without
 * going through a service per step. The decision documents must already be in the exchange.
 */
export interface SeedProject {
  code: string;
  name: string;
  objective?: string;
  investingOrgId: number;
  managingOrgId?: number | null;
  group: ProjectGroup;
  kind: ProjectKind;
  sources: CapitalSource[];
  total: bigint;
  startYear: number;
  endYear: number;
  planItemRef?: string | null;
  /** The plans module's item (and target) the project serves. */
  planItemId?: number | null;
  planTargetId?: number | null;
  /** The stage reached; every stage up to it is recorded with the document of `stageDoc`. */
  stage: ProjectStage;
  stageDoc: (s: ProjectStage) => number | null;
  stageAt: (i: number) => string;
  createdBy: number;
  userName: string;
  baselines: { documentId: number; reason: string | null; at: string; milestones: { code: string; name: string; start: string; end: string; cost: bigint }[] }[];
  progress: { code: string; actualStart?: string | null; actualEnd?: string | null; forecastEnd?: string | null; actualCost?: bigint | null; forecastCost?: bigint | null; percent: number }[];
  ratings: { rating: number; comment: string; at: string; userId: number; userName: string }[];
  capital: { year: number; amount: bigint; allocated?: bigint; documentId: number; at?: string; adjust?: { documentId: number; reason: string; at: string } }[];
  disbursements: { paidOn: string; amount: bigint; paymentRef: string }[];
  appraisals?: { kind: 'technical' | 'capital'; orgId: number; requestDocumentId: number; replyDocumentId: number | null; conclusion: string | null; at: string }[];
  lastUpdateAt: string;
}

export async function seedProjects(trx: Executor, list: SeedProject[], opts: { refresh?: boolean } = {}): Promise<number[]> {
  const ids: number[] = [];
  const dialect = dialectOf(trx);
  for (const s of list) {
    const at = s.stageAt(0);
    const { id } = await trx
      .insertInto('projects')
      .values({
        code: s.code,
        name: s.name,
        search: fold(`${s.code} ${s.name}`),
        investing_org_id: s.investingOrgId,
        managing_org_id: s.managingOrgId ?? null,
        group_code: s.group,
        kind: s.kind,
        sources: s.sources.join(','),
        total_investment: s.total.toString(),
        start_year: s.startYear,
        end_year: s.endYear,
        plan_item_ref: s.planItemRef ?? null,
        target_code: null,
        plan_item_id: s.planItemId ?? null,
        plan_target_id: s.planTargetId ?? null,
        objective: s.objective ?? null,
        stage: s.stage,
        baseline_version: 0,
        rating: s.ratings.at(-1)?.rating ?? null,
        rating_at: s.ratings.at(-1)?.at ?? null,
        current_baseline_id: null,
        original_baseline_id: null,
        planned_cost: '0',
        projected_cost: '0',
        spent_total: '0',
        sv_days: 0,
        sv_bp: 0,
        cv_dong: '0',
        cv_bp: 0,
        orig_sv_days: 0,
        orig_sv_bp: 0,
        orig_cv_dong: '0',
        orig_cv_bp: 0,
        next_due: null,
        last_update_at: s.lastUpdateAt,
        created_by: s.createdBy,
        created_at: at,
        updated_at: s.lastUpdateAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    const reached = PROJECT_STAGES.indexOf(s.stage);
    await trx
      .insertInto('project_stages')
      .values(PROJECT_STAGES.slice(0, reached + 1).map((stage, i) => ({ project_id: id, stage, document_id: s.stageDoc(stage), note: null, org_id: s.investingOrgId, user_id: s.createdBy, user_name: s.userName, at: s.stageAt(i) })))
      .execute();
    let first: number | null = null;
    let current: number | null = null;
    for (const [v, b] of s.baselines.entries()) {
      let total = 0n;
      for (const m of b.milestones) total += m.cost;
      const row = await trx
        .insertInto('project_baselines')
        .values({ project_id: id, version: v + 1, reason: b.reason, document_id: b.documentId, total_cost: total.toString(), user_id: s.createdBy, user_name: s.userName, at: b.at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertRows(trx, dialect, 'baseline_milestones', b.milestones.map((m, seq) => ({ baseline_id: row.id, seq, code: m.code, name: m.name, planned_start: m.start, planned_end: m.end, planned_cost: m.cost.toString() })));
      first ??= row.id;
      current = row.id;
    }
    if (current) {
      const last = s.baselines.at(-1)!;
      const byCode = new Map(s.progress.map((p) => [p.code, p]));
      await insertRows(
        trx,
        dialect,
        'project_milestones',
        last.milestones.map((m) => {
          const p = byCode.get(m.code);
          return { project_id: id, code: m.code, actual_start: p?.actualStart ?? null, actual_end: p?.actualEnd ?? null, forecast_end: p?.forecastEnd ?? null, actual_cost: p?.actualCost?.toString() ?? null, forecast_cost: p?.forecastCost?.toString() ?? null, percent: p?.percent ?? 0, note: null, updated_at: s.lastUpdateAt };
        }),
      );
      await trx.updateTable('projects').set({ current_baseline_id: current, original_baseline_id: first, baseline_version: s.baselines.length }).where('id', '=', id).execute();
    }
    if (s.ratings.length) await trx.insertInto('project_ratings').values(s.ratings.map((r) => ({ project_id: id, rating: r.rating, comment: r.comment, user_id: r.userId, user_name: r.userName, at: r.at }))).execute();
    for (const a of s.appraisals ?? []) {
      await trx
        .insertInto('project_appraisals')
        .values({ project_id: id, kind: a.kind, appraising_org_id: a.orgId, request_document_id: a.requestDocumentId, reply_document_id: a.replyDocumentId, conclusion: a.conclusion, requested_by: s.createdBy, requested_at: a.at, closed_by: a.replyDocumentId ? s.createdBy : null, closed_at: a.replyDocumentId ? a.at : null })
        .execute();
    }
    for (const c of s.capital) {
      let disbursed = 0n;
      for (const d of s.disbursements) if (Number(d.paidOn.slice(0, 4)) === c.year) disbursed += d.amount;
      const allocated = c.allocated ?? c.amount;
      const plan = await trx
        .insertInto('capital_plans')
        .values({ project_id: id, year: c.year, allocated: allocated.toString(), amount: c.amount.toString(), monthly: null, document_id: c.documentId, disbursed: disbursed.toString(), updated_at: s.lastUpdateAt })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('capital_plan_changes').values({ capital_plan_id: plan.id, kind: 'allocate', amount_from: null, amount_to: allocated.toString(), document_id: c.documentId, reason: null, user_id: s.createdBy, user_name: s.userName, at: c.at ?? s.stageAt(0) }).execute();
      if (c.adjust) await trx.insertInto('capital_plan_changes').values({ capital_plan_id: plan.id, kind: 'adjust', amount_from: allocated.toString(), amount_to: c.amount.toString(), document_id: c.adjust.documentId, reason: c.adjust.reason, user_id: s.createdBy, user_name: s.userName, at: c.adjust.at }).execute();
    }
    if (s.disbursements.length) {
      await insertRows(
        trx,
        dialect,
        'disbursements',
        s.disbursements.map((d) => ({ project_id: id, year: Number(d.paidOn.slice(0, 4)), month: Number(d.paidOn.slice(5, 7)), paid_on: d.paidOn, amount: d.amount.toString(), payment_ref: d.paymentRef, document_id: null, note: null, user_id: s.createdBy, at: `${d.paidOn}T03:00:00.000Z` })),
      );
    }
    const months = new Map<string, { year: number; month: number; amount: bigint }>();
    for (const d of s.disbursements) {
      const k = d.paidOn.slice(0, 7);
      const m = months.get(k) ?? { year: Number(k.slice(0, 4)), month: Number(k.slice(5, 7)), amount: 0n };
      m.amount += d.amount;
      months.set(k, m);
    }
    if (months.size) await insertRows(trx, dialect, 'disbursement_months', [...months.values()].map((m) => ({ project_id: id, year: m.year, month: m.month, amount: m.amount.toString() })));
    if (opts.refresh !== false) await refreshFigures(trx, id);
  }
  return ids;
}
