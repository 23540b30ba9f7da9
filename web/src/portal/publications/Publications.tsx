import { useMemo, useState } from 'react';
import { Button, Space } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { client } from '../../api/client';
import { Page } from '../../components/Page';
import { type Column } from '../../components/DenseTable';
import { DocLink } from '../../components/DocLink';
import { useDocumentTypes } from '../../data';
import { fmtDate, fmtDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Badge } from '../../labels';
import { PublicLink, useRefreshPortal } from '../common';
import { LiveList, useConfirmWithdraw, useLiveFilter } from '../LiveList';
import { useApiCall } from '../api-extra';
import { usePublications } from './queries';
import { PublishModal } from './PublishModal';
import type { Publication } from '../types';

const words = (p: Publication) => `${p.symbol ?? ''} ${p.summary}`;

/**
 * Cổng thông tin › Văn bản công bố: the agency's documents on the portal, live and withdrawn,
 * with their effective dates; publish another, change a date, withdraw (with a confirmation).
 */
export default function Publications() {
  const { t } = useI18n();
  const confirmWithdraw = useConfirmWithdraw();
  const types = useDocumentTypes();
  const refresh = useRefreshPortal();
  const call = useApiCall();
  const list = usePublications();
  const filter = useLiveFilter(list.data, 'live', words);
  const [dialog, setDialog] = useState<null | { kind: 'new' } | { kind: 'date'; p: Publication }>(null);
  const live = useMemo(() => new Set((list.data ?? []).filter((p) => p.live).map((p) => p.documentId)), [list.data]);
  const typeName = (c: string) => types.data?.find((x) => x.code === c)?.name ?? c;

  const unpublish = (p: Publication) =>
    confirmWithdraw({
      title: t('Gỡ văn bản khỏi cổng thông tin?', 'Withdraw this document from the portal?'),
      content: t(`${p.symbol ?? ''} sẽ biến mất ngay khỏi mọi trang, nguồn tin và dữ liệu mở của cổng. Có thể công bố lại sau.`, `${p.symbol ?? ''} disappears at once from every page, feed and open-data file. It can be published again later.`),
      okText: t('Gỡ khỏi cổng', 'Withdraw'),
      onOk: () => call.run(`un-${p.documentId}`, () => client.DELETE('/api/v1/portal/publications/{id}', { params: { path: { id: p.documentId } } }), t('Đã gỡ văn bản khỏi cổng.', 'Withdrawn from the portal.')).then((ok) => ok && refresh()),
    });

  const republish = (p: Publication) =>
    call.run(`re-${p.documentId}`, () => client.POST('/api/v1/portal/publications', { body: { documentId: p.documentId, effectiveDate: p.effectiveDate } }), t('Đã công bố lại.', 'Published again.')).then((ok) => ok && refresh());

  const columns: Column<Publication>[] = [
    { key: 'symbol', title: t('Số, ký hiệu', 'Number'), width: 150, className: 'lt-dt-clip', render: (r) => <DocLink id={r.documentId} symbol={r.symbol} /> },
    { key: 'type', title: t('Loại', 'Type'), width: 100, className: 'lt-dt-clip', render: (r) => typeName(r.typeCode) },
    { key: 'date', title: t('Ngày ban hành', 'Date'), width: 100, render: (r) => fmtDate(r.docDate) || '—' },
    { key: 'summary', title: t('Trích yếu', 'Summary'), className: 'lt-dt-clip', render: (r) => <span title={r.summary}>{r.summary}</span> },
    { key: 'effective', title: t('Hiệu lực từ', 'Effective'), width: 100, sorter: (a, b) => (a.effectiveDate ?? '').localeCompare(b.effectiveDate ?? ''), render: (r) => fmtDate(r.effectiveDate) || <span className="lt-muted">—</span> },
    { key: 'published', title: t('Công bố lúc', 'Published'), width: 130, sorter: (a, b) => a.publishedAt.localeCompare(b.publishedAt), render: (r) => fmtDateTime(r.publishedAt) },
    {
      key: 'state',
      title: t('Trên cổng', 'On the portal'),
      width: 150,
      render: (r) => (r.live ? <Badge tone="green">{t('Đang công bố', 'Published')}</Badge> : <Badge tone="default" title={fmtDateTime(r.unpublishedAt)}>{t(`Đã gỡ ${fmtDate(r.unpublishedAt)}`, `Withdrawn ${fmtDate(r.unpublishedAt)}`)}</Badge>),
    },
    {
      key: 'actions',
      title: <span className="lt-sr">{t('Thao tác', 'Actions')}</span>,
      width: 300,
      render: (r) =>
        r.live ? (
          <Space size={4}>
            <PublicLink href={`/van-ban/${r.documentId}`}>{t('Xem', 'View')}</PublicLink>
            <Button size="small" onClick={() => setDialog({ kind: 'date', p: r })}>
              {t('Ngày hiệu lực', 'Effective date')}
              <span className="lt-sr"> {r.symbol}</span>
            </Button>
            <Button size="small" danger loading={call.busy === `un-${r.documentId}`} onClick={() => unpublish(r)}>
              {t('Gỡ khỏi cổng', 'Withdraw')}
              <span className="lt-sr"> {r.symbol}</span>
            </Button>
          </Space>
        ) : (
          <Button size="small" loading={call.busy === `re-${r.documentId}`} onClick={() => void republish(r)}>
            {t('Công bố lại', 'Publish again')}
            <span className="lt-sr"> {r.symbol}</span>
          </Button>
        ),
    },
  ];

  return (
    <Page
      title={t('Văn bản công bố', 'Published documents')}
      sub={t('Văn bản đã phát hành (không mật) cơ quan chọn công bố trên cổng thông tin, kèm ngày có hiệu lực.', 'Issued, unclassified documents your agency publishes on the portal, with their effective dates.')}
      extra={
        <Space wrap>
          <PublicLink href="/van-ban">{t('Trang văn bản của cổng', 'The portal’s documents page')}</PublicLink>
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setDialog({ kind: 'new' })}>
            {t('Công bố văn bản', 'Publish a document')}
          </Button>
        </Space>
      }
    >
      <LiveList<Publication>
        filter={filter}
        states={[
          { value: 'live', label: t('Đang công bố', 'Published') },
          { value: 'withdrawn', label: t('Đã gỡ', 'Withdrawn') },
          { value: 'all', label: t('Tất cả', 'All') },
        ]}
        search={{ label: t('Tìm văn bản công bố', 'Search published documents'), placeholder: t('Số, ký hiệu, trích yếu', 'Number, summary') }}
        reload
        list={list}
        call={call}
        rowKey={(r) => r.documentId}
        columns={columns}
        minWidth={1150}
        caption={t('Văn bản công bố', 'Published documents')}
        rowProps={(r) => ({ 'data-document': r.documentId, 'data-live': r.live ? 1 : 0 })}
        empty={filter.state === 'live' ? t('Chưa có văn bản nào đang công bố.', 'Nothing is published.') : t('Không có văn bản nào.', 'No documents.')}
        data-testid="publications-table"
      />
      {dialog?.kind === 'new' && <PublishModal published={live} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'date' && <PublishModal document={{ id: dialog.p.documentId, symbol: dialog.p.symbol, summary: dialog.p.summary, effectiveDate: dialog.p.effectiveDate }} onClose={() => setDialog(null)} />}
    </Page>
  );
}
