import { Card, Descriptions, Empty, Grid, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { monthLabel, num } from './labels';
import type { Drill as DrillData, DrillRecord } from './types';
import './monitoring.css';

/** What is behind one value: how it was computed and the records themselves, each a link. */
export default function Drill({ month, orgId, code }: { month: string; orgId: number; code: string }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const q = useQuery({ queryKey: ['monitoring', 'drill', month, orgId, code], queryFn: async (): Promise<DrillData> => (await client.GET('/api/v1/monitoring/drill/{month}/{orgId}/{code}', { params: { path: { month, orgId, code } } })).data! });
  const d = q.data;
  const label = (r: DrillRecord) => (r.link ? <Link to={r.link}>{r.label}</Link> : r.label);
  const counted = (r: DrillRecord) => (r.counted ? <Tag color="green">{t('Được tính', 'Counted')}</Tag> : <Tag color="red">{t('Không tính', 'Not counted')}</Tag>);
  return (
    <Page title={t(`${code} — tháng ${monthLabel(month)}`, `${code} — ${monthLabel(month)}`)} sub={<Link to={`/monitoring/reports/${month}/${orgId}`}>{t('Về báo cáo của cơ quan', "Back to the agency's report")}</Link>}>
      {q.error && <LoadError error={q.error} retry={() => void q.refetch()} />}
      {d && (
        <>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('Cách tính', 'Method')}>{d.method}</Descriptions.Item>
            <Descriptions.Item label={t('Giá trị', 'Value')}>{num(d.value)}{d.denominator !== null && ` (${num(d.numerator)}/${num(d.denominator)})`}</Descriptions.Item>
            <Descriptions.Item label={t('Kỳ số liệu', 'Period')}>{t(`${fmtDate(d.from)} – ${fmtDate(d.to)} (chốt ngày ${d.cutoffDay}, giờ Việt Nam)`, `${fmtDate(d.from)} – ${fmtDate(d.to)} (cut-off day ${d.cutoffDay}, Vietnam time)`)}</Descriptions.Item>
            <Descriptions.Item label={t('Tính lúc', 'Computed at')}>{fmtDateTime(d.computedAt) || '—'}</Descriptions.Item>
          </Descriptions>
          <Card size="small" title={t(`Các bản ghi (${d.records.length})`, `Records (${d.records.length})`)} style={{ marginTop: 12 }}>
            {d.records.length === 0 ? (
              <Empty description={t('Không có bản ghi nào.', 'No records.')} />
            ) : screens.md === false ? (
              <div className="lt-mon-cards">
                {d.records.map((r) => (
                  <Card key={`${r.kind}-${r.id}`} size="small">
                    <div>{label(r)}</div>
                    <div className="lt-muted">{fmtDate(r.at)} {r.note}</div>
                    {counted(r)}
                  </Card>
                ))}
              </div>
            ) : (
              <Table
                rowKey={(r) => `${r.kind}-${r.id}`}
                size="small"
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                dataSource={d.records}
                columns={[
                  { key: 'label', title: t('Bản ghi', 'Record'), render: (_: unknown, r: DrillRecord) => label(r) },
                  { key: 'at', title: t('Ngày', 'Date'), width: 120, render: (_: unknown, r: DrillRecord) => fmtDate(r.at) },
                  { key: 'note', title: t('Ghi chú', 'Note'), width: 240, render: (_: unknown, r: DrillRecord) => r.note ?? '' },
                  { key: 'counted', title: t('Tử số', 'Numerator'), width: 130, render: (_: unknown, r: DrillRecord) => counted(r) },
                ]}
              />
            )}
          </Card>
        </>
      )}
    </Page>
  );
}
