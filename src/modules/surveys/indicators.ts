import type { Executor } from '../../db/connect.js';
import type { PeriodWindow } from '../../domain/monitoring.js';
import { formatDateVi } from '../../domain/numbering.js';
import { RESPONSE_STATUS_LABELS } from '../../domain/surveys.js';
import { agencyOf } from '../directory/repo.js';
import { percent, type DrillRecord, type IndicatorProvider, type ProviderValue } from '../indicator-providers.js';

/**
 * DN.PHANHOI, enterprises that answered the survey ÷ enterprises asked, for the agency that
 * runs the survey (the agency of the officer who opened the survey period: the IT department
 * in the demo). The survey periods counted are the enterprise surveys open at some day of the
 * monitoring period (opens on or before its last day, closes on or after its first); an
 * enterprise answered when its response was submitted before the period's end and stands
 * submitted (one returned for correction counts again once resubmitted).
 */

interface SurveyPeriodRow {
  id: number;
  code: string;
  name: string;
  opens_on: string;
  closes_on: string;
  agencyId: number;
}

/** The enterprise survey periods open during the window, with the agency that runs each. */
async function periodsIn(db: Executor, w: PeriodWindow, orgIds?: readonly number[]): Promise<SurveyPeriodRow[]> {
  const rows = await db
    .selectFrom('survey_periods as p')
    .innerJoin('users as u', 'u.id', 'p.created_by')
    .select(['p.id', 'p.code', 'p.name', 'p.opens_on', 'p.closes_on', 'u.org_id'])
    .where('p.audience', '=', 'enterprise')
    .where('p.opens_on', '<=', w.to)
    .where('p.closes_on', '>=', w.from)
    .where('p.created_at', '<', w.endIso)
    .orderBy('p.opens_on')
    .orderBy('p.id')
    .execute();
  const agencies = new Map<number, number>();
  const out: SurveyPeriodRow[] = [];
  for (const r of rows) {
    if (!agencies.has(r.org_id)) agencies.set(r.org_id, await agencyOf(db, r.org_id));
    const agencyId = agencies.get(r.org_id)!;
    if (!orgIds || orgIds.includes(agencyId)) out.push({ id: r.id, code: r.code, name: r.name, opens_on: r.opens_on, closes_on: r.closes_on, agencyId });
  }
  return out;
}

const answered = (w: PeriodWindow, r: { status: string; submitted_at: string | null }) => r.status === 'submitted' && r.submitted_at !== null && r.submitted_at < w.endIso;

export const enterpriseResponseRate: IndicatorProvider = {
  code: 'DN.PHANHOI',
  module: 'surveys',
  method: 'Doanh nghiệp đã gửi phiếu khảo sát (trước ngày chốt số liệu, không tính phiếu bị trả lại chưa gửi lại) ÷ số doanh nghiệp được hỏi, trong các đợt khảo sát doanh nghiệp mở trong kỳ do cơ quan tổ chức.',
  async compute(db, w, orgIds) {
    const periods = await periodsIn(db, w, orgIds);
    if (!periods.length) return [];
    const owner = new Map(periods.map((p) => [p.id, p.agencyId]));
    const rows = await db
      .selectFrom('survey_responses')
      .select(['period_id', 'status', 'submitted_at'])
      .where('period_id', 'in', [...owner.keys()])
      .execute();
    const m = new Map<number, { n: number; k: number }>();
    for (const p of periods) if (!m.has(p.agencyId)) m.set(p.agencyId, { n: 0, k: 0 });
    for (const r of rows) {
      const c = m.get(owner.get(r.period_id)!)!;
      c.n++;
      if (answered(w, r)) c.k++;
    }
    return [...m].map(([orgId, c]): ProviderValue => ({ orgId, numerator: c.k, denominator: c.n, value: percent(c.k, c.n) }));
  },
  async records(db, w, orgId, limit) {
    const periods = await periodsIn(db, w, [orgId]);
    if (!periods.length) return [];
    const byId = new Map(periods.map((p) => [p.id, p]));
    const rows = await db
      .selectFrom('survey_responses as r')
      .innerJoin('organizations as o', 'o.id', 'r.org_id')
      .select(['r.id', 'r.period_id', 'r.status', 'r.submitted_at', 'o.name'])
      .where('r.period_id', 'in', [...byId.keys()])
      .orderBy('r.period_id')
      .orderBy('o.name')
      .orderBy('r.id')
      .limit(limit)
      .execute();
    return rows.map((r): DrillRecord => {
      const ok = answered(w, r);
      const p = byId.get(r.period_id)!;
      return {
        kind: 'survey_response',
        id: r.id,
        label: `${r.name} — ${p.name}`,
        at: r.submitted_at,
        counted: ok,
        note: ok ? `đã gửi ${formatDateVi(r.submitted_at)}` : r.status === 'submitted' ? `gửi sau ngày chốt số liệu (${formatDateVi(r.submitted_at)})` : `${RESPONSE_STATUS_LABELS[r.status].vi.toLowerCase()}; đợt khảo sát đến ${formatDateVi(p.closes_on)}`,
        link: `/surveys/responses/${r.id}`,
      };
    });
  },
};

export const surveyIndicators: IndicatorProvider[] = [enterpriseResponseRate];
