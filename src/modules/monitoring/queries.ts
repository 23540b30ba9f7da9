import type { AppContext, Actor } from '../context.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { round2, shiftMonth } from '../../domain/monitoring.js';
import { localDate } from '../../domain/numbering.js';
import { assertSeesAgency, seesAllAgencies } from './access.js';
import { loadSettings, openPeriod } from './periods.js';
import { providerFor } from './registry.js';
import { scoreMonth } from './scores.js';

export const MAX_RECORDS = 1000;

/** The records behind one agency's automatic value, with how it was computed. */
export async function drillDown(ctx: AppContext, actor: Actor, month: string, orgId: number, code: string, limit = MAX_RECORDS) {
  const settings = await loadSettings(ctx.db.kysely);
  assertSeesAgency(actor, settings, orgId);
  const provider = providerFor(code);
  if (!provider) throw notFound('indicator');
  const period = await openPeriod(ctx, month);
  const stored = await ctx.db.kysely.selectFrom('indicator_values').selectAll().where('month', '=', month).where('org_id', '=', orgId).where('code', '=', code).executeTakeFirst();
  const records = await provider.records(ctx.db.kysely, period, orgId, Math.min(Math.max(limit, 1), MAX_RECORDS));
  return {
    code,
    month,
    orgId,
    method: provider.method,
    module: provider.module,
    from: period.from,
    to: period.to,
    cutoffDay: period.cutoffDay,
    computedAt: stored?.computed_at ?? null,
    value: stored ? Number(stored.value) : null,
    numerator: stored ? Number(stored.numerator) : null,
    denominator: stored?.denominator === null || stored === undefined ? null : Number(stored.denominator),
    records,
  };
}

const KEY_CODES = ['VB.DI_DIENTU', 'VB.DEN_DIENTU', 'VB.XULY_DUNGHAN', 'VB.XULY_TB_NGAY', 'VB.QUAHAN', 'NV.QUAHAN', 'TTHC.CONGKHAI_DU', 'CONG.CAPNHAT'];

/** Figures of the stored automatic values per month, for the trend and the change: the province's, or one agency's. */
async function monthlyFigures(ctx: AppContext, months: string[], orgId: number | null) {
  let q = ctx.db.kysely
    .selectFrom('indicator_values')
    .select(['month', 'code', (eb) => eb.fn.sum<number>('numerator').as('n'), (eb) => eb.fn.sum<number>('denominator').as('d'), (eb) => eb.fn.count<number>('denominator').as('dc')])
    .where('month', 'in', months)
    .where('code', 'in', KEY_CODES);
  if (orgId !== null) q = q.where('org_id', '=', orgId);
  const rows = await q.groupBy(['month', 'code']).execute();
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const n = Number(r.n);
    const d = Number(r.d ?? 0);
    const value = Number(r.dc) > 0 ? (d > 0 ? (r.code === 'VB.XULY_TB_NGAY' ? round2(n / d) : round2((n / d) * 100)) : 0) : round2(n);
    if (!out.has(r.month)) out.set(r.month, new Map());
    out.get(r.month)!.set(r.code, value);
  }
  return out;
}

/**
 * The leaders' first screen: key figures and their change, 12-month trends, the ranking, who
 * has not reported, what is overdue. The IT department and the People's Committee see the
 * province and every agency; an agency's own people see the same screen narrowed to their
 * agency: its figures, its trend, its row of the ranking (its rank among all), no other
 * agency's numbers.
 */
export async function dashboard(ctx: AppContext, actor: Actor, month: string) {
  const settings = await loadSettings(ctx.db.kysely);
  const all = seesAllAgencies(actor, settings);
  const period = await openPeriod(ctx, month);
  const months = Array.from({ length: 12 }, (_, i) => shiftMonth(month, i - 11));
  const [scores, trend] = await Promise.all([scoreMonth(ctx, actor, month), monthlyFigures(ctx, months, all ? null : actor.agencyId)]);
  const own = all ? null : scores.agencies.find((a) => a.orgId === actor.agencyId);
  if (own === undefined) throw forbidden('Bảng điều hành dành cho lãnh đạo UBND tỉnh, Sở KH&CN và các cơ quan báo cáo.', "The dashboard is for the People's Committee's leaders, the IT department and the reporting agencies.");
  const agencies = own ? [own] : scores.agencies;
  const prev = trend.get(shiftMonth(month, -1));
  const names = new Map(scores.catalogue.map((i) => [i.code, i]));
  const today = localDate(ctx.now());
  return {
    month,
    scope: own ? ('agency' as const) : ('province' as const),
    agencyCount: scores.agencies.length,
    period: { from: period.from, to: period.to, deadline: period.deadline, computedAt: period.computedAt },
    provinceScore: scores.provinceScore,
    keyFigures: KEY_CODES.filter((c) => names.has(c)).map((code) => {
      const value = (own ? own.values[code]?.value : scores.province[code]?.value) ?? null;
      const before = prev?.get(code) ?? null;
      return { code, nameVi: names.get(code)!.nameVi, nameEn: names.get(code)!.nameEn, unit: names.get(code)!.unit, value, previous: before, change: value !== null && before !== null ? round2(value - before) : null };
    }),
    trend: { months, series: KEY_CODES.filter((c) => names.has(c)).map((code) => ({ code, values: months.map((m) => trend.get(m)?.get(code) ?? null) })) },
    bands: settings.bands,
    ranking: agencies.map((a) => ({ orgId: a.orgId, name: a.name, score: a.score, band: a.band, rank: a.rank, reportStatus: a.reportStatus, late: a.late, overdueDocuments: a.values['VB.QUAHAN']?.value ?? null, overdueTasks: a.values['NV.QUAHAN']?.value ?? null })),
    notReported: agencies.filter((a) => a.reportStatus !== 'submitted' && a.reportStatus !== 'accepted').map((a) => ({ orgId: a.orgId, name: a.name, overdue: today > period.deadline })),
  };
}
export type DashboardView = Awaited<ReturnType<typeof dashboard>>;

/** What the IT department marks public: the province's values and the agencies' ranking on those indicators. */
export async function publicIndicators(ctx: AppContext, actor: Actor, month: string) {
  const scores = await scoreMonth(ctx, actor, month);
  const codes = new Set(scores.settings.publicCodes);
  const indicators = scores.catalogue.filter((i) => codes.has(i.code));
  return {
    month,
    indicators: indicators.map((i) => ({ code: i.code, nameVi: i.nameVi, unit: i.unit, value: scores.province[i.code]?.value ?? null })),
    agencies: scores.agencies.map((a) => ({ name: a.name, values: indicators.map((i) => a.values[i.code]?.value ?? null) })),
  };
}
