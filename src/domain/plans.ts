/**
 * IT plans of agencies (Decree 64/2007 art. 9 lineage) and the provincial programme: the pure
 * rules — statuses and what may happen in each, an item's progress status (late is computed,
 * never typed), the diff of two versions item by item, and the checks of one imported row.
 */

export const PLAN_KINDS = ['five_year', 'annual'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, { vi: string; en: string }> = {
  five_year: { vi: 'Kế hoạch 5 năm', en: '5-year plan' },
  annual: { vi: 'Kế hoạch năm', en: 'Annual plan' },
};

/**
 * Stored statuses of a plan version. `in_force` is not stored: an approved version whose
 * effective date has come is in force (planStatus); a version replaced by an approved
 * adjustment is `superseded`.
 */
export const PLAN_STORED_STATUSES = ['draft', 'submitted', 'under_review', 'revision_requested', 'agreed', 'approved', 'superseded'] as const;
export type PlanStoredStatus = (typeof PLAN_STORED_STATUSES)[number];
export const PLAN_STATUSES = [...PLAN_STORED_STATUSES, 'in_force'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, { vi: string; en: string }> = {
  draft: { vi: 'Dự thảo', en: 'Draft' },
  submitted: { vi: 'Đã trình', en: 'Submitted' },
  under_review: { vi: 'Đang thẩm định', en: 'Under review' },
  revision_requested: { vi: 'Đề nghị chỉnh sửa', en: 'Revision requested' },
  agreed: { vi: 'Sở KH&CN thống nhất', en: 'Agreed by the IT department' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
  in_force: { vi: 'Đang thực hiện', en: 'In force' },
  superseded: { vi: 'Đã được điều chỉnh', en: 'Superseded' },
};

/** The agency edits its items only while the version is a draft or sent back for revision. */
export const EDITABLE_STATUSES = ['draft', 'revision_requested'] as const satisfies readonly PlanStoredStatus[];
export const REVIEW_STATUSES = ['submitted', 'under_review'] as const satisfies readonly PlanStoredStatus[];
export const isEditable = (s: PlanStoredStatus) => (EDITABLE_STATUSES as readonly string[]).includes(s);
/** The IT department comments and answers while the version is with it. */
export const isWithReviewer = (s: PlanStoredStatus) => (REVIEW_STATUSES as readonly string[]).includes(s);
/** Nothing approved (or replaced) is ever edited in place. */
export const isFrozen = (s: PlanStoredStatus) => s === 'approved' || s === 'superseded';

/** in_force once the approving decision's effective date has come (dates YYYY-MM-DD, local). */
export function planStatus(stored: PlanStoredStatus, effectiveFrom: string | null, today: string): PlanStatus {
  if (stored === 'approved' && effectiveFrom && effectiveFrom <= today) return 'in_force';
  return stored;
}

export const FUND_SOURCES = ['investment', 'recurrent', 'socialized', 'other'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];
export const FUND_SOURCE_LABELS: Record<FundSource, { vi: string; en: string }> = {
  investment: { vi: 'Đầu tư công', en: 'Public investment' },
  recurrent: { vi: 'Chi thường xuyên', en: 'Recurrent budget' },
  socialized: { vi: 'Xã hội hóa', en: 'Private funding' },
  other: { vi: 'Khác', en: 'Other' },
};

export const PLAN_PRIORITIES = ['high', 'normal', 'low'] as const;
export type PlanPriority = (typeof PLAN_PRIORITIES)[number];
export const PLAN_PRIORITY_LABELS: Record<PlanPriority, { vi: string; en: string }> = {
  high: { vi: 'Cao', en: 'High' },
  normal: { vi: 'Trung bình', en: 'Normal' },
  low: { vi: 'Thấp', en: 'Low' },
};

/** What the agency reports on an item; `late` may also be reported early (behind schedule). */
export const PROGRESS_REPORTED = ['on_track', 'late', 'done', 'dropped'] as const;
export type ProgressReported = (typeof PROGRESS_REPORTED)[number];
export const PROGRESS_STATUSES = ['not_started', ...PROGRESS_REPORTED] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
export const PROGRESS_STATUS_LABELS: Record<ProgressStatus, { vi: string; en: string }> = {
  not_started: { vi: 'Chưa báo cáo', en: 'Not reported' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track' },
  late: { vi: 'Chậm tiến độ', en: 'Late' },
  done: { vi: 'Hoàn thành', en: 'Done' },
  dropped: { vi: 'Không thực hiện', en: 'Dropped' },
};

/**
 * An item's status on a day: done and dropped stand as reported; an item past its end date
 * and not done is late whatever was reported; otherwise what was reported (nothing yet:
 * not started, or on track once its start has come and nothing says otherwise).
 */
export function itemProgressStatus(reported: ProgressReported | null, endDate: string, today: string): ProgressStatus {
  if (reported === 'done' || reported === 'dropped') return reported;
  if (endDate < today) return 'late';
  return reported ?? 'not_started';
}

/** On track for the indicator KH.DUNGTIENDO: done, or not late (dropped items are not counted). */
export const countsOnTrack = (s: ProgressStatus) => s === 'done' || s === 'on_track' || s === 'not_started';

export const REVIEW_EVENT_KINDS = ['created', 'submitted', 'comment', 'revision_requested', 'agreed', 'approved', 'adjusted', 'imported'] as const;
export type ReviewEventKind = (typeof REVIEW_EVENT_KINDS)[number];

/** The fields of an item compared between versions and imported from a sheet. */
export interface PlanItemFields {
  content: string;
  objective: string | null;
  targetIds: number[];
  leadUnit: string;
  cooperatingUnits: string | null;
  startDate: string;
  endDate: string;
  expectedOutput: string | null;
  cost: string; // digits, integer đồng
  fundSource: FundSource;
  priority: PlanPriority;
}

export const DIFF_FIELDS = ['content', 'objective', 'targetIds', 'leadUnit', 'cooperatingUnits', 'startDate', 'endDate', 'expectedOutput', 'cost', 'fundSource', 'priority'] as const;
export type DiffField = (typeof DIFF_FIELDS)[number];

export type DiffRow = {
  key: string;
  change: 'added' | 'removed' | 'changed';
  content: string;
  fields: { field: DiffField; from: string | null; to: string | null }[];
};

const show = (v: unknown): string | null => (v === null || v === undefined ? null : Array.isArray(v) ? [...v].sort((a, b) => Number(a) - Number(b)).join(', ') : String(v));

/**
 * Items of two versions matched by their key (an item keeps it through adjustments): added,
 * removed, and changed with each field that differs, in the order of the newer version
 * (removed ones after). Unchanged items are left out.
 */
export function diffItems(from: (PlanItemFields & { key: string })[], to: (PlanItemFields & { key: string })[]): DiffRow[] {
  const old = new Map(from.map((i) => [i.key, i]));
  const rows: DiffRow[] = [];
  for (const item of to) {
    const before = old.get(item.key);
    if (!before) {
      rows.push({ key: item.key, change: 'added', content: item.content, fields: [] });
      continue;
    }
    const fields = DIFF_FIELDS.map((f) => ({ field: f, from: show(before[f]), to: show(item[f]) })).filter((d) => d.from !== d.to);
    if (fields.length) rows.push({ key: item.key, change: 'changed', content: item.content, fields });
  }
  const now = new Set(to.map((i) => i.key));
  for (const item of from) if (!now.has(item.key)) rows.push({ key: item.key, change: 'removed', content: item.content, fields: [] });
  return rows;
}

/** A plan's period: a 5-year plan spans 5 calendar years from its first; an annual plan one. */
export function planPeriod(kind: PlanKind, yearFrom: number): { yearFrom: number; yearTo: number } {
  return { yearFrom, yearTo: kind === 'five_year' ? yearFrom + 4 : yearFrom };
}

/** The last day of a month `YYYY-MM`. */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0));
  return `${month}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

export const PLAN_LIMITS = { items: 300, importBytes: 5 * 1024 * 1024, comments: 500 } as const;
