import { Tag } from 'antd';
import { useI18n } from '../i18n';
import type { Band, ReportStatus } from './types';

type L = { vi: string; en: string };
export const BAND: Record<Band, L & { color: string }> = {
  tot: { vi: 'Tốt', en: 'Good', color: 'green' },
  kha: { vi: 'Khá', en: 'Fair', color: 'blue' },
  trung_binh: { vi: 'Trung bình', en: 'Average', color: 'gold' },
  yeu: { vi: 'Yếu', en: 'Weak', color: 'red' },
};
export const REPORT_STATUS: Record<ReportStatus, L & { color: string }> = {
  draft: { vi: 'Đang soạn', en: 'Draft', color: 'default' },
  submitted: { vi: 'Đã gửi', en: 'Submitted', color: 'blue' },
  returned: { vi: 'Trả lại để bổ sung', en: 'Returned', color: 'volcano' },
  accepted: { vi: 'Đã tiếp nhận', en: 'Accepted', color: 'green' },
};

export function BandTag({ band }: { band: Band | null }) {
  const { lang } = useI18n();
  if (!band) return <span className="lt-muted">—</span>;
  return <Tag color={BAND[band].color}>{BAND[band][lang]}</Tag>;
}

export function ReportTag({ status, late }: { status: ReportStatus | null; late?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <span>
      <Tag color={status ? REPORT_STATUS[status].color : 'default'}>{status ? REPORT_STATUS[status][lang] : t('Chưa gửi', 'Not sent')}</Tag>
      {late && <Tag color="orange">{t('Gửi muộn', 'Late')}</Tag>}
    </span>
  );
}

export const num = (v: number | null | undefined, unit?: string) => (v === null || v === undefined ? '—' : `${v.toLocaleString('vi-VN', { maximumFractionDigits: 2 })}${unit === '%' ? '%' : ''}`);
export const monthLabel = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;
