import { Suspense, lazy } from 'react';
import { Button, Empty, Grid, Select, Space, Table } from 'antd';
import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client, href } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { useAuth, useMe } from '../auth';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, setQuery, useLocation } from '../router';
import { INCIDENT_STATUS, INCIDENT_STATUS_ORDER, IncidentStatusTag, SEVERITY, SEVERITY_ORDER, SeverityTag } from './labels';
import type { IncidentStatus, IncidentSummary, Severity } from './types';
import '../tasks/tasks.css';

const IncidentChart = lazy(() => import('./IncidentChart'));

/**
 * Sự cố ATTT: the incidents the user may see (the incident team, the Police and province
 * administrators: every agency's; a security officer: their agency's), newest first, with the
 * counts per step, the overdue ones and a chart by month and severity. New ones appear live.
 */
export default function IncidentList() {
  const { t, lang } = useI18n();
  const { has } = useAuth();
  const me = useMe();
  const { query } = useLocation();
  const narrow = Grid.useBreakpoint().md === false;
  const status = (query.get('status') ?? '') as IncidentStatus | '';
  const severity = (query.get('severity') ?? '') as Severity | '';
  const overdue = query.get('overdue') === '1';
  const filters = { status: status || undefined, severity: severity || undefined, overdue: overdue || undefined };
  const list = useQuery({ queryKey: ['security-incidents', filters], queryFn: async () => (await client.GET('/api/v1/security/incidents', { params: { query: filters } })).data! });
  const all = useQuery({ queryKey: ['security-incidents', 'counts'], queryFn: async () => (await client.GET('/api/v1/security/incidents', { params: { query: { limit: 1 } } })).data! });
  const stats = useQuery({ queryKey: ['security-incidents', 'stats'], queryFn: async () => (await client.GET('/api/v1/security/incidents/stats')).data! });
  const set = (patch: Record<string, string | undefined>) => setQuery({ status: status || undefined, severity: severity || undefined, overdue: overdue ? '1' : undefined, year: query.get('year') ?? undefined, ...patch });
  const total = all.data ? Object.values(all.data.counts).reduce((a, b) => a + b, 0) : 0;
  const mayReport = (me.isProvinceAdmin || has('security_officer', 'incident_responder'));
  // The report year of the summaries: this one, or an earlier one that has incidents.
  const years = stats.data?.years ?? [new Date().getFullYear()];
  const asked = Number(query.get('year'));
  const year = years.includes(asked) ? asked : years[0]!;

  const columns = [
    { key: 'id', title: t('Số', 'No.'), width: 60, render: (_: unknown, r: IncidentSummary) => `#${r.id}` },
    {
      key: 'title',
      title: t('Sự cố', 'Incident'),
      render: (_: unknown, r: IncidentSummary) => (
        <div>
          <Link to={`/security/incidents/${r.id}`} className="lt-task-link">{r.title}</Link>
          <div className="lt-muted">{r.orgName}</div>
        </div>
      ),
    },
    { key: 'severity', title: t('Mức độ', 'Severity'), width: 120, render: (_: unknown, r: IncidentSummary) => <SeverityTag severity={r.severity} /> },
    { key: 'detected', title: t('Phát hiện', 'Detected'), width: 150, render: (_: unknown, r: IncidentSummary) => fmtDateTime(r.detectedAt) },
    {
      key: 'reported',
      title: t('Báo cáo', 'Reported'),
      width: 170,
      render: (_: unknown, r: IncidentSummary) => (
        <span>
          {fmtDateTime(r.reportedAt)}
          {!r.initialOnTime && <div className="lt-task-late">{t('Báo cáo muộn', 'Reported late')}</div>}
        </span>
      ),
    },
    { key: 'status', title: t('Tình trạng', 'Status'), width: 200, render: (_: unknown, r: IncidentSummary) => <IncidentStatusTag status={r.status} overdue={r.overdue} /> },
  ];

  return (
    <Page
      title={t('Sự cố an toàn thông tin', 'Security incidents')}
      sub={t('Chỉ cán bộ ATTT của cơ quan báo cáo, đội ứng cứu sự cố, Công an tỉnh và quản trị tỉnh được xem; mỗi lần xem đều được ghi lại.', 'Only the reporting agency’s security officers, the incident team, the Police and province administrators see these; every read is logged.')}
      extra={
        <Space wrap>
          {mayReport && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/security/incidents/new')}>
              {t('Báo cáo sự cố', 'Report an incident')}
            </Button>
          )}
          <Select
            aria-label={t('Năm báo cáo tổng hợp', 'Summary year')}
            style={{ width: 120 }}
            value={year}
            onChange={(v) => set({ year: String(v) })}
            options={years.map((y) => ({ value: y, label: t(`Năm ${y}`, `Year ${y}`) }))}
            data-testid="summary-year"
          />
          <Button icon={<FileExcelOutlined />} href={href('/api/v1/security/incidents/summary.xlsx', { query: { year, period: 'half' } })}>
            {t(`Báo cáo 6 tháng ${year}`, `Six months ${year}`)}
          </Button>
          <Button icon={<FileExcelOutlined />} href={href('/api/v1/security/incidents/summary.xlsx', { query: { year, period: 'year' } })}>
            {t(`Báo cáo năm ${year}`, `Year ${year}`)}
          </Button>
        </Space>
      }
    >
      {all.error && <LoadError error={all.error} retry={() => void all.refetch()} />}
      <nav aria-label={t('Lọc theo bước', 'Filter by step')} className="lt-task-counts">
        <Space wrap size={[6, 6]}>
          <Button size="small" type={!status && !overdue ? 'primary' : 'default'} aria-pressed={!status && !overdue} onClick={() => set({ status: undefined, overdue: undefined })}>
            {t('Tất cả', 'All')} ({total})
          </Button>
          {INCIDENT_STATUS_ORDER.map((s) => (
            <Button key={s} size="small" type={status === s ? 'primary' : 'default'} aria-pressed={status === s} onClick={() => set({ status: s })} data-status={s}>
              {INCIDENT_STATUS[s][lang]} ({all.data?.counts[s] ?? 0})
            </Button>
          ))}
          <Button size="small" danger type={overdue ? 'primary' : 'default'} aria-pressed={overdue} onClick={() => set({ overdue: overdue ? undefined : '1' })} data-testid="overdue-filter">
            {t('Quá hạn', 'Overdue')} ({all.data?.overdue ?? 0})
          </Button>
        </Space>
      </nav>
      <Space wrap style={{ margin: '12px 0' }}>
        <Select
          aria-label={t('Mức độ', 'Severity')}
          placeholder={t('Mọi mức độ', 'Every severity')}
          allowClear
          style={{ width: 200 }}
          value={severity || undefined}
          onChange={(v) => set({ severity: v })}
          options={SEVERITY_ORDER.map((s) => ({ value: s, label: SEVERITY[s][lang] }))}
        />
      </Space>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {narrow ? (
        <div className="lt-task-cards" data-testid="incident-cards">
          {list.data?.items.length === 0 && <Empty description={t('Không có sự cố nào.', 'No incidents.')} />}
          {list.data?.items.map((r) => (
            <div key={r.id} className="lt-panel lt-task-card" data-incident={r.id} style={{ padding: 10 }}>
              <Link to={`/security/incidents/${r.id}`} className="lt-task-link">#{r.id} {r.title}</Link>
              <div className="lt-muted" style={{ margin: '4px 0' }}>{r.orgName} · {fmtDateTime(r.detectedAt)}</div>
              <Space wrap>
                <SeverityTag severity={r.severity} />
                <IncidentStatusTag status={r.status} overdue={r.overdue} />
              </Space>
              {!r.initialOnTime && <div className="lt-task-late">{t('Báo cáo muộn', 'Reported late')}</div>}
            </div>
          ))}
        </div>
      ) : (
        <Table<IncidentSummary>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-incident': r.id, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('Không có sự cố nào.', 'No incidents.') }}
          data-testid="incidents-table"
        />
      )}
      <Panel className="lt-card" title={t('Sự cố theo tháng và mức độ', 'Incidents by month and severity')} data-testid="incident-chart">
        {stats.data ? (
          <Suspense fallback={null}>
            <IncidentChart stats={stats.data} />
          </Suspense>
        ) : null}
      </Panel>
    </Page>
  );
}
