import { Badge } from '../labels';
import { useI18n } from '../i18n';
import type { Priority, Recurrence, TaskStatus } from './types';

type L = { vi: string; en: string };

/** The labels of src/domain/tasks.ts and src/domain/indicators.ts, with a colour for each status. */
export const TASK_STATUS: Record<TaskStatus, L & { tone: string }> = {
  not_started: { vi: 'Chưa thực hiện', en: 'Not started', tone: 'default' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress', tone: 'blue' },
  overdue: { vi: 'Quá hạn', en: 'Overdue', tone: 'red' },
  extension_asked: { vi: 'Đề nghị gia hạn', en: 'Extension asked', tone: 'gold' },
  awaiting_acceptance: { vi: 'Chờ xác nhận hoàn thành', en: 'Awaiting acceptance', tone: 'cyan' },
  returned: { vi: 'Trả lại', en: 'Returned', tone: 'volcano' },
  done_on_time: { vi: 'Hoàn thành đúng hạn', en: 'Done on time', tone: 'green' },
  done_late: { vi: 'Hoàn thành quá hạn', en: 'Done late', tone: 'orange' },
};
export const TASK_STATUS_ORDER = Object.keys(TASK_STATUS) as TaskStatus[];

export const RECURRENCE: Record<Recurrence, L> = {
  none: { vi: 'Theo hạn', en: 'By a date' },
  monthly: { vi: 'Hằng tháng', en: 'Monthly' },
  quarterly: { vi: 'Hằng quý', en: 'Quarterly' },
  yearly: { vi: 'Hằng năm', en: 'Yearly' },
  ongoing: { vi: 'Thường xuyên', en: 'Ongoing' },
};

export const PRIORITY: Record<Priority, L> = {
  high: { vi: 'Cao', en: 'High' },
  normal: { vi: 'Bình thường', en: 'Normal' },
  low: { vi: 'Thấp', en: 'Low' },
};

export const EVENT_KIND: Record<string, L> = {
  created: { vi: 'Giao nhiệm vụ', en: 'Assigned' },
  progress: { vi: 'Báo cáo tiến độ', en: 'Progress report' },
  contribution: { vi: 'Phối hợp', en: 'Contribution' },
  extension_asked: { vi: 'Đề nghị gia hạn', en: 'Extension asked' },
  extension_granted: { vi: 'Đồng ý gia hạn', en: 'Extension granted' },
  extension_refused: { vi: 'Không đồng ý gia hạn', en: 'Extension refused' },
  done: { vi: 'Báo cáo hoàn thành', en: 'Declared done' },
  accepted: { vi: 'Xác nhận hoàn thành', en: 'Completion accepted' },
  returned: { vi: 'Trả lại', en: 'Returned' },
};

export const INDICATOR_GROUP: Record<string, L> = {
  nhan_thuc_so: { vi: 'Nhận thức số', en: 'Digital awareness' },
  the_che_so: { vi: 'Thể chế số', en: 'Digital institutions' },
  ha_tang_so: { vi: 'Hạ tầng số', en: 'Digital infrastructure' },
  nhan_luc_so: { vi: 'Nhân lực số', en: 'Digital workforce' },
  an_toan_thong_tin: { vi: 'An toàn thông tin mạng', en: 'Cyber security' },
  chinh_quyen_so: { vi: 'Chính quyền số', en: 'Digital government' },
  kinh_te_so: { vi: 'Kinh tế số', en: 'Digital economy' },
  xa_hoi_so: { vi: 'Xã hội số', en: 'Digital society' },
};

export const SCORING_RULE: Record<string, L> = {
  ratio_max: { vi: 'Tỷ lệ × điểm tối đa', en: 'Ratio × maximum' },
  peer_max: { vi: 'Giá trị ÷ cao nhất × điểm tối đa', en: 'Value ÷ best peer × maximum' },
  step_table: { vi: 'Bảng bậc', en: 'Step table' },
  yes_no: { vi: 'Có / không', en: 'Yes / no' },
};

export const DATA_SOURCE: Record<string, L> = {
  automatic: { vi: 'Tự động', en: 'Automatic' },
  reported: { vi: 'Cơ quan báo cáo', en: 'Reported' },
  verified: { vi: 'Cơ quan thẩm định xác nhận', en: 'Verified' },
};

export function TaskStatusTag({ status, overdue }: { status: TaskStatus; overdue?: boolean }) {
  const { lang, t } = useI18n();
  const s = TASK_STATUS[status];
  return (
    <span className="lt-task-status">
      <Badge tone={s.tone} data-status={status}>
        {s[lang]}
      </Badge>
      {overdue && status !== 'overdue' && <Badge tone="red">{t('Quá hạn', 'Overdue')}</Badge>}
    </span>
  );
}
