import { Button, Card, Col, Empty, Grid, Row, Space, Statistic, Table, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Chart } from '../components/Chart';
import { saveFile } from '../api';
import { client, fileOf } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { MonthSelect, usePeriods } from './common';
import { BandTag, monthLabel, num, ReportTag } from './labels';
import type { Dashboard as DashboardData, KeyFigure, RankRow } from './types';
import './monitoring.css';

/** Lower is better for these: a fall is good news. */
const LOWER_BETTER = new Set(['VB.XULY_TB_NGAY', 'VB.QUAHAN', 'NV.QUAHAN']);
const TREND_CODES = ['VB.DI_DIENTU', 'VB.DEN_DIENTU', 'VB.XULY_DUNGHAN'];

function Figure({ f }: { f: KeyFigure }) {
  const { lang, t } = useI18n();
  const good = f.change === null || f.change === 0 ? null : LOWER_BETTER.has(f.code) ? f.change < 0 : f.change > 0;
  return (
    <Card size="small" className="lt-mon-figure" data-code={f.code}>
      <Statistic title={lang === 'vi' ? f.nameVi : f.nameEn} value={num(f.value, f.unit)} suffix={f.unit !== '%' ? <span className="lt-muted lt-mon-unit">{f.unit}</span> : undefined} />
      <div className={good === null ? 'lt-muted' : good ? 'lt-mon-good' : 'lt-mon-bad'}>
        {f.change === null ? t('Chưa có số tháng trước', 'No previous month') : (
          <>
            {f.change > 0 ? <ArrowUpOutlined /> : f.change < 0 ? <ArrowDownOutlined /> : null} {num(Math.abs(f.change))}
            {f.unit === '%' ? t(' điểm %', ' pts') : ''} {t('so với tháng trước', 'vs last month')}
          </>
        )}
      </div>
    </Card>
  );
}

/**
 * Bảng điều hành: what the People's Committee's leaders and the IT department look at (an
 * agency sees the same screen for itself: its figures, its trend, its rank among all). The
 * month's key figures and their change, twelve months of trends, the ranking with bands, who
 * has not reported; every number opens what is behind it. Prints on A4.
 */
