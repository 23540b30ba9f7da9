/**
 * The IT legal library (point 4 of the directive), its dissemination campaigns and the
 * agencies' internal regulations (point 3): the words the screens and exports use, and the
 * pure rules (what a campaign's reports add up to, which agency lacks a regulation or is
 * overdue for its review). Statuses and replacements are data the IT department keeps
 * current (governance.md), never code.
 */

export const LEGAL_TYPES = ['law', 'decree', 'circular', 'decision', 'directive', 'resolution', 'other'] as const;
export type LegalType = (typeof LEGAL_TYPES)[number];
export const LEGAL_TYPE_LABELS: Record<LegalType, { vi: string; en: string }> = {
  law: { vi: 'Luật', en: 'Law' },
  decree: { vi: 'Nghị định', en: 'Decree' },
  circular: { vi: 'Thông tư', en: 'Circular' },
  decision: { vi: 'Quyết định', en: 'Decision' },
  directive: { vi: 'Chỉ thị', en: 'Directive' },
  resolution: { vi: 'Nghị quyết', en: 'Resolution' },
  other: { vi: 'Văn bản khác', en: 'Other' },
};

/** Tình trạng hiệu lực: còn hiệu lực, hết hiệu lực một phần (sửa đổi), hết hiệu lực (thay thế). */
export const LEGAL_STATUSES = ['in_force', 'amended', 'replaced', 'expired'] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];
export const LEGAL_STATUS_LABELS: Record<LegalStatus, { vi: string; en: string }> = {
  in_force: { vi: 'Còn hiệu lực', en: 'In force' },
  amended: { vi: 'Hết hiệu lực một phần (được sửa đổi, bổ sung)', en: 'Partly amended' },
  replaced: { vi: 'Hết hiệu lực (được thay thế)', en: 'Replaced' },
  expired: { vi: 'Hết hiệu lực', en: 'No longer in force' },
};

/**
 * Which status needs which link: a replaced text names its replacement; an amended one names
 * the amending text; the others link nothing. Answers the problem, or null.
 */
export function statusLinkProblem(status: LegalStatus, linkedId: number | null, selfId?: number): { vi: string; en: string } | null {
  if (linkedId !== null && selfId !== undefined && linkedId === selfId) return { vi: 'Văn bản không thể thay thế hoặc sửa đổi chính nó.', en: 'A text cannot replace or amend itself.' };
  if (status === 'replaced' && linkedId === null) return { vi: 'Văn bản hết hiệu lực do thay thế phải nêu văn bản thay thế.', en: 'A replaced text must name the text that replaces it.' };
  if (status === 'amended' && linkedId === null) return { vi: 'Văn bản được sửa đổi phải nêu văn bản sửa đổi, bổ sung.', en: 'An amended text must name the amending text.' };
  if ((status === 'in_force' || status === 'expired') && linkedId !== null) return { vi: 'Chỉ văn bản được sửa đổi hoặc thay thế mới liên kết tới văn bản khác.', en: 'Only an amended or replaced text links to another text.' };
  return null;
}

/** Hình thức phổ biến. */
export const DISSEMINATION_FORMS = ['conference', 'training', 'internal_mail', 'portal_post'] as const;
export type DisseminationForm = (typeof DISSEMINATION_FORMS)[number];
export const DISSEMINATION_FORM_LABELS: Record<DisseminationForm, { vi: string; en: string }> = {
  conference: { vi: 'Hội nghị', en: 'Conference' },
  training: { vi: 'Tập huấn', en: 'Training' },
  internal_mail: { vi: 'Thư công vụ nội bộ', en: 'Internal mail' },
  portal_post: { vi: 'Đăng trên cổng/trang thông tin', en: 'Portal post' },
};

/** An agency's place in a campaign: reported (on time or late) or not yet (overdue past the date). */
export type CampaignOrgState = 'reported' | 'reported_late' | 'pending' | 'overdue';
export const CAMPAIGN_ORG_STATE_LABELS: Record<CampaignOrgState, { vi: string; en: string }> = {
  reported: { vi: 'Đã báo cáo', en: 'Reported' },
  reported_late: { vi: 'Đã báo cáo (quá hạn)', en: 'Reported late' },
  pending: { vi: 'Chưa báo cáo', en: 'Not yet reported' },
  overdue: { vi: 'Quá hạn chưa báo cáo', en: 'Overdue, not reported' },
};

/**
 * Whether an agency has reported on a campaign: by its first report's day (Vietnam time,
 * YYYY-MM-DD) against the campaign's date; with no report, by today against it.
 */
export function campaignOrgState(deadline: string, firstReportDay: string | null, today: string): CampaignOrgState {
  if (firstReportDay) return firstReportDay <= deadline ? 'reported' : 'reported_late';
  return today > deadline ? 'overdue' : 'pending';
}

/** Quy chế nội bộ: sử dụng mạng nội bộ, hộp thư công vụ, bảo đảm an toàn thông tin. */
export const REGULATION_KINDS = ['intranet', 'mailbox', 'security'] as const;
export type RegulationKind = (typeof REGULATION_KINDS)[number];
export const REGULATION_KIND_LABELS: Record<RegulationKind, { vi: string; en: string }> = {
  intranet: { vi: 'Quy chế sử dụng mạng nội bộ', en: 'Intranet use' },
  mailbox: { vi: 'Quy chế sử dụng hộp thư công vụ', en: 'Official mailbox use' },
  security: { vi: 'Quy chế bảo đảm an toàn thông tin', en: 'Information security' },
};

export type RegulationState = 'missing' | 'issued' | 'review_due' | 'review_overdue';
export const REGULATION_STATE_LABELS: Record<RegulationState, { vi: string; en: string }> = {
  missing: { vi: 'Chưa ban hành', en: 'Not issued' },
  issued: { vi: 'Đã ban hành', en: 'Issued' },
  review_due: { vi: 'Sắp đến hạn rà soát', en: 'Review due soon' },
  review_overdue: { vi: 'Quá hạn rà soát', en: 'Review overdue' },
};

/** Days before the next review when a regulation shows as due soon. */
export const REVIEW_SOON_DAYS = 30;

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A regulation's state from whether it exists and its next review date (YYYY-MM-DD, Vietnam days). */
export function regulationState(exists: boolean, nextReview: string | null, today: string): RegulationState {
  if (!exists) return 'missing';
  if (!nextReview) return 'issued';
  if (nextReview < today) return 'review_overdue';
  if (nextReview <= addDays(today, REVIEW_SOON_DAYS)) return 'review_due';
  return 'issued';
}

/** An agency needs attention when one of its regulations is missing or overdue for review. */
export const needsAttention = (s: RegulationState) => s === 'missing' || s === 'review_overdue';

export const REGULATION_STATES = ['missing', 'issued', 'review_due', 'review_overdue'] as const;
