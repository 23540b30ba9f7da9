import { useCallback, useMemo } from 'react';
import { Alert } from 'antd';
import { type Column } from '../components/DenseTable';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';
import { Link, navigate } from '../router';
import { OUTBOX_KIND, OUTBOX_STATUS } from './labels';
import { StatusBadge, useRelay } from './parts';
import { MessageReader } from './MessageReader';
import { MailLogScreen, useMailLog, type MailLogSpec } from './MailLog';
import { answer, client } from '../api/client';
import type { OutboxPage, OutboxRow, OutboxStatus } from './types';
import './mail.css';

const LOG: MailLogSpec<OutboxPage, OutboxStatus> = {
  name: { vi: 'Thư đi', en: 'Sent mail' },
  key: 'mail-outbox',
  param: 'status',
  paramLabel: { vi: 'Lọc theo tình trạng', en: 'Filter by status' },
  filters: ['', 'kept', 'pending', 'sent', 'failed'],
  labels: OUTBOX_STATUS,
  load: ({ filter, ...page }, signal) => answer(client.GET('/api/v1/mail/outbox', { params: { query: { status: filter, ...page } }, signal })),
};

/**
 * Thư đi: every mail the system sends for the agency (documents dispatched to official
 * addresses, notifications to its people), newest first, with where each stands. Without a
 * relay (development) they are kept here to be read instead of being sent.
 */
export default function SentMail({ id }: { id?: number }) {
  const { t, lang } = useI18n();
  const relay = useRelay();
  const log = useMailLog(LOG, id === undefined);
  const anyKept = log.rows.some((r) => r.status === 'kept');

  const columns = useMemo<Column<OutboxRow>[]>(
    () => [
      { key: 'at', title: t('Tạo lúc', 'Queued'), width: 124, render: (r) => fmtDateTime(r.createdAt) },
      { key: 'kind', title: t('Loại thư', 'Kind'), width: 130, className: 'lt-dt-clip', render: (r) => (r.kind ? (OUTBOX_KIND[r.kind]?.[lang] ?? r.kind) : '—') },
      { key: 'to', title: t('Người nhận', 'To'), width: 190, className: 'lt-dt-clip', render: (r) => <span title={r.to ?? undefined}>{r.to}</span> },
      {
        key: 'subject',
        title: t('Tiêu đề', 'Subject'),
        className: 'lt-dt-clip',
        render: (r) => (
          <Link to={`/mail/sent/${r.id}`} title={r.subject ?? undefined} data-testid="sent-subject">
            {r.subject}
          </Link>
        ),
      },
      { key: 'status', title: t('Tình trạng', 'Status'), width: 170, render: (r) => <StatusBadge r={r} /> },
      {
        key: 'next',
        title: t('Lần thử tới / gửi lúc', 'Next try / sent'),
        width: 120,
        render: (r) => (r.status === 'sent' ? fmtDateTime(r.sentAt) : r.nextAttemptAt ? fmtDateTime(r.nextAttemptAt) : '—'),
      },
      { key: 'error', title: t('Lỗi gần nhất', 'Last error'), width: 160, className: 'lt-dt-clip', render: (r) => (r.lastError ? <span className="lt-mail-error" title={r.lastError}>{r.lastError}</span> : '') },
    ],
    [t, lang],
  );
  const rowProps = useCallback((r: OutboxRow) => ({ 'data-message': r.id, 'data-status': r.status }), []);
  const open = useCallback((r: OutboxRow) => navigate(`/mail/sent/${r.id}`), []);

  const devNotice = (relay === false || (relay === undefined && anyKept)) && (
    <Alert
      type="info"
      showIcon
      className="lt-mail-notice"
      data-testid="no-relay"
      title={t('Môi trường phát triển: thư không được gửi đi', 'Development: mail is not sent')}
      description={t(
        'Máy chủ chưa cấu hình máy chủ gửi thư (SMTP_URL). Thư được lưu giữ tại đây với tình trạng "Lưu giữ (chưa gửi)" để đọc đúng nội dung lẽ ra đã gửi.',
        'No relay is configured (SMTP_URL). Messages are kept here, marked "Kept (not sent)", so you can read exactly what would have been sent.',
      )}
    />
  );

  if (id !== undefined) return <MessageReader id={id} notice={devNotice} />;

  return (
    <MailLogScreen<OutboxRow>
      log={log}
      sub={t('Thư hệ thống gửi thay cơ quan: văn bản phát hành tới hộp thư công vụ nơi nhận, thông báo phân công, hạn xử lý, trạng thái, thu hồi.', 'Mail the system sends for your agency: documents to the recipients’ official mailboxes, notices of assignments, deadlines, statuses and recalls.')}
      notice={devNotice}
      columns={columns}
      minWidth={1100}
      rowClassName={(r) => (r.status === 'failed' ? 'lt-row-attention' : '')}
      rowProps={rowProps}
      onRowClick={open}
      empty={log.value ? t('Không có thư nào ở tình trạng này.', 'No message in this state.') : t('Chưa có thư nào.', 'No mail yet.')}
      data-testid="sent-table"
    />
  );
}
