import { toDong } from './money.js';
import { DOCUMENT_TYPES } from './document-types.js';

/**
 * IT investment projects (points 5 and 6 of the directive; shared/domain/governance.md):
 * the lifecycle as data, and the computations a register must never let anyone type —
 * schedule and cost variance against a baseline, rating bands, automatic flags. Pure: the
 * service stores what sorting needs, the screens and the portal show what these answer.
 */

/** Decree 73/2019 art. 9, in order: chuẩn bị đầu tư → thực hiện đầu tư → kết thúc đầu tư. */
export const PROJECT_STAGES = [
  'policy',
  'feasibility',
  'appraisal',
  'investment_decision',
  'detailed_design',
  'contractor_selection',
  'implementation',
  'trial_operation',
  'acceptance',
  'handover',
  'final_accounts',
] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];
export const STAGE_LABELS: Record<ProjectStage, { vi: string; en: string }> = {
  policy: { vi: 'Chủ trương đầu tư', en: 'Investment policy decision' },
  feasibility: { vi: 'Lập báo cáo nghiên cứu khả thi / báo cáo KT-KT', en: 'Feasibility / economic-technical report' },
  appraisal: { vi: 'Thẩm định', en: 'Appraisal' },
  investment_decision: { vi: 'Quyết định đầu tư', en: 'Investment decision' },
  detailed_design: { vi: 'Thiết kế chi tiết', en: 'Detailed design' },
  contractor_selection: { vi: 'Lựa chọn nhà thầu', en: 'Contractor selection' },
  implementation: { vi: 'Triển khai', en: 'Implementation' },
  trial_operation: { vi: 'Vận hành thử', en: 'Trial operation' },
  acceptance: { vi: 'Nghiệm thu', en: 'Acceptance' },
  handover: { vi: 'Bàn giao', en: 'Hand-over' },
  final_accounts: { vi: 'Quyết toán', en: 'Final accounts' },
};
/** The three phases of art. 9, for grouping on screens. */
export const STAGE_PHASE: Record<ProjectStage, 'preparation' | 'execution' | 'closing'> = {
  policy: 'preparation',
  feasibility: 'preparation',
  appraisal: 'preparation',
  investment_decision: 'preparation',
  detailed_design: 'execution',
  contractor_selection: 'execution',
  implementation: 'execution',
  trial_operation: 'execution',
  acceptance: 'closing',
  handover: 'closing',
  final_accounts: 'closing',
};

/**
 * What a decision of the project may be, by what it decides: the document types of the
 * exchange (codes of the Decree 30 list, `document-types.ts`) that fit, and what the
 * document is, said to whoever picks it. A stage is recorded with the document that opens
 * it (the policy stage with the policy decision, the investment decision stage with the
 * investment decision…). Data, not code: a province that words its decisions otherwise
 * changes the lists here. The server refuses a document of another type (422); the pickers
 * offer only these types.
 */
