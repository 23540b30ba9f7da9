import type { AppContext } from '../context.js';
import { notFound } from '../../domain/errors.js';
import { STAGE_LABELS } from '../../domain/projects.js';
import { listProjects, type ProjectQuery } from './queries.js';
import { baselineMilestones, milestoneProgress } from './repo.js';
import { computeVariance } from '../../domain/projects.js';

/**
 * What the public sees of the register, in the manner of the US Federal IT Dashboard: name,
 * agency, total, spent, schedule and cost variance, the CIO's rating with its date, the stages
 * passed. Never the rating's comment, the payment vouchers, who typed what, nor documents'
 * ids. The portal's pages and the open data both read through these functions only.
 */
export interface PublicProject {
  id: number;
  code: string;
  name: string;
  agency: string;
  group: string;
  kind: string;
  stage: string;
  stageLabel: string;
  startYear: number;
  endYear: number;
  totalInvestment: string;
  spent: string;
  scheduleVarianceDays: number;
  scheduleVariancePct: number;
  costVarianceDong: string;
  costVariancePct: number;
  baselineVersion: number;
  rating: number | null;
  ratingDate: string | null;
}

const pub = (p: Awaited<ReturnType<typeof listProjects>>['items'][number]): PublicProject => ({
  id: p.id,
  code: p.code,
  name: p.name,
  agency: p.investingOrgName,
  group: p.group,
  kind: p.kind,
  stage: p.stage,
  stageLabel: STAGE_LABELS[p.stage].vi,
  startYear: p.startYear,
  endYear: p.endYear,
  totalInvestment: p.totalInvestment,
  spent: p.spent,
  scheduleVarianceDays: p.variance.scheduleDays,
  scheduleVariancePct: p.variance.schedulePct,
  costVarianceDong: p.variance.costDong,
  costVariancePct: p.variance.costPct,
  baselineVersion: p.baselineVersion,
  rating: p.rating,
  ratingDate: p.ratingAt ? p.ratingAt.slice(0, 10) : null,
});

export async function publicProjects(ctx: AppContext, f: ProjectQuery = {}) {
  const list = await listProjects(ctx, null, { ...f, limit: f.limit ?? 5000 });
  return { total: list.total, items: list.items.map(pub) };
}

export async function publicProject(ctx: AppContext, id: number) {
  const db = ctx.db.kysely;
  const p = await db.selectFrom('projects').select(['id', 'code', 'current_baseline_id']).where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('project');
  const list = await listProjects(ctx, null, { q: p.code, limit: 50 });
  const row = list.items.find((x) => x.id === id);
  if (!row) throw notFound('project');
  const stages = await db.selectFrom('project_stages').select(['stage', 'at']).where('project_id', '=', id).orderBy('id').execute();
  const current = await baselineMilestones(db, p.current_baseline_id);
  const variance = computeVariance(current, current, await milestoneProgress(db, id));
  return {
    ...pub(row),
    stages: stages.map((s) => ({ stage: s.stage, label: STAGE_LABELS[s.stage].vi, date: s.at.slice(0, 10) })),
    milestones: variance.milestones.map((m) => ({ name: m.name, plannedEnd: m.plannedEnd, projectedEnd: m.projectedEnd, scheduleDays: m.scheduleDays, plannedCost: m.plannedCost, projectedCost: m.projectedCost })),
  };
}

/**
 * The register's public pages for the portal's sitemap, in both languages (the portal takes
 * them as a SitemapSource: it does not depend on this module). Read at each request of the
 * sitemap, so a project registered today is in it at once.
 */
export function projectSitemap(ctx: AppContext) {
  return async () => {
    const rows = await ctx.db.kysely.selectFrom('projects').select(['id', 'updated_at']).orderBy('id').execute();
    return [{ loc: '/du-an' }, { loc: '/en/projects' }, ...rows.flatMap((r) => [{ loc: `/du-an/${r.id}`, lastmod: r.updated_at }, { loc: `/en/projects/${r.id}`, lastmod: r.updated_at }])];
  };
}
