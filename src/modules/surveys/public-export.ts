import { stringify } from 'csv-stringify/sync';
import type { Executor } from '../../db/connect.js';
import { AUDIENCE_LABELS } from '../../domain/surveys.js';
import { computeAggregates, type PeriodAggregates } from './aggregates.js';
import { closedPeriods } from './repo.js';

/**
 * The open data of the survey: aggregates of closed periods only (while a period is open,
 * comparing two downloads would show one enterprise's answers as it submits), computed with
 * suppression, so no group or question cell of fewer than 3 enterprises is ever in it.
 */
// A closed period does not change while it stays closed (answers freeze when it closes): its
// published aggregates are computed once per database handle and closing. A period reopened,
// answered and closed again has a new closing time, so a new entry (and this process forgets
// the old one as it reopens: two closings may share a millisecond).
const memo = new WeakMap<object, Map<string, PeriodAggregates>>();

export function forgetPublishedAggregates(db: Executor, periodId: number): void {
  const cache = memo.get(db);
  if (cache) for (const k of cache.keys()) if (k.startsWith(`${periodId}|`)) cache.delete(k);
}

export async function publishedAggregates(db: Executor): Promise<PeriodAggregates[]> {
  let cache = memo.get(db);
  if (!cache) memo.set(db, (cache = new Map()));
  const out: PeriodAggregates[] = [];
  for (const { id, closedAt } of await closedPeriods(db)) {
    const key = `${id}|${closedAt ?? ''}`;
    let a = cache.get(key);
    if (!a) {
      a = await computeAggregates(db, id, true);
      if (!a) continue;
      for (const k of cache.keys()) if (k.startsWith(`${id}|`)) cache.delete(k);
      cache.set(key, a);
    }
    out.push(a);
  }
  return out;
}

/** The JSON export: per period, the questionnaire's questions (texts) and each group's aggregates, nothing of one enterprise. */
export function aggregatesJson(list: PeriodAggregates[]) {
  return {
    description: 'Tổng hợp khảo sát ứng dụng CNTT, chuyển đổi số (nhóm dưới 3 phiếu không công bố)',
    periods: list.map((a) => ({
      code: a.period.code,
      name: a.period.name,
      audience: a.period.audience,
      questionnaire: { code: a.questionnaire.code, version: a.questionnaire.version, title: a.questionnaire.titleVi, questions: a.questionnaire.questions.filter((q) => q.kind !== 'text').map((q) => ({ code: q.code, kind: q.kind, text: q.textVi, textEn: q.textEn, unit: q.unit ?? null, choices: q.choices })) },
      asked: a.asked,
      submitted: a.submitted,
      responseRate: a.responseRate,
      groups: a.groups.map((g) => ({ dimension: g.dimension, key: g.key, label: g.label, asked: g.asked, submitted: g.submitted, responseRate: g.responseRate, suppressed: g.suppressed, questions: g.questions })),
    })),
  };
}

const withBom = (text: string) => Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(text, 'utf8')]);

/** One row per period × group × question (× choice): what a spreadsheet pivots. */
export function aggregatesCsv(list: PeriodAggregates[]): Buffer {
  const header = ['period', 'audience', 'questionnaire', 'version', 'dimension', 'group', 'asked', 'submitted', 'response_rate', 'question_code', 'question', 'kind', 'answered', 'yes_share', 'mean', 'total', 'choice', 'choice_count', 'choice_share', 'suppressed'];
  const rows: unknown[][] = [];
  for (const a of list) {
    const texts = new Map(a.questionnaire.questions.map((q) => [q.code, q]));
    for (const g of a.groups) {
      const head = [a.period.code, AUDIENCE_LABELS[a.period.audience as 'enterprise'].vi, a.questionnaire.code, a.questionnaire.version, g.dimension, g.label, g.asked, g.submitted, g.responseRate];
      if (g.suppressed) {
        rows.push([...head, '', '', '', '', '', '', '', '', '', '', 'x']);
        continue;
      }
      for (const q of g.questions) {
        const text = texts.get(q.code)?.textVi ?? q.code;
        if (q.kind === 'choice' && !q.suppressed) {
          for (const c of q.choices) rows.push([...head, q.code, text, q.kind, q.answered, '', '', '', c.code, c.count, c.share, '']);
        } else rows.push([...head, q.code, text, q.kind, q.answered, q.yesShare ?? '', q.mean ?? '', q.total ?? '', '', '', '', q.suppressed ? 'x' : '']);
      }
    }
  }
  return withBom(stringify([header, ...rows]));
}
