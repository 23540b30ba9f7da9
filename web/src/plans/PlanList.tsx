import { useMemo, useState } from 'react';
import { Button, Card, Empty, Form, Grid, Input, InputNumber, Radio, Segmented, Select, Space, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client, type Body } from '../api/client';
import { useMe } from '../auth';
import { useOrganizations } from '../data';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, setQuery, useLocation } from '../router';
import { PLAN_KIND, PLAN_STATUS, PlanStatusTag } from './labels';
import type { PlanStatus, PlanSummary } from './types';
import './plans.css';

const period = (p: PlanSummary) => (p.yearFrom === p.yearTo ? String(p.yearFrom) : `${p.yearFrom}–${p.yearTo}`);

/**
 * Kế hoạch CNTT: the agency's plans (its planners write them), every agency's plans for the
 * IT department and the UBND Office, and the IT department's review queue; filtered by
 * agency (for those who see every agency's), status and year, kept in the address.
 */
export default function PlanList() {
  const { t, lang } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const { query } = useLocation();
  const narrow = Grid.useBreakpoint().md === false;
  const reviewer = me.roles.includes('it_officer');
  const planner = me.roles.includes('specialist') || me.roles.includes('leader');
  const queue = query.get('queue') === 'review' ? ('review' as const) : undefined;
  const status = (PLAN_STATUS as Record<string, unknown>)[query.get('status') ?? ''] ? (query.get('status') as PlanStatus) : undefined;
  const agencyId = Number(query.get('agencyId')) || undefined;
  const yearParam = Number(query.get('year'));
  const year = Number.isInteger(yearParam) && yearParam >= 2000 && yearParam <= 2100 ? yearParam : undefined;
  const filters = { queue, status, agencyId, year };
  const list = useQuery({ queryKey: ['plans', filters], queryFn: () => answer(client.GET('/api/v1/plans', { params: { query: { ...filters, limit: 500 } } })) });
  // Those who read every agency's plans (the IT department, the UBND Office and its leaders) pick one agency.
  const seesAll = reviewer || me.isProvinceAdmin || !!agencyId || (list.data?.items ?? []).some((p) => p.agencyId !== me.agencyId);
  const orgs = useOrganizations();
  const agencies = useMemo(() => (orgs.data ?? []).filter((o) => o.active && o.kind !== 'province').map((o) => ({ value: o.id, label: o.name })), [orgs.data]);
  // The years the programmes cover, newest first: a plan's year lies in one of them.
  const programmes = useQuery({ queryKey: ['programmes'], queryFn: () => answer(client.GET('/api/v1/programmes')) });
  const years = useMemo(() => [...new Set((programmes.data?.items ?? []).flatMap((p) => Array.from({ length: p.yearTo - p.yearFrom + 1 }, (_, i) => p.yearTo - i)))].sort((a, b) => b - a), [programmes.data]);
  const set = (patch: Record<string, string | number | undefined>) => setQuery({ queue, status, agencyId, year, ...patch });
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
          onChange={(v) => set({ queue: v === 'review' ? 'review' : undefined })}
          options={[
            { value: 'all', label: t('Tất cả kế hoạch', 'All plans') },
            { value: 'review', label: t('Chờ thẩm định', 'Review queue') },
          ]}
        />
      )}
      <Space wrap style={{ display: 'flex', marginBottom: 12 }} data-testid="plan-filters">
        {seesAll && (
          <Select
            aria-label={t('Cơ quan', 'Agency')}
            placeholder={t('Mọi cơ quan', 'Every agency')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: narrow ? '100%' : 300, minWidth: 220 }}
            options={agencies}
            value={agencyId}
            onChange={(v: number | undefined) => set({ agencyId: v })}
          />
        )}
        <Select
          aria-label={t('Trạng thái', 'Status')}
          placeholder={t('Mọi trạng thái', 'Every status')}
          allowClear
          style={{ width: 200 }}
          options={(Object.keys(PLAN_STATUS) as PlanStatus[]).map((s) => ({ value: s, label: PLAN_STATUS[s][lang] }))}
          value={status}
          onChange={(v: PlanStatus | undefined) => set({ status: v })}
        />
        <Select aria-label={t('Năm', 'Year')} placeholder={t('Mọi năm', 'Every year')} allowClear style={{ width: 130 }} options={years.map((y) => ({ value: y, label: String(y) }))} value={year} onChange={(v: number | undefined) => set({ year: v })} />
      </Space>
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
          locale={{ emptyText: <span className="lt-muted">{status || agencyId || year ? t('Không có kế hoạch nào phù hợp bộ lọc.', 'No plan matches the filters.') : t('Chưa có kế hoạch nào.', 'No plans yet.')}</span> }}
          data-testid="plans-table"
        />
      )}
      <ActionModal<Body<'/api/v1/plans', 'post'>>
        open={creating}
        title={t('Lập kế hoạch', 'New plan')}
        okText={t('Tạo dự thảo', 'Create the draft')}
        onClose={() => setCreating(false)}
        initialValues={{ kind: 'annual', yearFrom: new Date().getFullYear() + 1, title: `Kế hoạch ứng dụng công nghệ thông tin năm ${new Date().getFullYear() + 1}` }}
        onSubmit={async (v) => {
          const created = await answer(client.POST('/api/v1/plans', { body: v }));
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
