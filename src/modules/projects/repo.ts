import { sql } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { ProjectStage } from '../../domain/projects.js';
import { computeVariance, type MilestoneProgress, type PlannedMilestone } from '../../domain/projects.js';
import { toDong } from '../../domain/money.js';
import '../../db/schema-projects.js';

/** The SQL of projects: reads of a project's parts and the stored figures the register sorts on. */

/** Money read as exact digits on both databases (pg parses int8 and numeric as numbers). */
export const moneyText = (col: string) => sql<string>`cast(${sql.ref(col)} as text)`;

export async function baselineMilestones(db: Executor, baselineId: number | null): Promise<PlannedMilestone[]> {
  if (!baselineId) return [];
  const rows = await db
    .selectFrom('baseline_milestones')
    .select(['code', 'name', 'planned_start', 'planned_end', moneyText('planned_cost').as('planned_cost')])
    .where('baseline_id', '=', baselineId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, plannedStart: r.planned_start, plannedEnd: r.planned_end, plannedCost: toDong(r.planned_cost) }));
}

export async function milestoneProgress(db: Executor, projectId: number) {
  const rows = await db
    .selectFrom('project_milestones')
    .select(['code', 'actual_start', 'actual_end', 'forecast_end', moneyText('actual_cost').as('actual_cost'), moneyText('forecast_cost').as('forecast_cost'), 'percent', 'note', 'updated_at'])
    .where('project_id', '=', projectId)
    .execute();
  return rows.map((r) => ({
    code: r.code,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    forecastEnd: r.forecast_end,
    actualCost: r.actual_cost === null ? null : toDong(r.actual_cost),
    forecastCost: r.forecast_cost === null ? null : toDong(r.forecast_cost),
    percent: r.percent,
    note: r.note,
    updatedAt: r.updated_at,
  })) satisfies (MilestoneProgress & Record<string, unknown>)[];
}

/** Variance against the current and the original baseline, from the stored facts. */
export async function projectVariance(db: Executor, p: { id: number; current_baseline_id: number | null; original_baseline_id: number | null }) {
  const [current, original, progress] = await Promise.all([baselineMilestones(db, p.current_baseline_id), baselineMilestones(db, p.original_baseline_id), milestoneProgress(db, p.id)]);
  return { current: computeVariance(current, current, progress), original: computeVariance(original, current, progress), plannedCurrent: current, progress };
}

/** Recomputes what the register sorts and filters on, inside the caller's transaction. */
export async function refreshFigures(trx: Executor, projectId: number): Promise<void> {
  const p = await trx.selectFrom('projects').select(['id', 'current_baseline_id', 'original_baseline_id']).where('id', '=', projectId).executeTakeFirstOrThrow();
  const v = await projectVariance(trx, p);
  const done = new Set(v.progress.filter((m) => m.actualEnd).map((m) => m.code));
  const open = v.plannedCurrent.filter((m) => !done.has(m.code)).map((m) => m.plannedEnd).sort();
  const spent = await trx.selectFrom('disbursements').select(sql<string | null>`cast(sum(amount) as text)`.as('s')).where('project_id', '=', projectId).executeTakeFirst();
  await trx
    .updateTable('projects')
    .set({
      planned_cost: v.current.plannedCost,
      projected_cost: v.current.projectedCost,
      spent_total: toDong(spent?.s ?? '0').toString(),
      sv_days: v.current.scheduleDays,
      sv_bp: v.current.scheduleBp ?? 0,
      cv_dong: v.current.costDong,
      cv_bp: v.current.costBp ?? 0,
      orig_sv_days: v.original.scheduleDays,
      orig_sv_bp: v.original.scheduleBp ?? 0,
      orig_cv_dong: v.original.costDong,
      orig_cv_bp: v.original.costBp ?? 0,
      next_due: open[0] ?? null,
    })
    .where('id', '=', projectId)
    .execute();
}

export async function orgNames(db: Executor, ids: Iterable<number>): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  const out = new Map<number, string>();
  for (let i = 0; i < list.length; i += 500) {
    for (const o of await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', list.slice(i, i + 500)).execute()) out.set(o.id, o.name);
  }
  return out;
}

export type DocRef = {
  id: number;
  symbol: string | null;
  docDate: string | null;
  summary: string;
  typeCode: string;
  signerName: string | null;
  orgName: string | null;
};

/**
 * Number, date, signer of the decision documents a project stands on, read from the
 * documents themselves (the project was shown the document when it was linked).
 */
export async function docRefs(db: Executor, ids: Iterable<number | null>): Promise<Map<number, DocRef>> {
  const list = [...new Set([...ids].filter((x): x is number => x !== null))];
  const out = new Map<number, DocRef>();
  for (let i = 0; i < list.length; i += 500) {
    const rows = await db
      .selectFrom('documents as d')
      .leftJoin('organizations as o', 'o.id', 'd.org_id')
      .select(['d.id', 'd.symbol', 'd.doc_date', 'd.summary', 'd.type_code', 'd.signer_name', 'o.name as org_name', 'd.external_sender'])
      .where('d.id', 'in', list.slice(i, i + 500))
      .execute();
    for (const d of rows) out.set(d.id, { id: d.id, symbol: d.symbol, docDate: d.doc_date, summary: d.summary, typeCode: d.type_code, signerName: d.signer_name, orgName: d.org_name ?? d.external_sender });
  }
  return out;
}

/** Which of these documents are not secret (a secret document is never used in the system). */
export async function plainDocumentIds(db: Executor, ids: number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('documents').select('id').where('id', 'in', ids).where('confidentiality', '=', 'thuong').execute();
  return new Set(rows.map((r) => r.id));
}

export async function disbursedByMonth(db: Executor, projectIds: number[], year: number): Promise<Map<number, bigint[]>> {
  const out = new Map<number, bigint[]>();
  for (let i = 0; i < projectIds.length; i += 500) {
    const rows = await db
      .selectFrom('disbursement_months')
      .select(['project_id', 'month', moneyText('amount').as('s')])
      .where('project_id', 'in', projectIds.slice(i, i + 500))
      .where('year', '=', year)
      .execute();
    for (const r of rows) {
      const months = out.get(r.project_id) ?? Array.from({ length: 12 }, () => 0n);
      months[r.month - 1] = toDong(r.s);
      out.set(r.project_id, months);
    }
  }
  return out;
}

export async function capitalPlansFor(db: Executor, projectIds: number[], year: number) {
  const out = new Map<number, { amount: bigint; monthly: string | null; disbursed: bigint; allocated: bigint; documentId: number; id: number }>();
  for (let i = 0; i < projectIds.length; i += 500) {
    const rows = await db
      .selectFrom('capital_plans')
      .select(['id', 'project_id', moneyText('amount').as('amount'), moneyText('allocated').as('allocated'), moneyText('disbursed').as('disbursed'), 'monthly', 'document_id'])
      .where('project_id', 'in', projectIds.slice(i, i + 500))
      .where('year', '=', year)
      .execute();
    for (const r of rows) out.set(r.project_id, { id: r.id, amount: toDong(r.amount), allocated: toDong(r.allocated), disbursed: toDong(r.disbursed), monthly: r.monthly, documentId: r.document_id });
  }
  return out;
}

export const isFinished = (stage: ProjectStage) => stage === 'handover' || stage === 'final_accounts';
