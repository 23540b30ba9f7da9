import { useCallback, useMemo } from 'react';
import { Alert, Button, Segmented, Space } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../api';
import { Panel } from '../components/Panel';
import { LoadError, Page } from '../components/Page';
import { DenseTable, type Column } from '../components/DenseTable';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';
import { Link, navigate, setQuery, useLocation } from '../router';
import { OUTBOX_KIND, OUTBOX_STATUS } from './labels';
import { StatusBadge, useRelay } from './parts';
import { MessageReader } from './MessageReader';
import type { OutboxPage, OutboxRow } from './types';
import './mail.css';

const LIMIT = 50;
const FILTERS = ['', 'kept', 'pending', 'sent', 'failed'] as const;

/**
 * Thư đi: every mail the system sends for the agency (documents dispatched to official
 * addresses, notifications to its people), newest first, with where each stands. Without a
 * relay (development) they are kept here to be read instead of being sent.
 */
export default function SentMail({ id }: { id?: number }) {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const status = FILTERS.includes(query.get('status') as never) ? (query.get('status') as string) : '';
  const relay = useRelay();

  const list = useInfiniteQuery({
    queryKey: ['mail-outbox', status],
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last: OutboxPage) => last.nextBeforeId ?? undefined,
    queryFn: ({ pageParam, signal }) => get<OutboxPage>('/api/v1/mail/outbox', { status, limit: LIMIT, beforeId: pageParam }, signal),
    enabled: id === undefined,
    staleTime: 0,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const anyKept = rows.some((r) => r.status === 'kept');

  const columns = useMemo<Column<OutboxRow>[]>(
    () => [
      { key: 'at', title: t('Tạo lúc', 'Queued'), width: 124, render: (r) => fmtDateTime(r.createdAt) },
      { key: 'kind', title: t('Loại thư', 'Kind'), width: 130, className: 'lt-dt-clip', render: (r) => (r.kind ? (OUTBOX_KIND[r.kind]?.[lang] ?? r.kind) : '—') },
      { key: 'to', title: t('Người nhận', 'To'), width: 190, className: 'lt-dt-clip', render: (r) => <span title={r.to}>{r.to}</span> },
      {
        key: 'subject',
        title: t('Tiêu đề', 'Subject'),
        className: 'lt-dt-clip',
        render: (r) => (
          <Link to={`/mail/sent/${r.id}`} title={r.subject} data-testid="sent-subject">
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
    <Page
      title={t('Thư đi', 'Sent mail')}
      sub={t('Thư hệ thống gửi thay cơ quan: văn bản phát hành tới hộp thư công vụ nơi nhận, thông báo phân công, hạn xử lý, trạng thái, thu hồi.', 'Mail the system sends for your agency: documents to the recipients’ official mailboxes, notices of assignments, deadlines, statuses and recalls.')}
    >
      {devNotice}
      <Panel className="lt-filters">
        <Space wrap>
          <Segmented
            aria-label={t('Lọc theo tình trạng', 'Filter by status')}
            value={status}
            onChange={(v) => setQuery({ status: String(v) })}
            options={FILTERS.map((f) => ({ value: f, label: f ? OUTBOX_STATUS[f]![lang] : t('Tất cả', 'All') }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('Tải lại', 'Reload')}
          </Button>
        </Space>
      </Panel>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <Panel>
        <DenseTable<OutboxRow>
          rowKey={(r) => r.id}
          columns={columns}
          rows={rows}
          loading={list.isLoading}
          minWidth={1100}
          caption={t('Thư đi', 'Sent mail')}
          rowClassName={(r) => (r.status === 'failed' ? 'lt-row-attention' : '')}
          rowProps={rowProps}
          onRowClick={open}
          onEndReached={() => list.hasNextPage && !list.isFetchingNextPage && void list.fetchNextPage()}
          empty={status ? t('Không có thư nào ở tình trạng này.', 'No message in this state.') : t('Chưa có thư nào.', 'No mail yet.')}
          data-testid="sent-table"
        />
        <div className="lt-pager">
          <span className="lt-muted" aria-live="polite">
            {t(`Đang hiện ${rows.length} thư${list.hasNextPage ? ', còn nữa' : ''}`, `Showing ${rows.length}${list.hasNextPage ? ', more available' : ''}`)}
          </span>
          <Button disabled={!list.hasNextPage} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t(`Tải thêm ${LIMIT} thư`, `Load ${LIMIT} more`)}
          </Button>
        </div>
      </Panel>
    </Page>
  );
}
