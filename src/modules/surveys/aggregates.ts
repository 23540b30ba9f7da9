import type { Executor } from '../../db/connect.js';
import { aggregateQuestion, MIN_GROUP, responseRate, suppressedGroups, VSIC_SECTIONS, type QuestionAggregate, type Tally } from '../../domain/surveys.js';
import { answerTallies, ASKED, getPeriod, loadQuestionnaire, SUBMITTED, type Questionnaire } from './repo.js';

const collator = new Intl.Collator('vi');

/**
 * A period's aggregates: the province, each sector (VSIC section) and each commune/ward, with
 * the response rate (submitted ÷ asked). The tallies (summed per question, group and choice
 * as each response is submitted or returned) are read and shaped here. With `suppress` (what the portal
 * publishes) a group of fewer than MIN_GROUP submitted responses shows no answers, nor does a
 * question fewer than MIN_GROUP answered in a group; when one group alone would be hidden in a
 * breakdown, the next smallest is hidden with it so subtraction from the total gives nothing.
 */

export const DIMENSIONS = ['province', 'sector', 'commune'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type GroupAggregate = {
  dimension: Dimension;
  key: string;
  label: string;
  asked: number;
  submitted: number;
  responseRate: number | null;
  /** Fewer than MIN_GROUP submitted: no answers shown (public), or flagged (back office). */
  small: boolean;
  suppressed: boolean;
  questions: QuestionAggregate[];
};

export type PeriodAggregates = {
  period: { id: number; code: string; name: string; audience: string; status: string; opensOn: string; closesOn: string };
  questionnaire: Questionnaire;
  asked: number;
  submitted: number;
  responseRate: number | null;
  groups: GroupAggregate[];
};

export async function computeAggregates(db: Executor, periodId: number, suppress: boolean): Promise<PeriodAggregates | undefined> {
  const period = await getPeriod(db, periodId);
  if (!period) return undefined;
  const questionnaire = (await loadQuestionnaire(db, period.questionnaire_id))!;
  const tallies = await answerTallies(db, periodId);
  const dims: Dimension[] = period.audience === 'enterprise' ? ['province', 'sector', 'commune'] : ['province'];

  const groups: GroupAggregate[] = [];
  for (const dim of dims) {
    const asked = new Map<string, number>();
    const submitted = new Map<string, number>();
    for (const c of tallies) {
      if (c.dimension !== dim || c.questionnaireId !== questionnaire.id) continue;
      if (c.code === ASKED) asked.set(c.key, (asked.get(c.key) ?? 0) + c.n);
      else if (c.code === SUBMITTED) submitted.set(c.key, (submitted.get(c.key) ?? 0) + c.n);
    }
    // Tallies of this version's questions only: answers keep the version they were given to.
    const tally = new Map<string, Tally>(); // `${key}\u0000${code}`
    for (const t of tallies) {
      if (t.questionnaireId !== questionnaire.id || t.dimension !== dim) continue;
      const id = `${t.key}\u0000${t.code}`;
      const cur = tally.get(id) ?? { n: 0, sum: 0, choices: {} };
      cur.n += t.n;
      cur.sum += t.sum;
      if (t.choice !== null) cur.choices[t.choice] = (cur.choices[t.choice] ?? 0) + t.n;
      tally.set(id, cur);
    }
    const keys = [...asked.keys()].filter((k) => (asked.get(k) ?? 0) > 0).sort(collator.compare);
    const hiddenGroups = suppress && dim !== 'province' ? suppressedGroups(keys.map((k) => ({ key: k, n: submitted.get(k) ?? 0 }))) : new Set<string>();
    const hiddenCells = new Map<string, Set<string>>(); // question code → group keys hidden
    if (suppress && dim !== 'province') {
      for (const q of questionnaire.questions) {
        hiddenCells.set(q.code, suppressedGroups(keys.filter((k) => !hiddenGroups.has(k)).map((k) => ({ key: k, n: tally.get(`${k}\u0000${q.code}`)?.n ?? 0 }))));
      }
    }
    for (const k of keys) {
      const sub = submitted.get(k) ?? 0;
      const small = sub > 0 && sub < MIN_GROUP;
      const hidden = suppress && (hiddenGroups.has(k) || (dim === 'province' && small));
      groups.push({
        dimension: dim,
        key: k,
        label: dim === 'province' ? 'Toàn tỉnh' : dim === 'sector' ? (k ? `${k} — ${VSIC_SECTIONS[k]?.vi ?? k}` : 'Chưa phân ngành') : k || 'Chưa rõ xã, phường',
        asked: asked.get(k) ?? 0,
        submitted: sub,
        responseRate: responseRate(sub, asked.get(k) ?? 0),
        small,
        suppressed: hidden,
        questions: hidden
          ? []
          : questionnaire.questions
              .filter((q) => q.kind !== 'text')
              .map((q) => {
                const a = aggregateQuestion(q, tally.get(`${k}\u0000${q.code}`), suppress);
                return hiddenCells.get(q.code)?.has(k) ? { ...aggregateQuestion(q, undefined, false), suppressed: true } : a;
              }),
      });
    }
  }
  const total = groups.find((g) => g.dimension === 'province');
  return {
    period: { id: period.id, code: period.code, name: period.name, audience: period.audience, status: period.status, opensOn: period.opens_on, closesOn: period.closes_on },
    questionnaire,
    asked: total?.asked ?? 0,
    submitted: total?.submitted ?? 0,
    responseRate: total?.responseRate ?? null,
    groups,
  };
}
