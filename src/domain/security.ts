/**
 * Information security (point 7 of the directive): the rules of the systems register, incident
 * response and inspections, without I/O. Deadlines, severities and periods are data here
 * (governance.md: Decree 85/2016, Thông tư 20/2017/TT-BTTTT art. 9, QĐ 05/2017/QĐ-TTg art. 11);
 * a province that reads the texts differently changes the tables, not the code.
 */

export const SECURITY_LEVELS = [1, 2, 3, 4, 5] as const;
export type SecurityLevel = (typeof SECURITY_LEVELS)[number];

/** The level dossier (hồ sơ đề xuất cấp độ): proposed by the owner, appraised, approved by decision. */
export const DOSSIER_STATES = ['proposed', 'appraised', 'approved'] as const;
export type DossierState = (typeof DOSSIER_STATES)[number];
export const DOSSIER_STATE_LABELS: Record<DossierState, { vi: string; en: string }> = {
  proposed: { vi: 'Đã đề xuất', en: 'Proposed' },
  appraised: { vi: 'Đã thẩm định', en: 'Appraised' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved' },
};

export const HOSTINGS = ['provincial_dc', 'cloud', 'own_room'] as const;
export type Hosting = (typeof HOSTINGS)[number];
export const HOSTING_LABELS: Record<Hosting, { vi: string; en: string }> = {
  provincial_dc: { vi: 'Trung tâm dữ liệu tỉnh', en: 'Provincial data centre' },
  cloud: { vi: 'Điện toán đám mây', en: 'Cloud' },
  own_room: { vi: 'Phòng máy của cơ quan', en: "Agency's own server room" },
};

/** Severity levels (data): the codes are stored, the labels shown. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, { vi: string; en: string }> = {
  low: { vi: 'Thấp', en: 'Low' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  high: { vi: 'Cao', en: 'High' },
  critical: { vi: 'Nghiêm trọng', en: 'Critical' },
};

/** reported → acknowledged → handling → resolved → closed (final report filed). */
export const INCIDENT_STATUSES = ['reported', 'acknowledged', 'handling', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, { vi: string; en: string }> = {
  reported: { vi: 'Mới báo cáo', en: 'Reported' },
  acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  handling: { vi: 'Đang xử lý', en: 'Handling' },
  resolved: { vi: 'Đã xử lý xong', en: 'Resolved' },
  closed: { vi: 'Đã báo cáo kết thúc', en: 'Final report filed' },
};

export const INCIDENT_EVENT_KINDS = ['reported', 'acknowledged', 'update', 'resolved', 'final_report', 'file'] as const;
export type IncidentEventKind = (typeof INCIDENT_EVENT_KINDS)[number];

/**
 * Reporting deadlines (data, governance.md): the notice of an incident at the latest 5 days
 * after detection; the final report (form 04) within 5 days after the response ends.
 */
export const INCIDENT_DEADLINES = { initialReportDays: 5, finalReportDays: 5 } as const;

const DAY_MS = 86_400_000;
const plusDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

export interface IncidentFacts {
  status: IncidentStatus;
  detectedAt: string;
  reportedAt: string;
  resolvedAt: string | null;
  finalReportAt: string | null;
}

export interface IncidentDeadlines {
  initialDue: string;
  initialOnTime: boolean;
  finalDue: string | null;
  finalOverdue: boolean;
  overdue: boolean;
}

/** The deadlines of an incident and whether they were (or are being) missed, at `now`. */
export function incidentDeadlines(i: IncidentFacts, now: Date, d: { initialReportDays: number; finalReportDays: number } = INCIDENT_DEADLINES): IncidentDeadlines {
  const initialDue = plusDays(i.detectedAt, d.initialReportDays);
  const initialOnTime = i.reportedAt <= initialDue;
  const finalDue = i.resolvedAt ? plusDays(i.resolvedAt, d.finalReportDays) : null;
  const finalOverdue = !!finalDue && (i.finalReportAt ? i.finalReportAt > finalDue : now.toISOString() > finalDue);
  return { initialDue, initialOnTime, finalDue, finalOverdue, overdue: !initialOnTime || (finalOverdue && !i.finalReportAt) };
}

/** Which step may follow which. An update ("handling") may be added again while handling. */
const NEXT: Record<IncidentStatus, IncidentStatus[]> = {
  reported: ['acknowledged'],
  acknowledged: ['handling', 'resolved'],
  handling: ['handling', 'resolved'],
  resolved: ['closed'],
  closed: [],
};
export const mayMove = (from: IncidentStatus, to: IncidentStatus) => NEXT[from].includes(to);

/** Recommendations (kiến nghị) of an inspection and their follow-up. */
export const RECOMMENDATION_STATUSES = ['open', 'reported', 'closed', 'reopened'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const RECOMMENDATION_STATUS_LABELS: Record<RecommendationStatus, { vi: string; en: string }> = {
  open: { vi: 'Chưa thực hiện', en: 'Open' },
  reported: { vi: 'Đã báo cáo thực hiện', en: 'Action reported' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  reopened: { vi: 'Mở lại', en: 'Reopened' },
};
export const RECOMMENDATION_EVENT_KINDS = ['reported', 'closed', 'reopened'] as const;
export type RecommendationEventKind = (typeof RECOMMENDATION_EVENT_KINDS)[number];

/** A recommendation not closed whose deadline (a Vietnamese calendar day) has passed. */
export const recommendationOverdue = (status: RecommendationStatus, deadline: string, today: string) => status !== 'closed' && deadline < today;

export const INSPECTION_STATUSES = ['planned', 'done', 'concluded'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const INSPECTION_STATUS_LABELS: Record<InspectionStatus, { vi: string; en: string }> = {
  planned: { vi: 'Theo kế hoạch', en: 'Planned' },
  done: { vi: 'Đã kiểm tra', en: 'Inspected' },
  concluded: { vi: 'Đã có kết luận', en: 'Concluded' },
};

/**
 * The periodic report (form 05) periods, per Decree 09/2019 art. 12 as provinces apply it
 * (data): six-monthly from 15 December of the previous year to 14 June, sent before 20 June;
 * yearly from 15 December to 14 December, sent before 15 December.
 */
export const SUMMARY_PERIODS = {
  half: { from: [-1, 12, 15], to: [0, 6, 14], due: [0, 6, 20], vi: '6 tháng', en: 'Six months' },
  year: { from: [-1, 12, 15], to: [0, 12, 14], due: [0, 12, 15], vi: 'năm', en: 'Year' },
} as const;
export type SummaryPeriod = keyof typeof SUMMARY_PERIODS;

const day = (year: number, [dy, m, d]: readonly [number, number, number]) => `${year + dy}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The report year a Vietnamese calendar day falls in: from 15 December it is the next year's. */
export function summaryYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '12-15' ? year + 1 : year;
}

/** The calendar days (both included) a period's report covers, and the day it is due. */
export function summaryRange(year: number, period: SummaryPeriod): { from: string; to: string; due: string } {
  const p = SUMMARY_PERIODS[period];
  return { from: day(year, p.from), to: day(year, p.to), due: day(year, p.due) };
}
