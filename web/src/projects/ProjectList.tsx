import { useMemo, useState } from 'react';
import { Button, Card, Empty, Grid, Input, Select, Space, Table, Tag } from 'antd';
import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client, href } from '../api/client';
import { useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { useOrganizations } from '../data';
import { fmtDate, foldedLabel } from '../format';
import { useI18n } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { BandTag, FLAG, RATING, SOURCE, STAGE, STAGES, dong } from './labels';
import { CreateProjectModal } from './ProjectForms';
import type { CapitalSource, ProjectRow, ProjectStage } from './types';
import './projects.css';

const SORTS = ['cost_variance', 'schedule_variance', 'rating', 'total', 'code', 'name'] as const;

export function Variance({ r }: { r: ProjectRow }) {
  const { t } = useI18n();
  if (!r.baselineVersion) return <span className="lt-muted">{t('Chưa có tiến độ duyệt', 'No baseline')}</span>;
  const v = r.variance;
  return (
    <Space direction="vertical" size={2}>
      <BandTag band={v.scheduleBand ?? null}>
        {t('Tiến độ', 'Schedule')}: {v.scheduleDays > 0 ? '+' : ''}
        {v.scheduleDays} {t('ngày', 'days')} ({v.schedulePct}%)
      </BandTag>
      <BandTag band={v.costBand ?? null}>
        {t('Chi phí', 'Cost')}: {dong(v.costDong)} ({v.costPct}%)
      </BandTag>
    </Space>
  );
}

export function Rating({ r }: { r: Pick<ProjectRow, 'rating' | 'ratingAt' | 'ratingBand'> }) {
  const { t, lang } = useI18n();
  if (!r.rating) return <span className="lt-muted">{t('Chưa đánh giá', 'Not rated')}</span>;
  return (
    <span>
      <BandTag band={r.ratingBand}>
        {r.rating}/5 · {RATING[r.rating]![lang]}
      </BandTag>
      <div className="lt-muted">{fmtDate(r.ratingAt)}</div>
    </span>
  );
}

export function Flags({ r }: { r: ProjectRow }) {
  const { lang } = useI18n();
  return (
    <Space wrap size={[4, 4]}>
      {r.flags.map((f) => (
        <Tag key={f} color="volcano" className="lt-tag" data-flag={f}>
          {FLAG[f][lang]}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * Dự án CNTT: the register. Filters by agency, stage, rating, source, year; sorted by the
 * stored variance (worst first), with the CIO's rating and the automatic flags side by side.
 */
export default function ProjectList() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const screens = Grid.useBreakpoint();
  const orgs = useOrganizations();
  const f = {
    orgId: Number(query.get('orgId')) || undefined,
    stage: (query.get('stage') as ProjectStage) || undefined,
    rating: Number(query.get('rating')) || undefined,
    source: (query.get('source') as CapitalSource) || undefined,
    year: Number(query.get('year')) || undefined,
    q: query.get('q') || undefined,
    sort: (query.get('sort') as (typeof SORTS)[number]) || undefined,
  };
  const list = useQuery({ queryKey: ['projects', f], queryFn: async () => (await client.GET('/api/v1/projects', { params: { query: { ...f, limit: 500 } } })).data! });
  const me = useMe();
  const mayRegister = me.roles.some((r) => r === 'leader' || r === 'specialist' || r === 'finance_officer');
  const [creating, setCreating] = useState(false);
  const agencies = useMemo(() => (orgs.data ?? []).filter((o) => o.active && o.kind === 'agency').map((o) => ({ value: o.id, label: o.name })), [orgs.data]);
  const set = (patch: Record<string, string | number | undefined>) => setQuery({ ...f, ...patch });
  const year = new Date().getFullYear();
  const sortLabel: Record<(typeof SORTS)[number], string> = {
    cost_variance: t('Chênh lệch chi phí lớn nhất', 'Largest cost variance'),
    schedule_variance: t('Chậm tiến độ nhất', 'Most behind schedule'),
    rating: t('Rủi ro cao trước', 'Highest risk first'),
    total: t('Tổng mức đầu tư', 'Total investment'),
    code: t('Mã dự án', 'Code'),
    name: t('Tên dự án', 'Name'),
  };

  const columns = [
    {
      key: 'name',
      title: t('Dự án', 'Project'),
      render: (_: unknown, r: ProjectRow) => (
        <div>
          <Link to={`/projects/${r.id}`}>{r.name}</Link>
          <div className="lt-muted">
            {r.code} · {r.investingOrgName}
          </div>
        </div>
      ),
    },
    { key: 'stage', title: t('Giai đoạn', 'Stage'), width: 150, render: (_: unknown, r: ProjectRow) => STAGE[r.stage][lang] },
    { key: 'total', title: t('Tổng mức / đã giải ngân', 'Total / spent'), width: 190, render: (_: unknown, r: ProjectRow) => <span className="lt-num">{dong(r.totalInvestment)}<div className="lt-muted">{dong(r.spent)}</div></span> },
    { key: 'variance', title: t('Chênh lệch (so với tiến độ hiện hành)', 'Variance (current baseline)'), width: 260, render: (_: unknown, r: ProjectRow) => <Variance r={r} /> },
    { key: 'rating', title: t('Đánh giá rủi ro', 'Risk rating'), width: 170, render: (_: unknown, r: ProjectRow) => <Rating r={r} /> },
    { key: 'flags', title: t('Cảnh báo tự động', 'Automatic flags'), width: 180, render: (_: unknown, r: ProjectRow) => <Flags r={r} /> },
  ];

  return (
    <Page
      title={t('Dự án CNTT', 'IT projects')}
      sub={t('Danh mục dự án ứng dụng CNTT: giai đoạn, chênh lệch tiến độ và chi phí (tính từ các mốc), đánh giá rủi ro của Sở KH&CN.', 'IT investment projects: stage, schedule and cost variance computed from milestones, the IT department’s risk rating.')}
      extra={
        <Space wrap>
          {mayRegister && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('Đăng ký dự án', 'Register a project')}
            </Button>
          )}
          <Link to="/projects/disbursement">{t('Bảng giải ngân toàn tỉnh', 'Province disbursement')}</Link>
          <Button icon={<FileExcelOutlined />} href={href('/api/v1/projects/export.xlsx', { query: f })}>
            {t('Xuất Excel', 'Export XLSX')}
          </Button>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search aria-label={t('Tìm theo mã, tên', 'Search code or name')} placeholder={t('Tìm mã, tên dự án', 'Search code or name')} defaultValue={f.q} allowClear onSearch={(v) => set({ q: v || undefined })} style={{ width: screens.md ? 240 : '100%' }} />
        <Select aria-label={t('Chủ đầu tư', 'Investing agency')} placeholder={t('Mọi chủ đầu tư', 'Every agency')} allowClear showSearch={{ filterOption: foldedLabel }} style={{ width: screens.md ? 260 : '100%', minWidth: 200 }} options={agencies} value={f.orgId} onChange={(v) => set({ orgId: v })} />
        <Select aria-label={t('Giai đoạn', 'Stage')} placeholder={t('Mọi giai đoạn', 'Every stage')} allowClear style={{ width: 190 }} value={f.stage} onChange={(v) => set({ stage: v })} options={STAGES.map((s) => ({ value: s, label: STAGE[s][lang] }))} />
        <Select aria-label={t('Mức rủi ro', 'Rating')} placeholder={t('Mọi mức rủi ro', 'Every rating')} allowClear style={{ width: 170 }} value={f.rating} onChange={(v) => set({ rating: v })} options={[1, 2, 3, 4, 5].map((r) => ({ value: r, label: `${r} – ${RATING[r]![lang]}` }))} />
        <Select aria-label={t('Nguồn vốn', 'Source')} placeholder={t('Mọi nguồn vốn', 'Every source')} allowClear style={{ width: 170 }} value={f.source} onChange={(v) => set({ source: v })} options={Object.entries(SOURCE).map(([k, v]) => ({ value: k, label: v[lang] }))} />
        <Select aria-label={t('Năm thực hiện', 'Year')} placeholder={t('Mọi năm', 'Every year')} allowClear style={{ width: 120 }} value={f.year} onChange={(v) => set({ year: v })} options={[year - 2, year - 1, year, year + 1, year + 2].map((y) => ({ value: y, label: String(y) }))} />
        <Select aria-label={t('Sắp xếp', 'Sort')} style={{ width: 230 }} value={f.sort ?? 'cost_variance'} onChange={(v) => set({ sort: v === 'cost_variance' ? undefined : v })} options={SORTS.map((s) => ({ value: s, label: sortLabel[s] }))} />
      </Space>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {screens.md === false ? (
        <div className="lt-project-cards" data-testid="project-cards">
          {list.data?.items.length === 0 && <Empty description={t('Không có dự án nào.', 'No projects.')} />}
          {list.data?.items.map((r) => (
            <Card key={r.id} size="small" className="lt-project-card" data-project={r.id}>
              <Link to={`/projects/${r.id}`}>{r.name}</Link>
              <div className="lt-muted" style={{ margin: '4px 0' }}>
                {r.investingOrgName} · {STAGE[r.stage][lang]}
              </div>
              <div className="lt-num">{dong(r.totalInvestment)}</div>
              <Space wrap style={{ marginTop: 6 }}>
                <Variance r={r} />
                <Rating r={r} />
                <Flags r={r} />
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<ProjectRow>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-project': r.id }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('Không có dự án nào.', 'No projects.') }}
          data-testid="projects-table"
        />
      )}
      {mayRegister && <CreateProjectModal open={creating} onClose={() => setCreating(false)} />}
    </Page>
  );
}