export interface DecisionFit {
  types: readonly string[];
  vi: string;
  en: string;
}
export const STAGE_DECISIONS: Record<ProjectStage, DecisionFit> = {
  policy: { types: ['QD', 'NQ'], vi: 'Quyết định (nghị quyết) chủ trương đầu tư', en: 'Investment policy decision (or resolution)' },
  feasibility: { types: ['CV', 'QD', 'KH'], vi: 'Văn bản giao lập báo cáo nghiên cứu khả thi / KT-KT (hoặc kế hoạch thuê dịch vụ)', en: 'Letter assigning the feasibility / economic-technical report (or the hire plan)' },
  appraisal: { types: ['TTR', 'BC', 'CV', 'TB'], vi: 'Tờ trình, báo cáo trình thẩm định (hoặc thông báo tiếp nhận hồ sơ)', en: 'Submission or report sent for appraisal (or the notice of receipt)' },
  investment_decision: { types: ['QD'], vi: 'Quyết định đầu tư (phê duyệt dự án, báo cáo KT-KT, kế hoạch thuê)', en: 'Investment decision (approving the project, report or hire plan)' },
  detailed_design: { types: ['QD'], vi: 'Quyết định phê duyệt thiết kế chi tiết, dự toán', en: 'Decision approving the detailed design and cost estimate' },
  contractor_selection: { types: ['QD'], vi: 'Quyết định phê duyệt kế hoạch lựa chọn nhà thầu', en: 'Decision approving the contractor selection plan' },
  implementation: { types: ['QD', 'HOPDONG', 'CV'], vi: 'Quyết định phê duyệt kết quả lựa chọn nhà thầu, hợp đồng', en: 'Decision awarding the contract, or the contract' },
  trial_operation: { types: ['CV', 'QD', 'KH'], vi: 'Văn bản đồng ý, kế hoạch vận hành thử', en: 'Letter approving, or plan of, the trial operation' },
  acceptance: { types: ['QD', 'BB', 'BC', 'TB'], vi: 'Kết quả vận hành thử, biên bản (quyết định) nghiệm thu', en: 'Trial operation result, acceptance record or decision' },
  handover: { types: ['BB', 'TB', 'QD'], vi: 'Biên bản bàn giao, thông báo đưa vào sử dụng', en: 'Hand-over record, notice of entry into service' },
  final_accounts: { types: ['QD', 'TB', 'BC'], vi: 'Quyết định phê duyệt quyết toán (báo cáo quyết toán)', en: 'Decision approving the final accounts (or their report)' },
};
/** The other decisions a project and a budget line stand on. */
export const DECISION_FITS = {
  baseline: { types: ['QD'], vi: 'Quyết định phê duyệt tiến độ (quyết định đầu tư)', en: 'Decision approving the schedule (the investment decision)' },
  rebaseline: { types: ['QD'], vi: 'Quyết định điều chỉnh tiến độ', en: 'Decision re-baselining the schedule' },
  appraisalAnswer: { types: ['CV', 'TB', 'BC'], vi: 'Văn bản trả lời (thông báo, báo cáo kết quả thẩm định)', en: 'The appraisal answer (letter, notice or report)' },
  capital: { types: ['QD'], vi: 'Quyết định giao (điều chỉnh) kế hoạch vốn', en: 'Decision allocating (adjusting) the capital plan' },
  budget: { types: ['QD'], vi: 'Quyết định giao (điều chỉnh) dự toán', en: 'Decision allocating (adjusting) the estimate' },
  budgetSettle: { types: ['QD', 'TB'], vi: 'Quyết định (thông báo) phê duyệt quyết toán', en: 'Decision (notice) approving the settlement' },
} as const satisfies Record<string, DecisionFit>;
export type DecisionPurpose = keyof typeof DECISION_FITS;
/** The fitting types by name ("Quyết định, Nghị quyết"), and by name with the abbreviation for English text. */
export function fitTypeNames(fit: DecisionFit): { vi: string; en: string } {
  const named = fit.types.map((c) => DOCUMENT_TYPES.find((t) => t.code === c) ?? { code: c, name: c, abbr: c });
  return { vi: named.map((t) => t.name).join(', '), en: named.map((t) => `${t.name}${t.abbr ? ` (${t.abbr})` : ''}`).join(', ') };
}

/** The stage after `s`, or null at the end. Stages are passed in order; none is skipped. */
export function nextStage(s: ProjectStage): ProjectStage | null {
  const i = PROJECT_STAGES.indexOf(s);
  return PROJECT_STAGES[i + 1] ?? null;
}

export const PROJECT_KINDS = ['investment', 'econ_tech_report', 'service_hire'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];
export const KIND_LABELS: Record<ProjectKind, { vi: string; en: string }> = {
  investment: { vi: 'Dự án đầu tư', en: 'Investment project' },
  econ_tech_report: { vi: 'Báo cáo kinh tế – kỹ thuật', en: 'Economic-technical report' },
  service_hire: { vi: 'Thuê dịch vụ CNTT', en: 'IT service hire' },
};

/** Groups by Law on Public Investment; thresholds are data kept by Finance, not code. */
export const PROJECT_GROUPS = ['A', 'B', 'C', 'below_c'] as const;
export type ProjectGroup = (typeof PROJECT_GROUPS)[number];
export const GROUP_LABELS: Record<ProjectGroup, string> = { A: 'Nhóm A', B: 'Nhóm B', C: 'Nhóm C', below_c: 'Dưới nhóm C' };

