import { useCallback, useMemo, useState } from 'react';
import { Button, Input, Segmented, Space } from 'antd';
import { ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../../api/client';
import { useMe } from '../../auth';
import { Panel } from '../../components/Panel';
import { LoadError, Page } from '../../components/Page';
import { DenseTable, type Column } from '../../components/DenseTable';
import { useOrganizations } from '../../data';
import { fmtDateTime, fold } from '../../format';
import { useI18n } from '../../i18n';
import { Badge } from '../../labels';
import { Link, navigate, setQuery, useLocation } from '../../router';
import { OnlineLevelTag, PublicLink } from '../common';
import { ImportModal } from './ImportModal';
import { keys } from '../keys';
import type { ProcedureListItem } from '../types';

/**
 * Cổng thông tin › Thủ tục hành chính: what the agency owns or implements (everything for the
 * province administrator), searchable without diacritics, with each implementing agency's
 * online level.
 */
export default function ProcedureList() {
  const { t } = useI18n();
  const me = useMe();
  const orgs = useOrganizations();
  const { query } = useLocation();
  const q = query.get('q') ?? '';
  const state = query.get('state') ?? 'all';
  const [importing, setImporting] = useState(false);
  const list = useQuery({ queryKey: keys.procedures, queryFn: () => answer(client.GET('/api/v1/portal/procedures')) });
  const short = useCallback((id: number) => orgs.data?.find((o) => o.id === id)?.shortName ?? `#${id}`, [orgs.data]);
  const name = useCallback((id: number) => orgs.data?.find((o) => o.id === id)?.name ?? `#${id}`, [orgs.data]);

  const rows = useMemo(() => {
    const n = fold(q.trim());
    return (list.data ?? []).filter((p) => (state === 'all' || (state === 'active') === p.active) && (!n || fold(`${p.code} ${p.name}`).includes(n)));
  }, [list.data, q, state]);

  const columns = useMemo<Column<ProcedureListItem>[]>(
    () => [
      { key: 'code', title: t('Mã', 'Code'), width: 100, sorter: (a, b) => a.code.localeCompare(b.code), render: (r) => <code>{r.code}</code> },
      {
        key: 'name',
        title: t('Tên thủ tục', 'Procedure'),
        className: 'lt-dt-clip',
        sorter: (a, b) => a.name.localeCompare(b.name, 'vi'),
        render: (r) => (
          <Link to={`/portal/procedures/${r.id}`} title={r.name}>
            {r.name}
          </Link>
        ),
      },
      {
        key: 'owner',
        title: t('Cơ quan quản lý', 'Owner'),
        width: 130,
        className: 'lt-dt-clip',
        render: (r) => <span title={name(r.ownerOrgId)}>{r.ownerOrgId === me.agencyId ? <b>{short(r.ownerOrgId)}</b> : short(r.ownerOrgId)}</span>,
      },
      {
        key: 'levels',
        title: t('Nơi thực hiện và mức độ trực tuyến', 'Implemented by, online level'),
        width: 330,
        className: 'lt-dt-clip',
        render: (r) => {
          const mine = r.agencies.filter((a) => a.orgId === me.agencyId);
          const others = r.agencies.filter((a) => a.orgId !== me.agencyId);
          const shown = [...mine, ...others].slice(0, 2);
          return (
            <span className="lt-portal-levels" data-testid={`levels-${r.code}`}>
              {shown.map((a) => (
                <span key={a.orgId} title={name(a.orgId)}>
                  <span className="lt-muted">{short(a.orgId)}</span> <OnlineLevelTag level={a.onlineLevel} />
                </span>
              ))}
              {r.agencies.length > 2 && <span className="lt-muted">{t(`+${r.agencies.length - 2} cơ quan`, `+${r.agencies.length - 2} more`)}</span>}
            </span>
          );
        },
      },
      {
        key: 'active',
        title: t('Trên cổng', 'On the portal'),
        width: 120,
        sorter: (a, b) => Number(a.active) - Number(b.active),
        render: (r) => (r.active ? <Badge tone="green">{t('Đang công bố', 'Published')}</Badge> : <Badge tone="default">{t('Ngừng công bố', 'Withdrawn')}</Badge>),
      },
      { key: 'updated', title: t('Cập nhật', 'Updated'), width: 130, sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt), render: (r) => fmtDateTime(r.updatedAt) },
    ],
    [t, me.agencyId, short, name],
  );

  return (
    <Page
      title={t('Thủ tục hành chính', 'Administrative procedures')}
      sub={t(
        'Thủ tục cơ quan quản lý hoặc thực hiện, công bố trên cổng thông tin theo cấu trúc Cơ sở dữ liệu quốc gia về thủ tục hành chính.',
        'Procedures your agency owns or implements, published on the portal in the national database’s shape.',
      )}
      extra={
        <Space wrap>
          <PublicLink href="/thu-tuc">{t('Xem trên cổng', 'See on the portal')}</PublicLink>
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
            {t('Nhập từ tệp JSON, CSV', 'Import JSON, CSV')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/portal/procedures/new')}>
            {t('Thêm thủ tục', 'New procedure')}
          </Button>
        </Space>
      }
    >
      <Panel className="lt-filters">
        <Space wrap>
          <Input.Search
            allowClear
            defaultValue={q}
            aria-label={t('Tìm thủ tục', 'Search procedures')}
            placeholder={t('Mã hoặc tên thủ tục, không cần dấu', 'Code or name, diacritics optional')}
            onChange={(e) => setQuery({ q: e.target.value, state: state === 'all' ? undefined : state })}
            style={{ width: 340 }}
          />
          <Segmented
            aria-label={t('Tình trạng trên cổng', 'State on the portal')}
            value={state}
            onChange={(v) => setQuery({ q, state: v === 'all' ? undefined : String(v) })}
            options={[
              { value: 'all', label: t('Tất cả', 'All') },
              { value: 'active', label: t('Đang công bố', 'Published') },
              { value: 'inactive', label: t('Ngừng công bố', 'Withdrawn') },
            ]}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()}>
            {t('Tải lại', 'Reload')}
          </Button>
          <span className="lt-muted" aria-live="polite">
            {t(`${rows.length} thủ tục`, `${rows.length} procedures`)}
          </span>
        </Space>
      </Panel>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <Panel>
        <DenseTable<ProcedureListItem>
          rowKey={(r) => r.id}
          columns={columns}
          rows={rows}
          loading={list.isLoading}
          minWidth={1000}
          caption={t('Thủ tục hành chính', 'Administrative procedures')}
          onRowClick={(r) => navigate(`/portal/procedures/${r.id}`)}
          rowProps={(r) => ({ 'data-code': r.code })}
          empty={q ? t('Không có thủ tục nào khớp từ khóa.', 'No procedure matches.') : t('Chưa có thủ tục nào. Thêm mới hoặc nhập từ tệp JSON của Cổng Dịch vụ công quốc gia.', 'No procedures yet. Add one or import the national portal’s JSON.')}
          data-testid="procedures-table"
        />
      </Panel>
      {importing && <ImportModal onClose={() => setImporting(false)} />}
    </Page>
  );
}
