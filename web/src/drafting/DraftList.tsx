import { Button, Card, Empty, Grid, Segmented, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client, type QueryOf } from '../api/client';
import { useAuth } from '../auth';
import { LoadError, Page } from '../components/Page';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, setQuery, useLocation } from '../router';
import type { DraftListItem, DraftStage } from './types';
import './drafting.css';

export const STAGE_COLORS: Record<DraftStage, string> = { drafting: 'blue', review: 'gold', signing: 'purple', signed: 'cyan', issued: 'green' };

/** Dự thảo: waiting for me, drafted by me, signed and waiting for the clerk, every draft of the agency. */
export default function DraftList() {
  const { t } = useI18n();
  const { has } = useAuth();
  const { query } = useLocation();
  const screens = Grid.useBreakpoint();
  const wide = has('clerk', 'leader');
  const box = query.get('box') ?? 'waiting';
  const list = useQuery({ queryKey: ['drafts', box], queryFn: async () => (await client.GET('/api/v1/drafts', { params: { query: { box: box as QueryOf<'/api/v1/drafts', 'get'>['box'] } } })).data! });
  const boxes = [
    { value: 'waiting', label: t('Chờ tôi xử lý', 'Waiting for me') },
    { value: 'mine', label: t('Tôi soạn', 'Drafted by me') },
    ...(wide ? [{ value: 'to_issue', label: t('Đã ký, chờ phát hành', 'Signed, to issue') }, { value: 'all', label: t('Tất cả', 'All') }] : []),
  ];
  const columns = [
    { key: 's', title: t('Trích yếu', 'Summary'), render: (_: unknown, r: DraftListItem) => <Link to={`/drafts/${r.documentId}`}>{r.summary}</Link> },
    { key: 'st', title: t('Bước', 'Stage'), width: 210, render: (_: unknown, r: DraftListItem) => <Tag color={STAGE_COLORS[r.stage]}>{r.stageLabel}</Tag> },
    { key: 'd', title: t('Người soạn', 'Drafter'), width: 170, dataIndex: 'drafter' },
    { key: 'h', title: t('Đang xử lý', 'With'), width: 170, render: (_: unknown, r: DraftListItem) => r.holder ?? '—' },
    { key: 'u', title: t('Cập nhật', 'Updated'), width: 150, render: (_: unknown, r: DraftListItem) => fmtDateTime(r.updatedAt) },
  ];
  const items = list.data?.items ?? [];
  return (
    <Page
      title={t('Dự thảo văn bản (trình ký)', 'Drafts (approval)')}
      sub={t('Soạn thảo, trình lãnh đạo phòng cho ý kiến, trình lãnh đạo ký số; văn thư cấp số và phát hành.', 'Draft, submit to the head of unit, to the leader to sign; the clerk numbers and issues.')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/drafts/new')}>
          {t('Dự thảo mới', 'New draft')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented options={boxes} value={box} onChange={(v) => setQuery({ box: v === 'waiting' ? undefined : String(v) })} aria-label={t('Hộp dự thảo', 'Draft box')} />
        {list.error ? (
          <LoadError error={list.error} retry={() => void list.refetch()} />
        ) : screens.lg ? (
          <Table<DraftListItem> data-testid="drafts-table" rowKey="documentId" size="middle" loading={list.isLoading} columns={columns} dataSource={items} pagination={false} locale={{ emptyText: <Empty description={t('Không có dự thảo.', 'No drafts.')} /> }} />
        ) : (
          <div data-testid="drafts-cards" className="lt-draft-cards">
            {!items.length && !list.isLoading && <Empty description={t('Không có dự thảo.', 'No drafts.')} />}
            {items.map((r) => (
              <Card key={r.documentId} size="small">
                <Link to={`/drafts/${r.documentId}`}>{r.summary}</Link>
                <div>
                  <Tag color={STAGE_COLORS[r.stage]}>{r.stageLabel}</Tag>
                </div>
                <div className="lt-muted lt-small">
                  {r.drafter} · {r.holder ?? '—'} · {fmtDateTime(r.updatedAt)}
                </div>
              </Card>
            ))}
          </div>
        )}
      </Space>
    </Page>
  );
}