export const CAPITAL_SOURCES = ['public_investment', 'recurrent', 'socialized', 'other'] as const;
export type CapitalSource = (typeof CAPITAL_SOURCES)[number];
export const SOURCE_LABELS: Record<CapitalSource, { vi: string; en: string }> = {
  public_investment: { vi: 'Đầu tư công', en: 'Public investment' },
  recurrent: { vi: 'Chi thường xuyên', en: 'Recurrent budget' },
  socialized: { vi: 'Xã hội hóa', en: 'Private contribution' },
  other: { vi: 'Khác', en: 'Other' },
};

/** Technical appraisal by the IT department (Sở KH&CN), capital appraisal by Finance (Sở Tài chính). */
export const APPRAISAL_KINDS = ['technical', 'capital'] as const;
export type AppraisalKind = (typeof APPRAISAL_KINDS)[number];
export const APPRAISAL_LABELS: Record<AppraisalKind, { vi: string; en: string }> = {
  technical: { vi: 'Thẩm định kỹ thuật (Sở KH&CN)', en: 'Technical appraisal (IT department)' },
  capital: { vi: 'Thẩm định nguồn vốn (Sở Tài chính)', en: 'Capital appraisal (Finance)' },
};

/** Recurrent IT budget lines: dự toán → giao dự toán → điều chỉnh → thực hiện → quyết toán. */
export const BUDGET_STATUSES = ['estimated', 'allocated', 'adjusted', 'settled'] as const;
export type BudgetStatus = (typeof BUDGET_STATUSES)[number];
export const BUDGET_STATUS_LABELS: Record<BudgetStatus, { vi: string; en: string }> = {
  estimated: { vi: 'Đã lập dự toán', en: 'Estimate submitted' },
  allocated: { vi: 'Đã giao dự toán', en: 'Allocated' },
  adjusted: { vi: 'Đã điều chỉnh', en: 'Adjusted' },
  settled: { vi: 'Đã quyết toán', en: 'Settled' },
};

export const CAPITAL_CHANGE_KINDS = ['allocate', 'adjust'] as const;
export type CapitalChangeKind = (typeof CAPITAL_CHANGE_KINDS)[number];

/** Automatic flags, shown beside the CIO's rating, never replacing it. */
export const PROJECT_FLAGS = ['milestone_late', 'disbursement_below_plan', 'no_update'] as const;
export type ProjectFlag = (typeof PROJECT_FLAGS)[number];
export const FLAG_LABELS: Record<ProjectFlag, { vi: string; en: string }> = {
  milestone_late: { vi: 'Mốc quá hạn chưa hoàn thành', en: 'Milestone late' },
  disbursement_below_plan: { vi: 'Giải ngân thấp hơn kế hoạch tháng', en: 'Disbursement below the monthly plan' },
  no_update: { vi: 'Không cập nhật quá 60 ngày', en: 'No update for 60 days' },
};
/** Days without any update by the investing agency before the flag shows. */
export const STALE_DAYS = 60;

/** Colour bands as data (governance.md: commonly 1–2 red, 3 yellow, 4–5 green). */
export type Band = 'red' | 'yellow' | 'green';
export const RATING_BANDS: { min: number; band: Band }[] = [
  { min: 4, band: 'green' },
  { min: 3, band: 'yellow' },
  { min: 1, band: 'red' },
];
export const ratingBand = (r: number | null): Band | null => (r === null ? null : (RATING_BANDS.find((b) => r >= b.min)?.band ?? 'red'));
export const RATING_LABELS: Record<number, { vi: string; en: string }> = {
  1: { vi: 'Rủi ro cao', en: 'High risk' },
  2: { vi: 'Rủi ro khá cao', en: 'Moderately high risk' },
  3: { vi: 'Rủi ro trung bình', en: 'Medium risk' },
  4: { vi: 'Rủi ro khá thấp', en: 'Moderately low risk' },
  5: { vi: 'Rủi ro thấp', en: 'Low risk' },
};
/** Variance bands in basis points of the absolute % (under 10 % green, 10–30 % yellow, 30 % or more red). */
export const VARIANCE_BANDS_BP = { yellow: 1000, red: 3000 };
export function varianceBand(bp: number | null): Band | null {
  if (bp === null) return null;
  const a = Math.abs(bp);
  return a >= VARIANCE_BANDS_BP.red ? 'red' : a >= VARIANCE_BANDS_BP.yellow ? 'yellow' : 'green';
}

