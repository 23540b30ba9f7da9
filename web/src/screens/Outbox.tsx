import { useState } from 'react';
import { Button, Empty, Input, Segmented, Space, Table, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { get } from '../api';
import { useAuth } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { UrgencyTag } from '../labels';
import { fmtDate } from '../format';
import { useDocumentTypes } from '../data';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import type { SearchHit, SearchPage } from '../types';

const LIMIT = 50;

export default function Outbox() {
  const { t } = useI18n();
  const { has } = useAuth();
  const types = useDocumentTypes();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [state, setState] = useState<'all' | 'draft' | 'issued'>('all');
  const [offset, setOffset] = useState(0);
  const list = useQuery({
    queryKey: ['outbox', q, offset],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => get<SearchPage>('/api/v1/search', { direction: 'outgoing', q, limit: LIMIT, offset }, signal),
  });
  const rows = (list.data?.items ?? []).filter((r) => state === 'all' || r.state === state);
  const typeName = (c: string) => types.data?.find((x) => x.code === c)?.name ?? c;

  return (
    <Page
      title={t('Văn bản đi', 'Outgoing documents')}
      sub={t('Dự thảo và văn bản đã phát hành của cơ quan. Mở văn bản để xem tình hình xử lý tại từng nơi nhận.', 'Your agency’s drafts and issued documents. Open one to follow each recipient.')}
      extra={
        has('clerk', 'leader', 'specialist') && (
          <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/compose')}>
            {t('Soạn văn bản mới', 'New document')}
          </Button>
        )
      }
    >
      <Panel className="lt-card lt-filters">
        <Space wrap>
          <Input.Search
            allowClear
            aria-label={t('Tìm trong văn bản đi', 'Search outgoing documents')}
            placeholder={t('Tìm số, ký hiệu, trích yếu…', 'Search number, summary…')}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              if (!e.target.value) {
                setQ('');
                setOffset(0);
              }
            }}
            onSearch={(v) => {
              setQ(v.trim());
              setOffset(0);
            }}
            style={{ width: 320 }}
          />
          <Segmented
            aria-label={t('Tình trạng', 'State')}
            value={state}
            onChange={(v) => setState(v as typeof state)}
            options={[
              { value: 'all', label: t('Tất cả', 'All') },
              { value: 'draft', label: t('Dự thảo', 'Drafts') },
              { value: 'issued', label: t('Đã phát hành', 'Issued') },
            ]}
          />
        </Space>
      </Panel>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <Panel className="lt-card">
        <Table<SearchHit>
          size="small"
          rowKey="id"
          dataSource={rows}
          loading={list.isFetching && !list.data}
          pagination={false}
          scroll={{ x: 1000 }}
          onRow={(r) => ({ onClick: (e) => !(e.target as HTMLElement).closest('a,button') && navigate(`/documents/${r.id}`), className: 'lt-click' })}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('Chưa có văn bản đi.', 'No outgoing documents yet.')} /> }}
          columns={[
            { title: t('Số, ký hiệu', 'Number'), dataIndex: 'symbol', width: 160, render: (_v, r) => <DocLink id={r.id} symbol={r.symbol} /> },
            { title: t('Ngày', 'Date'), dataIndex: 'docDate', width: 92, render: (v) => fmtDate(v) || '—' },
            { title: t('Loại', 'Type'), dataIndex: 'typeCode', width: 120, render: (v: string) => typeName(v) },
            { title: t('Trích yếu', 'Summary'), dataIndex: 'summary', ellipsis: true },
            { title: t('Người ký', 'Signed by'), dataIndex: 'signerName', width: 150, ellipsis: true },
            { title: t('Độ khẩn', 'Urgency'), dataIndex: 'urgency', width: 100, render: (v: string) => <UrgencyTag urgency={v} quiet /> },
            {
              title: t('Tình trạng', 'State'),
              dataIndex: 'state',
              width: 120,
              render: (v: string) => (v === 'draft' ? <Tag className="lt-tag">{t('Dự thảo', 'Draft')}</Tag> : <Tag color="green" className="lt-tag">{t('Đã phát hành', 'Issued')}</Tag>),
            },
          ]}
        />
        <div className="lt-pager">
          <span className="lt-muted">{t(`Từ ${offset + 1} đến ${offset + (list.data?.items.length ?? 0)}`, `${offset + 1}–${offset + (list.data?.items.length ?? 0)}`)}</span>
          <Space>
            <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - LIMIT))}>
              {t('Trang trước', 'Previous')}
            </Button>
            <Button disabled={!list.data?.hasMore} onClick={() => setOffset(offset + LIMIT)}>
              {t('Trang sau', 'Next')}
            </Button>
          </Space>
        </div>
      </Panel>
    </Page>
  );
}