export default function Dashboard() {
  const { t, lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const { query } = useLocation();
  const periods = usePeriods();
  const month = query.get('month') ?? periods.data?.current;
  const q = useQuery({ queryKey: ['monitoring', 'dashboard', month], queryFn: async (): Promise<DashboardData> => (await client.GET('/api/v1/monitoring/dashboard', { params: { query: { month } } })).data!, enabled: !!month });
  const d = q.data;
  const own = d?.scope === 'agency' ? d.ranking[0] : undefined;
  const exportXlsx = async () => month && saveFile(await fileOf(client.GET('/api/v1/monitoring/dashboard/export', { params: { query: { month } }, parseAs: 'blob' })));

  const drill = (r: RankRow, code: string, v: number | null) =>
    v === null ? <span className="lt-muted">—</span> : <Link to={`/monitoring/drill/${month}/${r.orgId}/${encodeURIComponent(code)}`} aria-label={t(`${v} — xem chi tiết`, `${v} — see the records`)}>{v}</Link>;
  const columns = [
    { key: 'rank', title: t('Hạng', 'Rank'), width: 70, render: (_: unknown, r: RankRow) => r.rank ?? '—' },
    { key: 'name', title: t('Cơ quan', 'Agency'), render: (_: unknown, r: RankRow) => <Link to={`/monitoring/reports/${month}/${r.orgId}`}>{r.name}</Link> },
    { key: 'score', title: t('Điểm', 'Score'), width: 90, render: (_: unknown, r: RankRow) => num(r.score) },
    { key: 'band', title: t('Xếp loại', 'Band'), width: 120, render: (_: unknown, r: RankRow) => <BandTag band={r.band} /> },
    { key: 'docs', title: t('VB quá hạn', 'Overdue docs'), width: 110, render: (_: unknown, r: RankRow) => drill(r, 'VB.QUAHAN', r.overdueDocuments) },
    { key: 'tasks', title: t('NV quá hạn', 'Overdue tasks'), width: 110, render: (_: unknown, r: RankRow) => drill(r, 'NV.QUAHAN', r.overdueTasks) },
    { key: 'report', title: t('Báo cáo', 'Report'), width: 200, render: (_: unknown, r: RankRow) => <ReportTag status={r.reportStatus} late={r.late} /> },
  ];

  const option = useMemo(() => d && {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: d.trend.months.map(monthLabel) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: d.trend.series.filter((s) => TREND_CODES.includes(s.code)).map((s) => ({ name: (lang === 'vi' ? d.keyFigures.find((f) => f.code === s.code)?.nameVi : d.keyFigures.find((f) => f.code === s.code)?.nameEn) ?? s.code, type: 'line', smooth: true, connectNulls: true, data: s.values })),
  }, [d, lang]);

  return (
    <Page
      title={own ? t(`Bảng điều hành: ${own.name}`, `Dashboard: ${own.name}`) : t('Bảng điều hành chuyển đổi số', 'Digital transformation dashboard')}
      sub={d ? t(`Tháng ${monthLabel(d.month)}: số liệu từ ${fmtDate(d.period.from)} đến ${fmtDate(d.period.to)}, hạn báo cáo ${fmtDate(d.period.deadline)}${d.period.computedAt ? `; cập nhật ${fmtDateTime(d.period.computedAt)}` : ''}`, `Month ${monthLabel(d.month)}: data ${fmtDate(d.period.from)}–${fmtDate(d.period.to)}, reports due ${fmtDate(d.period.deadline)}${d.period.computedAt ? `; updated ${fmtDateTime(d.period.computedAt)}` : ''}`) : undefined}
      extra={
        <Space wrap className="lt-noprint">
          <MonthSelect value={month} onChange={(m) => setQuery({ month: m })} />
          {month && d?.scope === 'province' && <Link to={`/monitoring/consolidation/${month}`}>{t('Báo cáo tổng hợp', 'Province report')}</Link>}
          <Button icon={<FileExcelOutlined />} onClick={() => void exportXlsx()}>XLSX</Button>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>{t('In', 'Print')}</Button>
        </Space>
      }
    >
      {(q.error || periods.error) && <LoadError error={q.error ?? periods.error} retry={() => void q.refetch()} />}
      {d && (
        <>
          <Row gutter={[12, 12]}>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small" className="lt-mon-figure">
                {own ? (
                  <>
                    <Statistic title={t('Điểm của cơ quan', 'Agency score')} value={num(own.score)} suffix="/100" />
                    <div className="lt-muted">
                      {t(`Hạng ${own.rank ?? '—'}/${d.agencyCount}; bình quân toàn tỉnh ${num(d.provinceScore)}`, `Rank ${own.rank ?? '—'} of ${d.agencyCount}; province average ${num(d.provinceScore)}`)}
                    </div>
                  </>
                ) : (
                  <>
                    <Statistic title={t('Điểm bình quân toàn tỉnh', 'Province average score')} value={num(d.provinceScore)} suffix="/100" />
                    <div className="lt-muted">{t(`${d.ranking.length - d.notReported.length}/${d.ranking.length} cơ quan đã báo cáo`, `${d.ranking.length - d.notReported.length}/${d.ranking.length} agencies reported`)}</div>
                  </>
                )}
              </Card>
            </Col>
            {d.keyFigures.map((f) => (
              <Col key={f.code} xs={24} sm={12} lg={6}>
                <Figure f={f} />
              </Col>
            ))}
          </Row>
          <Card size="small" title={own ? t('Xu hướng 12 tháng của cơ quan', 'The agency’s 12-month trend') : t('Xu hướng 12 tháng (toàn tỉnh)', '12-month trend (province)')} style={{ marginTop: 12 }}>
            {option && <Chart option={option} height={280} categoryLabel={t('Tháng', 'Month')} label={t('Biểu đồ xu hướng 12 tháng: tỷ lệ văn bản đi, văn bản đến điện tử và xử lý đúng hạn', '12-month trend chart: electronic outgoing, incoming and on-time processing')} />}
          </Card>
          <Card size="small" title={own ? t('Thứ hạng của cơ quan', 'The agency’s rank') : t('Xếp hạng các cơ quan', 'Agency ranking')} style={{ marginTop: 12 }} extra={<span className="lt-muted">{t(`Tốt ≥ ${d.bands.tot}, Khá ≥ ${d.bands.kha}, Trung bình ≥ ${d.bands.trung_binh}`, `Good ≥ ${d.bands.tot}, Fair ≥ ${d.bands.kha}, Average ≥ ${d.bands.trung_binh}`)}</span>}>
            {screens.md === false ? (
              <div className="lt-mon-cards">
                {d.ranking.map((r) => (
                  <Card key={r.orgId} size="small" className="lt-mon-card">
                    <div>
                      <b>{r.rank ?? '—'}.</b> <Link to={`/monitoring/reports/${month}/${r.orgId}`}>{r.name}</Link>
                    </div>
                    <Space wrap size={[6, 4]} style={{ marginTop: 4 }}>
                      <span>{num(r.score)}/100</span>
                      <BandTag band={r.band} />
                      <ReportTag status={r.reportStatus} late={r.late} />
                    </Space>
                    <div className="lt-muted" style={{ marginTop: 4 }}>
                      {t('VB quá hạn', 'Overdue docs')}: {drill(r, 'VB.QUAHAN', r.overdueDocuments)} · {t('NV quá hạn', 'Overdue tasks')}: {drill(r, 'NV.QUAHAN', r.overdueTasks)}
                    </div>
                  </Card>
                ))}
              </div>
            ) : (
              <Table rowKey="orgId" size="small" pagination={false} columns={columns} dataSource={d.ranking} />
            )}
          </Card>
          <Card size="small" title={own ? t('Báo cáo tháng của cơ quan', 'The agency’s monthly report') : t(`Cơ quan chưa gửi báo cáo (${d.notReported.length})`, `Agencies not reported (${d.notReported.length})`)} style={{ marginTop: 12 }}>
            {d.notReported.length === 0 ? (
              <Empty description={own ? t('Cơ quan đã gửi báo cáo tháng này.', 'The agency has sent this month’s report.') : t('Mọi cơ quan đã gửi báo cáo.', 'Every agency has reported.')} />
            ) : (
              <Space wrap>
                {d.notReported.map((a) => (
                  <Tag key={a.orgId} color={a.overdue ? 'red' : 'default'}>
                    <Link to={`/monitoring/reports/${month}/${a.orgId}`}>{a.name}</Link>
                  </Tag>
                ))}
              </Space>
            )}
          </Card>
        </>
      )}
    </Page>
  );
}
