import { useCallback, useMemo, useState } from 'react';
import { Button, Input, Segmented, Space } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { answer, client } from '../api/client';
import { useAuth } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { navigate, setQuery, useLocation } from '../router';
import { UrgencyTag } from '../labels';
import { fmtDate, fmtDateTime } from '../format';
import { useDocumentTypes } from '../data';
import { Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { type Column } from '../components/DenseTable';
import { PagedTable, useCursorList } from '../components/PagedTable';
import { ReloadButton } from '../components/ReloadButton';
import { Progress, ProgressLegend } from './outbox/Progress';
import type { OutgoingItem, OutgoingPage } from '../types';

const LIMIT = 50;

/**
 * Văn bản đi: the agency's issued documents, newest first, each with how far its recipients
 * have got (GET /api/v1/documents/outgoing); the per-recipient trail is on the document's page.
 */
export default function Outbox() {
  const { t } = useI18n();
  const { has } = useAuth();
  const types = useDocumentTypes();
  const { query } = useLocation();
  const state = query.get('state') === 'draft' ? 'draft' : 'issued';
  const q = query.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  const update = (patch: { state?: string; q?: string }) => setQuery({ state: state === 'issued' ? undefined : state, q, ...patch });

  const { list, rows } = useCursorList<OutgoingPage, string>({
    queryKey: ['outbox', state, q],
    load: (cursor, signal) => answer(client.GET('/api/v1/documents/outgoing', { params: { query: { state, q: q.trim() || undefined, limit: LIMIT, cursor } }, signal })),
    next: (last) => last.nextCursor,
  });
  const typeName = useCallback((c: string) => types.data?.find((x) => x.code === c)?.name ?? c, [types.data]);

  const columns = useMemo<Column<OutgoingItem>[]>(() => {
    const cols: Column<OutgoingItem>[] = [
      { key: 'symbol', title: t('Số, ký hiệu', 'Number'), width: 150, className: 'lt-dt-clip', render: (r) => <DocLink id={r.id} symbol={r.symbol} /> },
      state === 'issued'
        ? { key: 'date', title: t('Ngày ban hành', 'Issued'), width: 100, render: (r) => fmtDate(r.docDate ?? r.issuedAt) || '—' }
        : { key: 'date', title: t('Cập nhật', 'Updated'), width: 130, render: (r) => fmtDateTime(r.updatedAt) },
      { key: 'type', title: t('Loại', 'Type'), width: 110, className: 'lt-dt-clip', render: (r) => typeName(r.typeCode) },
      { key: 'summary', title: t('Trích yếu', 'Summary'), className: 'lt-dt-clip', render: (r) => <span title={r.summary}>{r.summary}</span> },
      { key: 'urgency', title: t('Độ khẩn', 'Urgency'), width: 96, render: (r) => <UrgencyTag urgency={r.urgency} quiet /> },
    ];
    if (state === 'issued') {
      cols.push({ key: 'progress', title: t('Tình hình xử lý tại nơi nhận', 'Progress at the recipients'), width: 390, className: 'lt-dt-clip', render: (r) => <Progress p={r.progress} transmitted={r.transmitted} /> });
    } else {
      cols.push({ key: 'planned', title: t('Nơi nhận dự kiến', 'Planned recipients'), width: 150, align: 'right', render: (r) => r.progress.planned });
    }
    return cols;
  }, [t, state, typeName]);
  const rowClassName = useCallback((r: OutgoingItem) => (r.progress.overdue > 0 || r.progress.byStatus['02'] > 0 ? 'lt-row-attention' : ''), []);
  const rowProps = useCallback((r: OutgoingItem) => ({ 'data-document': r.id }), []);
  const open = useCallback((r: OutgoingItem) => navigate(`/documents/${r.id}`), []);

  return (
    <Page
      title={t('Văn bản đi', 'Outgoing documents')}
      sub={t(
        'Văn bản đã phát hành của cơ quan, mới nhất trước, với tình hình xử lý tại các nơi nhận. Mở văn bản để xem từng nơi nhận.',
        'Your agency’s issued documents, newest first, with how far the recipients have got. Open one to follow each recipient.',
      )}
      extra={
        has('clerk', 'leader', 'specialist') && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/compose')}>
            {t('Soạn văn bản mới', 'New document')}
          </Button>
        )
      }
    >
      <Panel className="lt-filters">
        <Space wrap>
          <Segmented
            aria-label={t('Tình trạng', 'State')}
            value={state}
            onChange={(v) => update({ state: v === 'issued' ? undefined : String(v) })}
            options={[
              { value: 'issued', label: t('Đã phát hành', 'Issued') },
              { value: 'draft', label: t('Dự thảo', 'Drafts') },
            ]}
          />
          <Input.Search
            allowClear
            aria-label={t('Tìm trong văn bản đi', 'Search outgoing documents')}
            placeholder={t('Tìm số, ký hiệu, trích yếu…', 'Search number, summary…')}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              if (!e.target.value) update({ q: '' });
            }}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 320 }}
          />
          <ReloadButton reload={list.refetch} />
        </Space>
      </Panel>
      <PagedTable<OutgoingItem>
        list={list}
        rows={rows}
        unit="văn bản"
        limit={LIMIT}
        rowKey={(r) => r.id}
        columns={columns}
        minWidth={1150}
        caption={t('Văn bản đi', 'Outgoing documents')}
        rowClassName={rowClassName}
        rowProps={rowProps}
        onRowClick={open}
        empty={q ? t('Không có văn bản nào khớp từ khóa.', 'No document matches.') : state === 'draft' ? t('Không có dự thảo nào.', 'No drafts.') : t('Chưa có văn bản đi.', 'No outgoing documents yet.')}
        data-testid="outbox-table"
      >
        {state === 'issued' && rows.length > 0 && <ProgressLegend />}
      </PagedTable>
    </Page>
  );
}
