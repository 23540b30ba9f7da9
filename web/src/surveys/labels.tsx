import { Tag } from 'antd';
import { useI18n } from '../i18n';
import type { ResponseStatus } from './types';

export const RESPONSE_STATUS: Record<ResponseStatus, { vi: string; en: string; color: string }> = {
  not_started: { vi: 'Chưa trả lời', en: 'Not started', color: 'default' },
  draft: { vi: 'Đang soạn', en: 'Draft', color: 'blue' },
  submitted: { vi: 'Đã nộp', en: 'Submitted', color: 'green' },
  returned: { vi: 'Trả lại để sửa', en: 'Returned for correction', color: 'orange' },
};
export const RESPONSE_STATUS_ORDER: ResponseStatus[] = ['submitted', 'returned', 'draft', 'not_started'];

export function ResponseStatusTag({ status }: { status: ResponseStatus }) {
  const { lang } = useI18n();
  const s = RESPONSE_STATUS[status];
  return (
    <Tag color={s.color} className="lt-tag" data-status={status}>
      {s[lang]}
    </Tag>
  );
}
