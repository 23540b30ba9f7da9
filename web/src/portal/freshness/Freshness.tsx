import { useMemo, useState } from 'react';
import { Button, Checkbox, Input, Space } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../../api/client';
import { useMe } from '../../auth';
import { Panel } from '../../components/Panel';
import { LoadError, Page } from '../../components/Page';
import { DenseTable, type Column } from '../../components/DenseTable';
import { fmtDate, fold } from '../../format';
import { useI18n } from '../../i18n';
import { PublicLink } from '../common';
import { keys } from '../keys';
import { StaleBadge } from './StaleBadge';
import type { AgencyFreshness } from '../types';

/**
 * Cổng thông tin › Tình trạng cập nhật: days since each agency's pages last changed, the
 * stalest first; the agency's own row, every agency for the province administrator.
 */
export default function Freshness() {
  const { t } = useI18n();
  const me = useMe();
  const report = useQuery({ queryKey: keys.freshness, queryFn: () => answer(client.GET('/api/v1/portal/freshness')) });
  const [onlyStale, setOnlyStale] = useState(false);
  const [q, setQ] = useState('');
  const all = report.data?.agencies ?? [];
  const stale = all.filter((a) => a.stale).length;
  const rows = useMemo(() => {
    const n = fold(q.trim());
    return all.filter((a) => (!onlyStale || a.stale) && (!n || fold(a.name).includes(n)));
  }, [all, onlyStale, q]);

  const columns: Column<AgencyFreshness>[] = [
    { key: 'name', title: t('Cơ quan', 'Agency'), className: 'lt-dt-clip', sorter: (a, b) => a.name.localeCompare(b.name, 'vi'), render: (a) => <PublicLink href={`/co-quan/${a.orgId}`}>{a.name}</PublicLink> },
    { key: 'last', title: t('Cập nhật lần cuối', 'Last updated'), width: 140, sorter: (a, b) => a.lastUpdated.localeCompare(b.lastUpdated), render: (a) => fmtDate(a.lastUpdated) },
    { key: 'days', title: t('Số ngày', 'Days'), width: 90, align: 'right', sorter: (a, b) => a.days - b.days, render: (a) => <span data-days={a.days}>{a.days}</span> },
    { key: 'state', title: t('Tình trạng', 'State'), width: 140, sorter: (a, b) => Number(a.stale) - Number(b.stale), render: (a) => <StaleBadge stale={a.stale} /> },
    { key: 'procedures', title: t('Thủ tục', 'Procedures'), width: 90, align: 'right', sorter: (a, b) => a.procedures - b.procedures, render: (a) => a.procedures },
    { key: 'forms', title: t('Biểu mẫu', 'Forms'), width: 90, align: 'right', sorter: (a, b) => a.forms - b.forms, render: (a) => a.forms },
    { key: 'documents', title: t('Văn bản công bố', 'Documents'), width: 130, align: 'right', sorter: (a, b) => a.documents - b.documents, render: (a) => a.documents },
  ];

  const days = report.data?.staleAfterDays ?? 90;
  return (
    <Page
      title={t('Tình trạng cập nhật', 'Freshness')}
      sub={t(`Trang của cơ quan bị coi là chậm cập nhật khi quá ${days} ngày không có thay đổi (thông tin cơ quan, thủ tục, biểu mẫu, văn bản, thông báo).`, `An agency’s pages are stale after ${days} days without a change (profile, procedures, forms, documents, announcements).`)}
      extra={<PublicLink href="/cap-nhat">{t('Trang tình trạng cập nhật của cổng', 'The portal’s freshness page')}</PublicLink>}
    >
      {me.isProvinceAdmin && (
        <Panel className="lt-filters">
          <Space wrap>
            <Input.Search allowClear aria-label={t('Tìm cơ quan', 'Search agencies')} placeholder={t('Tên cơ quan', 'Agency name')} onChange={(e) => setQ(e.target.value)} style={{ width: 300 }} />
            <Checkbox checked={onlyStale} onChange={(e) => setOnlyStale(e.target.checked)}>
              {t('Chỉ cơ quan chậm cập nhật', 'Stale agencies only')}
            </Checkbox>
            <Button icon={<ReloadOutlined />} onClick={() => void report.refetch()}>
              {t('Tải lại', 'Reload')}
            </Button>
            <span aria-live="polite" data-testid="freshness-summary">
              {t(`${all.length} cơ quan, `, `${all.length} agencies, `)}
              <b className={stale ? 'lt-overdue' : undefined}>{t(`${stale} chậm cập nhật`, `${stale} stale`)}</b>
            </span>
          </Space>
        </Panel>
      )}
      {report.error && <LoadError error={report.error} retry={() => void report.refetch()} />}
      <Panel>
        <DenseTable<AgencyFreshness>
          rowKey={(a) => a.orgId}
          columns={columns}
          rows={rows}
          loading={report.isLoading}
          minWidth={900}
          caption={t('Tình trạng cập nhật trang của các cơ quan', 'Freshness of the agencies’ pages')}
          rowClassName={(a) => (a.stale ? 'lt-row-attention' : '')}
          rowProps={(a) => ({ 'data-org': a.orgId })}
          empty={onlyStale ? t('Không có cơ quan nào chậm cập nhật.', 'No agency is stale.') : t('Không có dữ liệu.', 'No data.')}
          data-testid="freshness-table"
        />
      </Panel>
    </Page>
  );
}