/** part ÷ whole in basis points of a percent (12.34 % → 1234), rounded half away from zero, in integers; null of a zero whole. */
export function ratioBp(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  const num = part * 10000n;
  const neg = num < 0n !== whole < 0n;
  const a = num < 0n ? -num : num;
  const b = whole < 0n ? -whole : whole;
  const q = (a * 2n + b) / (2n * b);
  return Number(neg ? -q : q);
}

const DAY = 86_400_000;
/** Whole days from a to b (YYYY-MM-DD), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}
export function addDays(d: string, n: number): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** A milestone as a baseline planned it. */
export interface PlannedMilestone {
  code: string;
  name: string;
  plannedStart: string;
  plannedEnd: string;
  plannedCost: bigint;
}
/** What the investing agency reports of a milestone (the current baseline's milestones). */
export interface MilestoneProgress {
  code: string;
  actualStart: string | null;
  actualEnd: string | null;
  forecastEnd: string | null;
  actualCost: bigint | null;
  forecastCost: bigint | null;
}

export type MilestoneVariance = {
  code: string;
  name: string;
  plannedStart: string;
  plannedEnd: string;
  plannedCost: string;
  projectedEnd: string;
  projectedCost: string;
  /** Days late (+) or early (−) of the projected end against the planned end. */
  scheduleDays: number;
  /** scheduleDays ÷ planned duration, in basis points. */
  scheduleBp: number | null;
  /** projected − planned cost (+ over budget), đồng as digits. */
  costDong: string;
  costBp: number | null;
};

export type Variance = {
  plannedCost: string;
  projectedCost: string;
  plannedEnd: string | null;
  projectedEnd: string | null;
  scheduleDays: number;
  scheduleBp: number | null;
  costDong: string;
  costBp: number | null;
  milestones: MilestoneVariance[];
};

/** Projected end of a milestone: its actual end when done, else its forecast, else the plan. */
const projectedEnd = (p: MilestoneProgress | undefined, plannedEnd: string) => p?.actualEnd ?? p?.forecastEnd ?? plannedEnd;
/** Projected cost: the actual cost when known, else the forecast, else the plan. */
const projectedCost = (p: MilestoneProgress | undefined, plannedCost: bigint) => p?.actualCost ?? p?.forecastCost ?? plannedCost;

/**
 * Schedule and cost variance of a project against one baseline. Per milestone: the
 * milestones of that baseline, matched to the current progress by code. For the project:
 * the projected cost is the whole current schedule (`current`, the current baseline's
 * milestones) so work added by a re-baseline counts against the original; the schedule
 * compares the latest projected end with the baseline's planned end, as a share of the
 * baseline's planned duration. Only integers: no floating point touches an amount.
 */
export function computeVariance(baseline: PlannedMilestone[], current: PlannedMilestone[], progress: MilestoneProgress[]): Variance {
  const byCode = new Map(progress.map((p) => [p.code, p]));
  // Without news of a milestone, its projection is the current plan (a re-baseline moved it), else the compared one.
  const planNow = new Map(current.map((m) => [m.code, m]));
  const milestones: MilestoneVariance[] = baseline.map((m) => {
    const p = byCode.get(m.code);
    const end = projectedEnd(p, planNow.get(m.code)?.plannedEnd ?? m.plannedEnd);
    const cost = projectedCost(p, planNow.get(m.code)?.plannedCost ?? m.plannedCost);
    const days = daysBetween(m.plannedEnd, end);
    const duration = BigInt(Math.max(1, daysBetween(m.plannedStart, m.plannedEnd) + 1));
    return {
      code: m.code,
      name: m.name,
      plannedStart: m.plannedStart,
      plannedEnd: m.plannedEnd,
      plannedCost: m.plannedCost.toString(),
      projectedEnd: end,
      projectedCost: cost.toString(),
      scheduleDays: days,
      scheduleBp: ratioBp(BigInt(days), duration),
      costDong: (cost - m.plannedCost).toString(),
      costBp: ratioBp(cost - m.plannedCost, m.plannedCost),
    };
  });
  let planned = 0n;
  for (const m of baseline) planned += m.plannedCost;
  let projected = 0n;
  for (const m of current) projected += projectedCost(byCode.get(m.code), m.plannedCost);
  const maxOf = (xs: string[]) => (xs.length ? xs.reduce((a, b) => (b > a ? b : a)) : null);
  const minOf = (xs: string[]) => (xs.length ? xs.reduce((a, b) => (b < a ? b : a)) : null);
  const plannedEnd = maxOf(baseline.map((m) => m.plannedEnd));
  const plannedStart = minOf(baseline.map((m) => m.plannedStart));
  const projEnd = maxOf(current.map((m) => projectedEnd(byCode.get(m.code), m.plannedEnd)));
  const scheduleDays = plannedEnd && projEnd ? daysBetween(plannedEnd, projEnd) : 0;
  const duration = plannedEnd && plannedStart ? BigInt(Math.max(1, daysBetween(plannedStart, plannedEnd) + 1)) : 0n;
  return {
    plannedCost: planned.toString(),
    projectedCost: projected.toString(),
    plannedEnd,
    projectedEnd: projEnd,
    scheduleDays,
    scheduleBp: ratioBp(BigInt(scheduleDays), duration),
    costDong: (projected - planned).toString(),
    costBp: ratioBp(projected - planned, planned),
    milestones,
  };
}

