import { useCallback, useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Input, Select, Space } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { answer, client } from '../api/client';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';
import { useOrganizations, useUsers } from '../data';
import { LoadError, Page } from '../components/Page';
import { DenseTable, type Column } from '../components/DenseTable';
import type { AuditEntry } from '../types';
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS, AUDIT_FAMILY_LABELS, auditActionLabel } from '../../../src/domain/audit-labels';
import { DocLink } from '../components/DocLink';
import { AuditData, RawEntry } from './AuditData';

/** Families first (the server reads "document.*" as every document action), then single actions: labels from src/domain. */
const FAMILIES = Object.entries(AUDIT_FAMILY_LABELS);
const ACTIONS = Object.entries(AUDIT_ACTION_LABELS);
const LIMIT = 100;

interface Filters {
  action?: string;
  actor?: string;
  orgId?: number;
  range: [Dayjs | null, Dayjs | null] | null;
  entityType?: string;
  entityId: string;
}

export default function Audit() {
  const { t, lang } = useI18n();
  const me = useMe();
  const users = useUsers();
  const orgs = useOrganizations(true);
  const [f, setF] = useState<Filters>({ range: null, entityId: '' });
  const set = (patch: Partial<Filters>) => setF((x) => ({ ...x, ...patch }));
  /** What every filter list shares: named for screen readers, cleared back to "any", bound to its filter. */
  const pick = <K extends 'action' | 'actor' | 'orgId' | 'entityType'>(key: K, label: string, any: string, width: number) => ({
    allowClear: true,
    'aria-label': label,
    placeholder: any,
    style: { width },
    value: f[key],
    onChange: (v: Filters[K]) => set({ [key]: v }),
  });
  const from = f.range?.[0]?.format('YYYY-MM-DD');
  const to = f.range?.[1]?.format('YYYY-MM-DD');
  const params = { action: f.action, actor: f.actor, orgId: f.orgId, from, to, entityType: f.entityType, entityId: f.entityId.trim() || undefined };

  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => answer(client.GET('/api/v1/audit/verify')), enabled: me.isProvinceAdmin, staleTime: 0 });
  const log = useInfiniteQuery({
    queryKey: ['audit', params],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) => answer(client.GET('/api/v1/audit', { params: { query: { ...params, limit: LIMIT, beforeSeq: pageParam } }, signal })),
    getNextPageParam: (last) => last.nextBeforeSeq ?? undefined,
  });
  const rows = useMemo(() => log.data?.pages.flatMap((p) => p.items) ?? [], [log.data]);
  const filtered = Object.values(params).some((v) => v !== undefined && v !== '');

  const columns = useMemo<Column<AuditEntry>[]>(
    () => [
      { key: 'seq', title: '#', width: 48, align: 'right', render: (r) => r.seq },
      { key: 'at', title: t('Thời điểm', 'At'), width: 120, render: (r) => fmtDateTime(r.at) },
      {
        key: 'actor',
        title: t('Người thực hiện', 'Actor'),
        width: 170,
        className: 'lt-dt-clip',
        render: (r) =>
          r.actorUserId === null ? (
            <span className="lt-muted">{t('Hệ thống', 'System')}</span>
          ) : (
            <span title={r.actorUsername ?? ''}>
              {r.actorName ?? `#${r.actorUserId}`} <span className="lt-muted">{r.actorUsername}</span>
            </span>
          ),
      },
      { key: 'org', title: t('Cơ quan', 'Organisation'), width: 130, className: 'lt-dt-clip', render: (r) => <span title={r.orgName ?? ''}>{r.orgName ?? <span className="lt-muted">—</span>}</span> },
      { key: 'action', title: t('Thao tác', 'Action'), width: 170, className: 'lt-dt-clip', render: (r) => <span title={r.action} data-testid="audit-action">{auditActionLabel(r.action, lang)}</span> },
      {
        key: 'entity',
        title: t('Đối tượng', 'Entity'),
        width: 240,
        className: 'lt-dt-clip',
        render: (r) =>
          r.document ? (
            <span title={`${r.document.symbol ?? ''} ${r.document.summary}`} data-testid="audit-document">
              <DocLink id={r.document.id} symbol={r.document.symbol} /> <span>{r.document.summary}</span>
            </span>
          ) : (
            <span>
              {AUDIT_ENTITY_LABELS[r.entityType]?.[lang] ?? r.entityType} <span className="lt-muted">#{r.entityId}</span>
            </span>
          ),
      },
      { key: 'data', title: t('Nội dung thay đổi', 'What changed'), className: 'lt-dt-clip', render: (r) => <AuditData entry={r} /> },
      { key: 'raw', title: t('Gốc', 'Raw'), width: 64, render: (r) => <RawEntry entry={r} /> },
    ],
    [t, lang],
  );
  const rowProps = useCallback((r: AuditEntry) => ({ 'data-seq': r.seq }), []);

  return (
    <Page title={t('Nhật ký thao tác', 'Audit log')} sub={t('Mọi thay đổi trạng thái được ghi nối chuỗi băm: sửa một bản ghi làm hỏng chuỗi từ đó.', 'Every change is appended to a hash chain: editing one entry breaks the chain from there.')}>
      {me.isProvinceAdmin && (
        <Panel className="lt-card" title={<span><SafetyCertificateOutlined aria-hidden /> {t('Kiểm tra toàn vẹn chuỗi nhật ký', 'Chain verification')}</span>} extra={<Button size="small" loading={verify.isFetching} onClick={() => void verify.refetch()}>{t('Kiểm tra lại', 'Verify again')}</Button>}>
          {verify.error && <LoadError error={verify.error} />}
          {verify.data &&
            (verify.data.ok ? (
              <Alert type="success" showIcon data-testid="audit-verify" title={t(`Chuỗi nhật ký toàn vẹn: ${verify.data.count} bản ghi đã được kiểm tra.`, `The chain is intact: ${verify.data.count} entries checked.`)} />
            ) : (
              <Alert type="error" showIcon role="alert" data-testid="audit-verify" title={t(`Chuỗi nhật ký bị hỏng tại bản ghi số ${verify.data.brokenSeq}.`, `The chain is broken at entry ${verify.data.brokenSeq}.`)} description={`${verify.data.reason} — ${t(`${verify.data.count} bản ghi trước đó hợp lệ.`, `${verify.data.count} entries before it are valid.`)}`} />
            ))}
        </Panel>
      )}
      <Panel className="lt-card lt-filters" data-testid="audit-filters">
        <Space wrap size={[8, 8]}>
          <Select
            showSearch
            {...pick('action', t('Thao tác', 'Action'), t('Mọi thao tác', 'Any action'), 250)}
            options={[
              { label: t('Nhóm thao tác', 'Families'), options: FAMILIES.map(([family, l]) => ({ value: `${family}.*`, label: `${l[lang]} (${family}.*)` })) },
              { label: t('Thao tác', 'Actions'), options: ACTIONS.map(([a, l]) => ({ value: a, label: `${l[lang]} (${a})` })) },
            ]}
          />
          <Select
            showSearch
            optionFilterProp="label"
            {...pick('actor', t('Người thực hiện', 'Actor'), t('Mọi người', 'Anyone'), 240)}
            loading={users.isLoading}
            options={(users.data ?? []).map((u) => ({ value: u.username, label: `${u.fullName} (${u.username})` }))}
          />
          {me.isProvinceAdmin && <Select showSearch optionFilterProp="label" {...pick('orgId', t('Cơ quan', 'Organisation'), t('Mọi cơ quan', 'Any organisation'), 260)} options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />}
          <DatePicker.RangePicker
            aria-label={t('Khoảng thời gian', 'Period')}
            format="DD/MM/YYYY"
            placeholder={[t('Từ ngày', 'From'), t('Đến ngày', 'To')]}
            value={f.range}
            onChange={(v) => set({ range: v as Filters['range'] })}
            allowEmpty={[true, true]}
          />
          <Select {...pick('entityType', t('Đối tượng', 'Entity'), t('Mọi đối tượng', 'Any entity'), 150)} options={Object.entries(AUDIT_ENTITY_LABELS).map(([a, l]) => ({ value: a, label: l[lang] }))} />
          <Input aria-label={t('Mã đối tượng', 'Entity id')} placeholder={t('Mã đối tượng', 'Entity id')} style={{ width: 120 }} value={f.entityId} onChange={(e) => set({ entityId: e.target.value })} allowClear />
          <Button disabled={!filtered} onClick={() => setF({ range: null, entityId: '' })}>
            {t('Xóa bộ lọc', 'Clear filters')}
          </Button>
        </Space>
      </Panel>
      {log.error && <LoadError error={log.error} retry={() => void log.refetch()} />}
      <Panel className="lt-card">
        <DenseTable<AuditEntry>
          rowKey={(r) => r.seq}
          columns={columns}
          rows={rows}
          loading={log.isLoading}
          minWidth={1200}
          caption={t('Nhật ký thao tác', 'Audit log')}
          rowProps={rowProps}
          onEndReached={() => log.hasNextPage && !log.isFetchingNextPage && void log.fetchNextPage()}
          empty={filtered ? t('Không có bản ghi nào khớp bộ lọc.', 'No entry matches the filters.') : t('Chưa có bản ghi nào.', 'No entries yet.')}
          data-testid="audit-table"
        />
        <div className="lt-pager">
          <span className="lt-muted" aria-live="polite">
            {t(`${rows.length} bản ghi${log.hasNextPage ? ', còn nữa' : ''}`, `${rows.length} entries${log.hasNextPage ? ', more available' : ''}`)}
          </span>
          <Button disabled={!log.hasNextPage} loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('Xem thêm', 'Load more')}
          </Button>
        </div>
      </Panel>
    </Page>
  );
}
