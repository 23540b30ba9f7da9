import { Tag } from 'antd';
import { useI18n } from '../i18n';
import type { FundSource, PlanKind, PlanPriority, PlanStatus, ProgressStatus } from './types';

type L = { vi: string; en: string };

/** The labels of src/domain/plans.ts, with a colour for each status. */
export const PLAN_STATUS: Record<PlanStatus, L & { tone: string }> = {
  draft: { vi: 'Dự thảo', en: 'Draft', tone: 'default' },
  submitted: { vi: 'Đã trình', en: 'Submitted', tone: 'blue' },
  under_review: { vi: 'Đang thẩm định', en: 'Under review', tone: 'geekblue' },
  revision_requested: { vi: 'Đề nghị chỉnh sửa', en: 'Revision requested', tone: 'orange' },
  agreed: { vi: 'Sở KH&CN thống nhất', en: 'Agreed', tone: 'cyan' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved', tone: 'green' },
  in_force: { vi: 'Đang thực hiện', en: 'In force', tone: 'green' },
  superseded: { vi: 'Đã được điều chỉnh', en: 'Superseded', tone: 'default' },
};
export const PLAN_KIND: Record<PlanKind, L> = { five_year: { vi: 'Kế hoạch 5 năm', en: '5-year plan' }, annual: { vi: 'Kế hoạch năm', en: 'Annual plan' } };
export const FUND_SOURCE: Record<FundSource, L> = {
  investment: { vi: 'Đầu tư công', en: 'Public investment' },
  recurrent: { vi: 'Chi thường xuyên', en: 'Recurrent budget' },
  socialized: { vi: 'Xã hội hóa', en: 'Private funding' },
  other: { vi: 'Khác', en: 'Other' },
};
export const PLAN_PRIORITY: Record<PlanPriority, L> = { high: { vi: 'Cao', en: 'High' }, normal: { vi: 'Trung bình', en: 'Normal' }, low: { vi: 'Thấp', en: 'Low' } };
export const PROGRESS: Record<ProgressStatus, L & { tone: string }> = {
  not_started: { vi: 'Chưa báo cáo', en: 'Not reported', tone: 'default' },
  on_track: { vi: 'Đúng tiến độ', en: 'On track', tone: 'blue' },
  late: { vi: 'Chậm tiến độ', en: 'Late', tone: 'red' },
  done: { vi: 'Hoàn thành', en: 'Done', tone: 'green' },
  dropped: { vi: 'Không thực hiện', en: 'Dropped', tone: 'default' },
};
export const FIELD: Record<string, L> = {
  content: { vi: 'Nội dung', en: 'Content' },
  objective: { vi: 'Mục tiêu', en: 'Objective' },
  targetIds: { vi: 'Chỉ tiêu', en: 'Targets' },
  leadUnit: { vi: 'Chủ trì', en: 'Lead unit' },
  cooperatingUnits: { vi: 'Phối hợp', en: 'Co-operating' },
  startDate: { vi: 'Bắt đầu', en: 'Start' },
  endDate: { vi: 'Kết thúc', en: 'End' },
  expectedOutput: { vi: 'Sản phẩm', en: 'Output' },
  cost: { vi: 'Kinh phí', en: 'Cost' },
  fundSource: { vi: 'Nguồn vốn', en: 'Source' },
  priority: { vi: 'Ưu tiên', en: 'Priority' },
};

export function PlanStatusTag({ status }: { status: PlanStatus }) {
  const { lang } = useI18n();
  return <Tag color={PLAN_STATUS[status].tone} className="lt-tag" data-plan-status={status}>{PLAN_STATUS[status][lang]}</Tag>;
}

export function ProgressTag({ status }: { status: ProgressStatus }) {
  const { lang } = useI18n();
  return <Tag color={PROGRESS[status].tone} className="lt-tag" data-progress={status}>{PROGRESS[status][lang]}</Tag>;
}

/** 1250000000 → 1.250.000.000 ₫ (digits of integer đồng, no floating point). */
export const fmtDong = (digits: string) => `${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ₫`;
