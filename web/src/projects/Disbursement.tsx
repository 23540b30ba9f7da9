import { useMemo } from 'react';
import { Button, Select, Space, Table } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client, href } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { Chart } from '../components/Chart';
import { STAGE, dong } from './labels';
import './projects.css';

/** The province-wide disbursement table the People's Committee asks for every month, with the monthly curve. */
export default function Disbursement() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const now = new Date().getFullYear();
  const year = Number(query.get('year')) || now;
  const q = useQuery({ queryKey: ['projects', 'disbursement', year], queryFn: async () => (await client.GET('/api/v1/projects/disbursement', { params: { query: { year } } })).data! });
  const option = useMemo(() => {
    if (!q.data) return null;
    let a = 0n;
    let b = 0n;
    const bn = (v: bigint) => Number(v / 1_000_000n) / 1000;
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('Kế hoạch lũy kế', 'Planned, cumulative'), t('Giải ngân lũy kế', 'Disbursed, cumulative')] },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: q.data.plannedByMonth.map((_, i) => `T${i + 1}`) },
      yAxis: { type: 'value', name: t('tỷ đồng', 'bn đồng') },
      series: [
        { name: t('Kế hoạch lũy kế', 'Planned, cumulative'), type: 'line', data: q.data.plannedByMonth.map((m) => bn((a += BigInt(m)))), itemStyle: { color: '#595959' } },
        { name: t('Giải ngân lũy kế', 'Disbursed, cumulative'), type: 'bar', data: q.data.disbursedByMonth.map((m) => bn((b += BigInt(m)))), itemStyle: { color: '#1d4ed8' } },
      ],
    };
  }, [q.data, t]);
  return (
    <Page
      title={t(`Giải ngân vốn dự án CNTT năm ${year}`, `IT project disbursement ${year}`)}
      sub={t('Kế hoạch vốn năm, số đã giải ngân và tỷ lệ giải ngân của từng dự án; toàn tỉnh.', 'Each project’s capital plan of the year, disbursed and rate; the whole province.')}
      extra={
        <Space wrap>
          <Select aria-label={t('Năm', 'Year')} value={year} style={{ width: 110 }} onChange={(v) => setQuery({ year: v === now ? undefined : v })} options={[now - 2, now - 1, now, now + 1].map((y) => ({ value: y, label: String(y) }))} />
          <Button icon={<FileExcelOutlined />} href={href('/api/v1/projects/disbursement.xlsx', { query: { year } })}>
            {t('Xuất Excel', 'Export XLSX')}
          </Button>
        </Space>
      }
    >
      {q.error && <LoadError error={q.error} retry={() => void q.refetch()} />}
      {q.data && (
        <p>
          {t('Tổng kế hoạch vốn', 'Total plan')}: <b className="lt-num">{dong(q.data.totals.plan)}</b> · {t('đã giải ngân', 'disbursed')} <b className="lt-num">{dong(q.data.totals.disbursed)}</b> · {t('tỷ lệ', 'rate')} <b>{q.data.totals.rate ?? 0}%</b>
        </p>
      )}
      {option && (
        <Panel title={t('Giải ngân lũy kế theo tháng', 'Cumulative disbursement by month')}>
          <Chart option={option} label={t('Giải ngân lũy kế toàn tỉnh so với kế hoạch theo tháng', 'Province cumulative disbursement against the plan')} testId="province-chart" />
        </Panel>
      )}
      <Table
        size="small"
        rowKey="projectId"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="disbursement-table"
        columns={[
          { key: 'name', title: t('Dự án', 'Project'), render: (_: unknown, r) => <span><Link to={`/projects/${r.projectId}`}>{r.name}</Link><div className="lt-muted">{r.code} · {r.investingOrgName}</div></span> },
          { key: 'stage', title: t('Giai đoạn', 'Stage'), width: 150, render: (_: unknown, r) => STAGE[r.stage][lang] },
          { key: 'plan', title: t('Kế hoạch vốn', 'Plan'), width: 180, render: (_: unknown, r) => <span className="lt-num">{dong(r.plan)}</span> },
          { key: 'disbursed', title: t('Đã giải ngân', 'Disbursed'), width: 180, render: (_: unknown, r) => <span className="lt-num">{dong(r.disbursed)}</span> },
          { key: 'rate', title: t('Tỷ lệ', 'Rate'), width: 90, render: (_: unknown, r) => `${r.rate ?? 0}%` },
        ]}
      />
    </Page>
  );
}
