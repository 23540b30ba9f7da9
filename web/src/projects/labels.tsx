import { Tag } from 'antd';
import type { Band, ProjectFlag, ProjectStage } from './types';

type L = { vi: string; en: string };

/** Labels of src/domain/projects.ts. */
export const STAGE: Record<ProjectStage, L> = {
  policy: { vi: 'Chủ trương đầu tư', en: 'Investment policy' },
  feasibility: { vi: 'Lập báo cáo NCKT / KT-KT', en: 'Feasibility report' },
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
export const STAGES = Object.keys(STAGE) as ProjectStage[];
export const FLAG: Record<ProjectFlag, L> = {
  milestone_late: { vi: 'Mốc quá hạn', en: 'Milestone late' },
  disbursement_below_plan: { vi: 'Giải ngân dưới kế hoạch', en: 'Disbursement below plan' },
  no_update: { vi: 'Không cập nhật 60 ngày', en: 'No update for 60 days' },
};
export const RATING: Record<number, L> = {
  1: { vi: 'Rủi ro cao', en: 'High risk' },
  2: { vi: 'Rủi ro khá cao', en: 'Moderately high risk' },
  3: { vi: 'Rủi ro trung bình', en: 'Medium risk' },
  4: { vi: 'Rủi ro khá thấp', en: 'Moderately low risk' },
  5: { vi: 'Rủi ro thấp', en: 'Low risk' },
};
export const SOURCE: Record<string, L> = {
  public_investment: { vi: 'Đầu tư công', en: 'Public investment' },
  recurrent: { vi: 'Chi thường xuyên', en: 'Recurrent budget' },
  socialized: { vi: 'Xã hội hóa', en: 'Private contribution' },
  other: { vi: 'Khác', en: 'Other' },
};
export const KIND: Record<string, L> = {
  investment: { vi: 'Dự án đầu tư', en: 'Investment project' },
  econ_tech_report: { vi: 'Báo cáo KT-KT', en: 'Econ.-tech. report' },
  service_hire: { vi: 'Thuê dịch vụ CNTT', en: 'IT service hire' },
};
export const GROUP: Record<string, string> = { A: 'A', B: 'B', C: 'C', below_c: '< C' };
/** Colours that keep AA contrast on antd tags. */
const TONE: Record<NonNullable<Band>, string> = { red: 'red', yellow: 'gold', green: 'green' };
export const BAND_TEXT: Record<NonNullable<Band>, L> = { red: { vi: 'Đỏ', en: 'Red' }, yellow: { vi: 'Vàng', en: 'Yellow' }, green: { vi: 'Xanh', en: 'Green' } };

/** "1.250.000.000 ₫" from a digit string, without floating point. */
export function dong(v: string | null | undefined, symbol = true): string {
  if (v === null || v === undefined || v === '') return '';
  const neg = v.startsWith('-');
  const digits = (neg ? v.slice(1) : v).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${neg ? '-' : ''}${digits}${symbol ? ' ₫' : ''}`;
}
/** Short amounts for charts and cards: "85,0 tỷ". */
export function ty(v: string): string {
  const n = Number(BigInt(v) / 1_000_000n) / 1000;
  return `${n.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} tỷ`;
}

export function BandTag({ band, children }: { band: Band; children: React.ReactNode }) {
  return <Tag color={band ? TONE[band] : undefined} className="lt-tag">{children}</Tag>;
}
