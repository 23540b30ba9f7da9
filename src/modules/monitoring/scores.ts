import type { AppContext, Actor } from '../context.js';
import { score, type ScoreStep, type ScoringRule } from '../../domain/indicators.js';
import { bandOf, rank, round2, totalScore, type Band, type ReportStatus } from '../../domain/monitoring.js';
import { listIndicators, type IndicatorView } from '../indicators/service.js';
import { storedValues } from './compute.js';
import { agencies, loadSettings } from './periods.js';
import { providerFor } from './registry.js';

export interface Measured {
  code: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  extra: Record<string, number | null> | null;
  points: number | null;
  maxPoints: number;
  /** automatic: computed by a provider; reported: from the agency's report (none yet: null value). */
  origin: 'automatic' | 'reported';
}

export interface AgencyScore {
  orgId: number;
  name: string;
  shortName: string;
  score: number | null;
  band: Band | null;
  rank: number | null;
  reportStatus: ReportStatus | null;
  late: boolean;
  values: Record<string, Measured>;
}

/** Whether the agency itself gives the indicator: reported, verified, or automatic with no module computing it yet. */
export const agencyGives = (i: IndicatorView) => i.source !== 'automatic' || !providerFor(i.code);

interface ReportedValue {
  value?: number | null;
  numerator?: number | null;
  denominator?: number | null;
  note?: string | null;
}

/**
 * Every agency's measures of a month with their points, total (out of 100), band and rank.
 * Automatic values come from the last computation; the others from the agency's report once
 * sent (submitted or accepted).
 */
export async function scoreMonth(ctx: AppContext, actor: Actor, month: string) {
  // Every screen and export of a month starts here: the answer is kept while nothing it
  // stands on changed (the values' computation, the reports, the catalogue, the settings).
  const key = await fingerprint(ctx, month);
  const hit = cache.get(month);
  if (hit && hit.key === key) return hit.value;
  const value = await scoreMonthAfresh(ctx, actor, month);
  if (cache.size >= 24) cache.delete(cache.keys().next().value!);
  cache.set(month, { key, value });
  return value;
}

const cache = new Map<string, { key: string; value: Awaited<ReturnType<typeof scoreMonthAfresh>> }>();

/** Every change of a report, the catalogue or the directory appends to the audit chain: its head, with the values' computation time, says whether anything moved. */
async function fingerprint(ctx: AppContext, month: string): Promise<string> {
  const db = ctx.db.kysely;
  const [p, head, s] = await Promise.all([
    db.selectFrom('monitoring_periods').select('computed_at').where('month', '=', month).executeTakeFirst(),
    db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst(),
    db.selectFrom('monitoring_settings').select('updated_at').where('id', '=', 1).executeTakeFirst(),
  ]);
  return [p?.computed_at, head?.seq, s?.updated_at].map(String).join('|');
}

async function scoreMonthAfresh(ctx: AppContext, actor: Actor, month: string) {
  const db = ctx.db.kysely;
  const [catalogue, settings, orgs, stored, reports] = await Promise.all([
    listIndicators(ctx, actor, { active: true }),
    loadSettings(db),
    agencies(db),
    storedValues(db, month),
    db.selectFrom('monitoring_reports').select(['org_id', 'status', 'reported', 'late']).where('month', '=', month).execute(),
  ]);
  const byKey = new Map(stored.map((v) => [`${v.org_id}|${v.code}`, v]));
  const reportOf = new Map(reports.map((r) => [r.org_id, r]));
  const peerMax = new Map<string, number>();
  for (const v of stored) peerMax.set(v.code, Math.max(peerMax.get(v.code) ?? 0, Number(v.value)));

  const measuredFor = (orgId: number, i: IndicatorView): Measured => {
    const def = { rule: i.scoringRule as ScoringRule, maxPoints: i.maxPoints, steps: i.steps as ScoreStep[] };
    let value: number | null = null;
    let numerator: number | null = null;
    let denominator: number | null = null;
    let extra: Record<string, number | null> | null = null;
    const gives = agencyGives(i);
    if (!gives) {
      const v = byKey.get(`${orgId}|${i.code}`);
      if (v) {
        value = Number(v.value);
        numerator = Number(v.numerator);
        denominator = v.denominator === null ? null : Number(v.denominator);
        extra = v.extra ? (JSON.parse(v.extra) as Record<string, number | null>) : null;
      } else if (i.denominator === null) {
        value = 0;
        numerator = 0;
      }
    } else {
      const r = reportOf.get(orgId);
      if (r && (r.status === 'submitted' || r.status === 'accepted')) {
        const rv = (JSON.parse(r.reported) as Record<string, ReportedValue>)[i.code];
        if (rv && typeof rv.value === 'number') {
          value = rv.value;
          numerator = rv.numerator ?? rv.value;
          denominator = rv.denominator ?? null;
        }
      }
      if (value !== null && i.scoringRule === 'peer_max') peerMax.set(i.code, Math.max(peerMax.get(i.code) ?? 0, value));
    }
    return { code: i.code, value, numerator, denominator, extra, points: null, maxPoints: i.maxPoints, origin: gives ? 'reported' : 'automatic', def } as Measured & { def: typeof def };
  };

  const rows = orgs.map((o) => ({ o, values: catalogue.map((i) => measuredFor(o.id, i) as Measured & { def: { rule: ScoringRule; maxPoints: number; steps: ScoreStep[] } }) }));
  const scored = rows.map(({ o, values }) => {
    const out: Record<string, Measured> = {};
    for (const m of values) {
      const { def, ...rest } = m;
      let points: number | null = null;
      if (m.value !== null) {
        // Normalised against the best peer: when no agency has any, nobody is measured on it.
        if (def.rule === 'peer_max' && !((peerMax.get(m.code) ?? 0) > 0)) points = null;
        else points = def.rule === 'ratio_max' ? (m.denominator === null ? score(def, { value: m.value, denominator: 100 }) : score(def, { value: m.numerator ?? 0, denominator: m.denominator })) : score(def, { value: m.value, peerMax: peerMax.get(m.code) ?? 0 });
      }
      out[m.code] = { ...rest, points };
    }
    const total = totalScore(Object.values(out));
    const r = reportOf.get(o.id);
    return { orgId: o.id, name: o.name, shortName: o.shortName, score: total, band: total === null ? null : bandOf(total, settings.bands), reportStatus: r?.status ?? null, late: Number(r?.late ?? 0) === 1, values: out };
  });
  const ranked: AgencyScore[] = rank(scored);

  // The province's figures: counts summed, ratios from the summed numerators and denominators.
  const province: Record<string, { value: number | null; numerator: number; denominator: number | null }> = {};
  for (const i of catalogue) {
    let n = 0;
    let d = 0;
    let any = false;
    let hasDen = false;
    for (const a of ranked) {
      const m = a.values[i.code]!;
      if (m.value === null) continue;
      any = true;
      n += m.numerator ?? m.value;
      if (m.denominator !== null) {
        d += m.denominator;
        hasDen = true;
      }
    }
    const value = !any ? null : !hasDen ? round2(n) : d > 0 ? (i.unit === '%' ? round2((n / d) * 100) : round2(n / d)) : null;
    province[i.code] = { value, numerator: round2(n), denominator: hasDen ? round2(d) : null };
  }
  const scores = ranked.map((a) => a.score).filter((s): s is number => s !== null);
  return { month, catalogue, settings, agencies: ranked, province, provinceScore: scores.length ? round2(scores.reduce((a, b) => a + b, 0) / scores.length) : null };
}
export type MonthScores = Awaited<ReturnType<typeof scoreMonthAfresh>>;
