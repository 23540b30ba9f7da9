import { useState } from 'react';
import { Button, Card, Empty, Form, Grid, Input, InputNumber, Radio, Segmented, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../api';
import { useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, setQuery, useLocation } from '../router';
import { PLAN_KIND, PlanStatusTag } from './labels';
import type { PlanDetail, PlanPage, PlanSummary } from './types';
import './plans.css';

const period = (p: PlanSummary) => (p.yearFrom === p.yearTo ? String(p.yearFrom) : `${p.yearFrom}–${p.yearTo}`);

/**
 * Kế hoạch CNTT: the agency's plans (its planners write them), every agency's plans for the
 * IT department and the UBND Office, and the IT department's review queue.
 */
export default function PlanList() {
  const { t, lang } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const { query } = useLocation();
  const narrow = Grid.useBreakpoint().md === false;
  const reviewer = me.roles.includes('it_officer');
  const planner = me.roles.includes('specialist') || me.roles.includes('leader');
  const queue = query.get('queue') === 'review' ? 'review' : undefined;
  const list = useQuery({ queryKey: ['plans', queue], queryFn: () => get<PlanPage>('/api/v1/plans', { queue, limit: 500 }) });
  const [creating, setCreating] = useState(false);

  const columns = [
    {
      key: 'title',
      title: t('Kế hoạch', 'Plan'),
      render: (_: unknown, p: PlanSummary) => (
        <div>
          <Link to={`/plans/${p.id}`}>{p.title}</Link>
          <div className="lt-muted">{PLAN_KIND[p.kind][lang]} {period(p)}{p.version > 1 ? ` · ${t('phiên bản', 'version')} ${p.version}` : ''}</div>
        </div>
      ),
    },
    { key: 'agency', title: t('Cơ quan', 'Agency'), width: 200, render: (_: unknown, p: PlanSummary) => p.agencyName },
    { key: 'items', title: t('Nhiệm vụ · kinh phí', 'Items · cost'), width: 190, render: (_: unknown, p: PlanSummary) => <span>{p.itemCount} · <span className="lt-plan-money">{p.totalCostText}</span></span> },
    {
      key: 'letter',
      title: t('Tờ trình / Quyết định', 'Letter / decision'),
      width: 180,
      render: (_: unknown, p: PlanSummary) => {
        const d = p.decision ?? p.letter;
        return d ? <span><DocLink id={d.id} symbol={d.symbol} /> <span className="lt-muted">{fmtDate(d.docDate)}</span></span> : '—';
      },
    },
    { key: 'status', title: t('Trạng thái', 'Status'), width: 170, render: (_: unknown, p: PlanSummary) => <PlanStatusTag status={p.status} /> },
  ];

  return (
    <Page
      title={t('Kế hoạch ứng dụng CNTT', 'IT plans')}
      sub={t('Kế hoạch 5 năm và hằng năm của các cơ quan: lập, trình Sở KH&CN thẩm định, phê duyệt, điều chỉnh và theo dõi tiến độ.', "Agencies' 5-year and annual plans: written, reviewed by the IT department, approved, adjusted and followed.")}
      extra={
        <Space wrap>
          <Link to="/plans/programme">{t('Chương trình CNTT của tỉnh', 'Provincial programme')}</Link>
          {planner && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('Lập kế hoạch', 'New plan')}
            </Button>
          )}
        </Space>
      }
    >
      {(reviewer || me.isProvinceAdmin) && (
        <Segmented
          style={{ marginBottom: 12 }}
          value={queue ?? 'all'}
          onChange={(v) => setQuery({ queue: v === 'review' ? 'review' : undefined })}
          options={[
            { value: 'all', label: t('Tất cả kế hoạch', 'All plans') },
            { value: 'review', label: t('Chờ thẩm định', 'Review queue') },
          ]}
        />
      )}
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {narrow ? (
        <div className="lt-plan-cards" data-testid="plan-cards">
          {list.data?.items.length === 0 && <Empty description={t('Chưa có kế hoạch nào.', 'No plans yet.')} />}
          {list.data?.items.map((p) => (
            <Card key={p.id} size="small" data-plan={p.id}>
              <Link to={`/plans/${p.id}`}>{p.title}</Link>
              <div className="lt-muted" style={{ margin: '4px 0' }}>{p.agencyName} · {PLAN_KIND[p.kind][lang]} {period(p)}</div>
              <Space wrap>
                <PlanStatusTag status={p.status} />
                <span>{p.itemCount} {t('nhiệm vụ', 'items')} · <span className="lt-plan-money">{p.totalCostText}</span></span>
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<PlanSummary>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(p) => ({ 'data-plan': p.id, 'data-status': p.status }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('Chưa có kế hoạch nào.', 'No plans yet.') }}
          data-testid="plans-table"
        />
      )}
      <ActionModal<{ kind: 'annual' | 'five_year'; yearFrom: number; title: string }>
        open={creating}
        title={t('Lập kế hoạch', 'New plan')}
        okText={t('Tạo dự thảo', 'Create the draft')}
        onClose={() => setCreating(false)}
        initialValues={{ kind: 'annual', yearFrom: new Date().getFullYear() + 1, title: `Kế hoạch ứng dụng công nghệ thông tin năm ${new Date().getFullYear() + 1}` }}
        onSubmit={async (v) => {
          const created = await post<PlanDetail>('/api/v1/plans', v);
          void qc.invalidateQueries({ queryKey: ['plans'] });
          navigate(`/plans/${created.id}`);
        }}
      >
        <Form.Item name="kind" label={t('Loại kế hoạch', 'Kind')}>
          <Radio.Group options={[{ value: 'annual', label: PLAN_KIND.annual[lang] }, { value: 'five_year', label: PLAN_KIND.five_year[lang] }]} />
        </Form.Item>
        <Form.Item name="yearFrom" label={t('Năm (năm đầu của kỳ)', 'Year (first of the period)')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} />
        </Form.Item>
        <Form.Item name="title" label={t('Tên kế hoạch', 'Title')} rules={[{ required: true, message: t('Hãy nhập tên kế hoạch.', 'Enter a title.') }]}>
          <Input maxLength={500} />
        </Form.Item>
      </ActionModal>
    </Page>
  );
}
