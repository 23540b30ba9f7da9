import { Tag } from 'antd';
import { useI18n } from '../i18n';
import type { DossierState, Hosting, IncidentStatus, InspectionStatus, RecommendationStatus, Severity } from './types';

type L = { vi: string; en: string };

export const SEVERITY: Record<Severity, L & { color: string }> = {
  low: { vi: 'Thấp', en: 'Low', color: 'default' },
  medium: { vi: 'Trung bình', en: 'Medium', color: 'gold' },
  high: { vi: 'Cao', en: 'High', color: 'orange' },
  critical: { vi: 'Nghiêm trọng', en: 'Critical', color: 'red' },
};
export const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low'];

export const INCIDENT_STATUS: Record<IncidentStatus, L & { color: string }> = {
  reported: { vi: 'Mới báo cáo', en: 'Reported', color: 'red' },
  acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged', color: 'orange' },
  handling: { vi: 'Đang xử lý', en: 'Handling', color: 'blue' },
  resolved: { vi: 'Đã xử lý xong', en: 'Resolved', color: 'cyan' },
  closed: { vi: 'Đã báo cáo kết thúc', en: 'Final report filed', color: 'green' },
};
export const INCIDENT_STATUS_ORDER: IncidentStatus[] = ['reported', 'acknowledged', 'handling', 'resolved', 'closed'];

export const EVENT_KIND: Record<string, L> = {
  reported: { vi: 'Báo cáo ban đầu', en: 'Initial report' },
  acknowledged: { vi: 'Tiếp nhận', en: 'Acknowledged' },
  update: { vi: 'Cập nhật xử lý', en: 'Handling update' },
  resolved: { vi: 'Kết thúc xử lý', en: 'Resolved' },
  final_report: { vi: 'Báo cáo kết thúc ứng phó', en: 'Final report' },
  file: { vi: 'Đính kèm tệp', en: 'File attached' },
};

/** The follow-up of a recommendation. */
export const REC_EVENT_KIND: Record<string, L> = {
  reported: { vi: 'Cơ quan báo cáo thực hiện', en: 'Action reported' },
  closed: { vi: 'Đóng kiến nghị', en: 'Closed' },
  reopened: { vi: 'Mở lại', en: 'Reopened' },
};

export const DOSSIER: Record<DossierState, L & { color: string }> = {
  proposed: { vi: 'Đã đề xuất', en: 'Proposed', color: 'default' },
  appraised: { vi: 'Đã thẩm định', en: 'Appraised', color: 'blue' },
  approved: { vi: 'Đã phê duyệt', en: 'Approved', color: 'green' },
};

export const HOSTING: Record<Hosting, L> = {
  provincial_dc: { vi: 'Trung tâm dữ liệu tỉnh', en: 'Provincial data centre' },
  cloud: { vi: 'Điện toán đám mây', en: 'Cloud' },
  own_room: { vi: 'Phòng máy của cơ quan', en: 'Own server room' },
};

export const RECOMMENDATION_STATUS: Record<RecommendationStatus, L & { color: string }> = {
  open: { vi: 'Chưa thực hiện', en: 'Open', color: 'default' },
  reported: { vi: 'Đã báo cáo thực hiện', en: 'Action reported', color: 'blue' },
  closed: { vi: 'Đã đóng', en: 'Closed', color: 'green' },
  reopened: { vi: 'Mở lại', en: 'Reopened', color: 'orange' },
};

export const INSPECTION_STATUS: Record<InspectionStatus, L> = {
  planned: { vi: 'Theo kế hoạch', en: 'Planned' },
  done: { vi: 'Đã kiểm tra', en: 'Inspected' },
  concluded: { vi: 'Đã có kết luận', en: 'Concluded' },
};

export function SeverityTag({ severity }: { severity: Severity }) {
  const { lang } = useI18n();
  return <Tag color={SEVERITY[severity].color} className="lt-tag" data-severity={severity}>{SEVERITY[severity][lang]}</Tag>;
}

export function IncidentStatusTag({ status, overdue }: { status: IncidentStatus; overdue?: boolean }) {
  const { lang, t } = useI18n();
  return (
    <span className="lt-task-status">
      <Tag color={INCIDENT_STATUS[status].color} className="lt-tag" data-status={status}>{INCIDENT_STATUS[status][lang]}</Tag>
      {overdue && <Tag color="red" className="lt-tag">{t('Quá hạn', 'Overdue')}</Tag>}
    </span>
  );
}
