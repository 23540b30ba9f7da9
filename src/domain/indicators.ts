import { invalid } from './errors.js';

/**
 * The indicator catalogue's rules: groups, sources and the scoring primitives Vietnamese
 * indices use (governance.md, "Scoring primitives"). Definitions are data the provincial IT
 * department edits; only how a value becomes points lives here.
 */

/** The DTI (2024) main indices: five of foundation, three of activity. */
export const INDICATOR_GROUPS = ['nhan_thuc_so', 'the_che_so', 'ha_tang_so', 'nhan_luc_so', 'an_toan_thong_tin', 'chinh_quyen_so', 'kinh_te_so', 'xa_hoi_so'] as const;
export type IndicatorGroup = (typeof INDICATOR_GROUPS)[number];
export const INDICATOR_GROUP_LABELS: Record<IndicatorGroup, { vi: string; en: string }> = {
  nhan_thuc_so: { vi: 'Nhận thức số', en: 'Digital awareness' },
  the_che_so: { vi: 'Thể chế số', en: 'Digital institutions' },
  ha_tang_so: { vi: 'Hạ tầng số', en: 'Digital infrastructure' },
  nhan_luc_so: { vi: 'Nhân lực số', en: 'Digital workforce' },
  an_toan_thong_tin: { vi: 'An toàn thông tin mạng', en: 'Cyber security' },
  chinh_quyen_so: { vi: 'Chính quyền số', en: 'Digital government' },
  kinh_te_so: { vi: 'Kinh tế số', en: 'Digital economy' },
  xa_hoi_so: { vi: 'Xã hội số', en: 'Digital society' },
};

export const SCORING_RULES = ['ratio_max', 'peer_max', 'step_table', 'yes_no'] as const;
export type ScoringRule = (typeof SCORING_RULES)[number];
export const SCORING_RULE_LABELS: Record<ScoringRule, { vi: string; en: string }> = {
  ratio_max: { vi: 'Tỷ lệ × điểm tối đa', en: 'Ratio × maximum' },
  peer_max: { vi: 'Giá trị ÷ giá trị cao nhất × điểm tối đa', en: 'Value ÷ best peer × maximum' },
  step_table: { vi: 'Bảng bậc', en: 'Step table' },
  yes_no: { vi: 'Có / không', en: 'Yes / no' },
};

export const DATA_SOURCES = ['automatic', 'reported', 'verified'] as const;
export type DataSource = (typeof DATA_SOURCES)[number];
export const DATA_SOURCE_LABELS: Record<DataSource, { vi: string; en: string }> = {
  automatic: { vi: 'Tự động từ hệ thống', en: 'Automatic' },
  reported: { vi: 'Cơ quan báo cáo', en: 'Reported by the agency' },
  verified: { vi: 'Cơ quan thẩm định xác nhận', en: 'Verified by an agency' },
};

/** One row of a step table: the value lies in [min, max] (either bound may be absent). */
export interface ScoreStep {
  min: number | null;
  max: number | null;
  points: number;
}

export const MAX_STEPS = 20;
export const MAX_POINTS = 1000;

const round2 = (n: number) => Math.round(n * 100) / 100;
const clamp = (n: number, max: number) => Math.min(Math.max(n, 0), max);

/** a ÷ b × maximum; no denominator (nothing to measure) gives null, not zero. */
export function scoreRatio(numerator: number, denominator: number, maxPoints: number): number | null {
  if (!(denominator > 0)) return null;
  return round2(clamp((numerator / denominator) * maxPoints, maxPoints));
}

/** value ÷ the best peer's value × maximum; when no peer scored, nobody gets points. */
export function scorePeer(value: number, peerMax: number, maxPoints: number): number {
  if (!(peerMax > 0)) return 0;
  return round2(clamp((value / peerMax) * maxPoints, maxPoints));
}

/** The first step whose range holds the value gives its points; no step, no points. */
export function scoreSteps(value: number, steps: readonly ScoreStep[]): number {
  for (const s of steps) {
    if ((s.min === null || value >= s.min) && (s.max === null || value <= s.max)) return s.points;
  }
  return 0;
}

export function scoreYesNo(yes: boolean, maxPoints: number): number {
  return yes ? maxPoints : 0;
}

export interface ScoringDefinition {
  rule: ScoringRule;
  maxPoints: number;
  steps: readonly ScoreStep[];
}

/** Points for a measured value under an indicator's rule. */
export function score(def: ScoringDefinition, m: { value: number; denominator?: number; peerMax?: number }): number | null {
  switch (def.rule) {
    case 'ratio_max':
      return scoreRatio(m.value, m.denominator ?? 0, def.maxPoints);
    case 'peer_max':
      return scorePeer(m.value, m.peerMax ?? 0, def.maxPoints);
    case 'step_table':
      return Math.min(scoreSteps(m.value, def.steps), def.maxPoints);
    case 'yes_no':
      return scoreYesNo(m.value > 0, def.maxPoints);
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Checks a scoring definition as the catalogue screen sends it: a step table has steps, each
 * with points within the maximum and a range that is not empty; other rules have none.
 */
export function validScoring(rule: ScoringRule, maxPoints: unknown, steps: unknown): ScoringDefinition {
  if (!finite(maxPoints) || maxPoints <= 0 || maxPoints > MAX_POINTS) {
    throw invalid('maxPoints', `Điểm tối đa phải là số lớn hơn 0 và không quá ${MAX_POINTS}.`, `maxPoints must be a number above 0 and at most ${MAX_POINTS}.`);
  }
  const list = steps ?? [];
  if (!Array.isArray(list)) throw invalid('steps', 'Bảng bậc phải là một danh sách.', 'steps must be a list.');
  if (rule !== 'step_table') {
    if (list.length) throw invalid('steps', 'Chỉ cách tính "bảng bậc" mới có các bậc.', 'Only the step_table rule has steps.');
    return { rule, maxPoints, steps: [] };
  }
  if (list.length === 0 || list.length > MAX_STEPS) throw invalid('steps', `Bảng bậc cần từ 1 đến ${MAX_STEPS} bậc.`, `A step table needs 1 to ${MAX_STEPS} steps.`);
  const out: ScoreStep[] = list.map((s: unknown, i: number) => {
    const o = (s ?? {}) as Record<string, unknown>;
    const min = o.min === undefined || o.min === null ? null : o.min;
    const max = o.max === undefined || o.max === null ? null : o.max;
    const where = `steps[${i}]`;
    if ((min !== null && !finite(min)) || (max !== null && !finite(max))) throw invalid(where, `Bậc ${i + 1}: cận dưới/cận trên phải là số.`, `${where}: min and max must be numbers.`);
    if (min === null && max === null) throw invalid(where, `Bậc ${i + 1}: cần ít nhất cận dưới hoặc cận trên.`, `${where}: give a min or a max.`);
    if (min !== null && max !== null && min > max) throw invalid(where, `Bậc ${i + 1}: cận dưới lớn hơn cận trên.`, `${where}: min is above max.`);
    if (!finite(o.points) || o.points < 0 || o.points > maxPoints) throw invalid(where, `Bậc ${i + 1}: điểm phải từ 0 đến ${maxPoints}.`, `${where}: points must be from 0 to ${maxPoints}.`);
    return { min: min as number | null, max: max as number | null, points: o.points };
  });
  return { rule, maxPoints, steps: out };
}

/** Codes such as VB.DI_DIENTU: upper-case letters, digits and underscores, in dotted parts. */
export const INDICATOR_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)*$/;
