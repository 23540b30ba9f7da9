import { Grid, Skeleton, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { get } from '../api';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { Programme, ProgrammeTarget } from './types';
import './plans.css';

/** The provincial IT programme: goals and their targets (indicator code, baseline, a value per year). */
export default function ProgrammeView() {
  const { t } = useI18n();
  const narrow = Grid.useBreakpoint().md === false;
  const p = useQuery({ queryKey: ['programme'], queryFn: () => get<Programme>('/api/v1/programme') });
  if (p.error) return <Page title={t('Chương trình CNTT của tỉnh', 'Provincial IT programme')}><LoadError error={p.error} retry={() => void p.refetch()} /></Page>;
  if (!p.data) return <Page title={t('Chương trình CNTT của tỉnh', 'Provincial IT programme')}><Skeleton active /></Page>;
  const years = Array.from({ length: p.data.yearTo - p.data.yearFrom + 1 }, (_, i) => String(p.data.yearFrom + i));
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('vi-VN'));
  const columns = [
    { key: 'code', title: t('Mã chỉ số', 'Indicator'), width: 170, render: (_: unknown, r: ProgrammeTarget) => <code>{r.indicatorCode}</code> },
    { key: 'title', title: t('Chỉ tiêu', 'Target'), render: (_: unknown, r: ProgrammeTarget) => r.title },
    { key: 'unit', title: t('Đơn vị', 'Unit'), width: 90, render: (_: unknown, r: ProgrammeTarget) => r.unit },
    { key: 'baseline', title: t('Cơ sở', 'Baseline'), width: 90, render: (_: unknown, r: ProgrammeTarget) => `${num(r.baseline)}${r.baselineYear ? ` (${r.baselineYear})` : ''}` },
    ...(narrow ? [{ key: 'last', title: years.at(-1), width: 70, render: (_: unknown, r: ProgrammeTarget) => num(r.yearly[years.at(-1)!]) }] : years.map((y) => ({ key: y, title: y, width: 64, render: (_: unknown, r: ProgrammeTarget) => num(r.yearly[y]) }))),
  ];
  return (
    <Page title={p.data.title} sub={`${t('Cơ quan chủ trì, thẩm định kế hoạch', 'Run by')}: ${p.data.itOrgName}`} extra={<Link to="/plans">{t('← Kế hoạch CNTT', '← IT plans')}</Link>}>
      {p.data.goals.map((g) => (
        <Panel key={g.id} className="lt-card" title={`${g.position}. ${g.title}`}>
          <Table<ProgrammeTarget> size="small" rowKey="id" pagination={false} dataSource={g.targets} columns={columns} scroll={{ x: narrow ? undefined : 900 }} />
        </Panel>
      ))}
    </Page>
  );
}
