import { useState } from 'react';
import { Button, Form, Grid, InputNumber, Skeleton, Table } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get } from '../api';
import { ActionModal } from '../screens/document/ActionModal';
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
  const qc = useQueryClient();
  const p = useQuery({ queryKey: ['programme'], queryFn: () => get<Programme>('/api/v1/programme') });
  const [editing, setEditing] = useState<ProgrammeTarget | null>(null);
  if (p.error) return <Page title={t('Chương trình CNTT của tỉnh', 'Provincial IT programme')}><LoadError error={p.error} retry={() => void p.refetch()} /></Page>;
  if (!p.data) return <Page title={t('Chương trình CNTT của tỉnh', 'Provincial IT programme')}><Skeleton active /></Page>;
  const years = Array.from({ length: p.data.yearTo - p.data.yearFrom + 1 }, (_, i) => String(p.data.yearFrom + i));
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('vi-VN'));
  const columns = [
    { key: 'code', title: t('Mã chỉ số', 'Indicator'), width: 170, render: (_: unknown, r: ProgrammeTarget) => <code>{r.indicatorCode}</code> },
    { key: 'title', title: t('Chỉ tiêu', 'Target'), render: (_: unknown, r: ProgrammeTarget) => r.title },
    { key: 'unit', title: t('Đơn vị', 'Unit'), width: 90, render: (_: unknown, r: ProgrammeTarget) => r.unit },
    { key: 'baseline', title: t('Cơ sở', 'Baseline'), width: 90, render: (_: unknown, r: ProgrammeTarget) => `${num(r.baseline)}${r.baselineYear ? ` (${r.baselineYear})` : ''}` },
    ...(p.data.canEdit ? [{ key: 'edit', title: t('Sửa', 'Edit'), width: 70, render: (_: unknown, r: ProgrammeTarget) => <Button size="small" aria-label={`${t('Sửa', 'Edit')} ${r.indicatorCode}`} onClick={() => setEditing(r)}>{t('Sửa', 'Edit')}</Button> }] : []),
    ...(narrow ? [{ key: 'last', title: years.at(-1), width: 70, render: (_: unknown, r: ProgrammeTarget) => num(r.yearly[years.at(-1)!]) }] : years.map((y) => ({ key: y, title: y, width: 64, render: (_: unknown, r: ProgrammeTarget) => num(r.yearly[y]) }))),
  ];
  return (
    <Page title={p.data.title} sub={`${t('Cơ quan chủ trì, thẩm định kế hoạch', 'Run by')}: ${p.data.itOrgName}`} extra={<Link to="/plans">{t('← Kế hoạch CNTT', '← IT plans')}</Link>}>
      {p.data.goals.map((g) => (
        <Panel key={g.id} className="lt-card" title={`${g.position}. ${g.title}`}>
          <Table<ProgrammeTarget> size="small" rowKey="id" pagination={false} dataSource={g.targets} columns={columns} scroll={{ x: narrow ? undefined : 900 }} />
        </Panel>
      ))}
      <ActionModal<Record<string, number | null>>
        key={editing?.id ?? 0}
        open={!!editing}
        title={editing ? `${editing.indicatorCode} — ${editing.title}` : ''}
        okText={t('Lưu', 'Save')}
        onClose={() => setEditing(null)}
        initialValues={editing ? { baseline: editing.baseline, ...editing.yearly } : {}}
        onSubmit={async (v) => {
          const yearly = Object.fromEntries(years.filter((y) => typeof v[y] === 'number').map((y) => [y, v[y]]));
          qc.setQueryData(['programme'], await api<Programme>('PUT', `/api/v1/programme-targets/${editing!.id}`, { baseline: v.baseline ?? null, yearly }));
        }}
      >
        <Form.Item name="baseline" label={`${t('Giá trị cơ sở', 'Baseline')} (${editing?.unit ?? ''})`}>
          <InputNumber style={{ width: 160 }} />
        </Form.Item>
        {years.map((y) => (
          <Form.Item key={y} name={y} label={`${t('Chỉ tiêu năm', 'Target for')} ${y}`}>
            <InputNumber style={{ width: 160 }} />
          </Form.Item>
        ))}
      </ActionModal>
    </Page>
  );
}