/** Twelve monthly planned amounts of a yearly capital plan: given, or the plan spread evenly (the remainder in December). */
export function monthlyPlan(amount: bigint, given: (string | bigint)[] | null): bigint[] {
  if (given && given.length === 12) return given.map((g) => toDong(g));
  const each = amount / 12n;
  return Array.from({ length: 12 }, (_, i) => (i === 11 ? amount - each * 11n : each));
}

/**
 * The twelve planned months of many capital plans added up (the province's planned curve).
 * A plan spread evenly adds two amounts, not twelve: its eleven equal months and December's
 * remainder are summed once at the end. Exact: integers only.
 */
export function sumMonthlyPlans(plans: Iterable<{ amount: bigint; monthly: (string | bigint)[] | null }>): bigint[] {
  const given = Array.from({ length: 12 }, () => 0n);
  let even = 0n;
  let evenEach = 0n;
  for (const p of plans) {
    if (p.monthly && p.monthly.length === 12) {
      for (let i = 0; i < 12; i++) given[i]! += toDong(p.monthly[i]);
    } else {
      even += p.amount;
      evenEach += p.amount / 12n;
    }
  }
  return given.map((g, i) => g + (i === 11 ? even - evenEach * 11n : evenEach));
}

export interface FlagInput {
  /** today in Asia/Ho_Chi_Minh, YYYY-MM-DD */
  today: string;
  /** milestones of the current baseline with their reported end */
  milestones: { plannedEnd: string; actualEnd: string | null }[];
  /** this year's capital plan (monthly planned amounts) and the disbursed amount per month, when there is a plan */
  capital: { monthly: bigint[]; disbursedByMonth: bigint[] } | null;
  /** last update by the investing agency (ISO instant), or the project's creation */
  lastUpdateAt: string;
  /** a project past its hand-over needs no progress updates */
  finished: boolean;
}

/**
 * The automatic flags: a milestone whose planned end has passed without an actual end; the
 * disbursement to date below the plan to the end of last month; no update
 * by the investing agency for STALE_DAYS days. They appear and clear with the facts.
 */
export function computeFlags(f: FlagInput): ProjectFlag[] {
  const out: ProjectFlag[] = [];
  if (!f.finished && f.milestones.some((m) => !m.actualEnd && m.plannedEnd < f.today)) out.push('milestone_late');
  if (f.capital) {
    const month = Number(f.today.slice(5, 7)); // this month; the months before it are over
    let planned = 0n;
    let done = 0n;
    for (let i = 0; i < month - 1; i++) planned += f.capital.monthly[i] ?? 0n;
    for (let i = 0; i < month; i++) done += f.capital.disbursedByMonth[i] ?? 0n;
    if (month > 1 && done < planned) out.push('disbursement_below_plan');
  }
  if (!f.finished && daysBetween(f.lastUpdateAt.slice(0, 10), f.today) > STALE_DAYS) out.push('no_update');
  return out;
}
