import { useState } from 'react';
import { Alert, Button, Input, Select, Space, Table } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get } from '../api';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';
import { useUsers } from '../data';
import { LoadError, Page } from '../components/Page';
import type { AuditEntry, VerifyResult } from '../types';

const ACTIONS = ['document.create', 'document.update', 'document.attach', 'document.issue', 'document.dispatch', 'document.recall', 'document.copy', 'incoming.register', 'incoming.reject', 'incoming.assign', 'incoming.start', 'incoming.complete', 'incoming.recall_accept', 'incoming.recall_refuse', 'incoming.paper', 'incoming.scan', 'org.create', 'org.update', 'org.import', 'user.create', 'user.update', 'user.import', 'register.create', 'register.update', 'token.create', 'token.revoke', 'auth.login', 'auth.failed', 'auth.locked'];

export default function Audit() {
  const { t } = useI18n();
  const me = useMe();
  const users = useUsers();
  const [action, setAction] = useState<string | undefined>();
  const [entityType, setEntityType] = useState<string | undefined>();
  const [entityId, setEntityId] = useState('');
  const verify = useQuery({ queryKey: ['audit-verify'], queryFn: () => get<VerifyResult>('/api/v1/audit/verify'), enabled: me.isProvinceAdmin, staleTime: 0 });
  const log = useInfiniteQuery({
    queryKey: ['audit', action, entityType, entityId],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) => get<AuditEntry[]>('/api/v1/audit', { action, entityType, entityId: entityId.trim(), limit: 100, beforeSeq: pageParam }, signal),
    getNextPageParam: (last) => (last.length === 100 ? last[last.length - 1]!.seq : undefined),
  });
  const rows = log.data?.pages.flat() ?? [];
  const who = (id: number | null) => (id === null ? t('Hệ thống', 'System') : (users.data?.find((u) => u.id === id)?.username ?? `#${id}`));

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
      <Panel className="lt-card lt-filters">
        <Space wrap>
          <Select allowClear aria-label={t('Thao tác', 'Action')} placeholder={t('Mọi thao tác', 'Any action')} style={{ width: 240 }} value={action} onChange={setAction} showSearch options={ACTIONS.map((a) => ({ value: a, label: a }))} />
          <Select allowClear aria-label={t('Đối tượng', 'Entity')} placeholder={t('Mọi đối tượng', 'Any entity')} style={{ width: 180 }} value={entityType} onChange={setEntityType} options={['document', 'inbox_item', 'organization', 'user', 'api_token', 'session'].map((a) => ({ value: a, label: a }))} />
          <Input aria-label={t('Mã đối tượng', 'Entity id')} placeholder={t('Mã đối tượng', 'Entity id')} style={{ width: 140 }} value={entityId} onChange={(e) => setEntityId(e.target.value)} allowClear />
        </Space>
      </Panel>
      {log.error && <LoadError error={log.error} retry={() => void log.refetch()} />}
      <Panel className="lt-card">
        <Table<AuditEntry>
          size="small"
          rowKey="seq"
          loading={log.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          columns={[
            { title: '#', dataIndex: 'seq', width: 70, align: 'right' },
            { title: t('Thời điểm', 'At'), dataIndex: 'at', width: 140, render: (v: string) => fmtDateTime(v) },
            { title: t('Người thực hiện', 'Actor'), dataIndex: 'actor_user_id', width: 160, render: (v: number | null) => who(v) },
            { title: t('Thao tác', 'Action'), dataIndex: 'action', width: 170, render: (v: string) => <code>{v}</code> },
            { title: t('Đối tượng', 'Entity'), key: 'entity', width: 140, render: (_v, r) => `${r.entity_type} #${r.entity_id}` },
            { title: t('Dữ liệu', 'Data'), dataIndex: 'data', ellipsis: true, render: (v: unknown) => <code className="lt-json">{JSON.stringify(v)}</code> },
            { title: t('Mã băm', 'Hash'), dataIndex: 'hash', width: 110, render: (v: string) => <code title={v}>{v.slice(0, 10)}…</code> },
          ]}
        />
        <div className="lt-pager">
          <span className="lt-muted">{t(`${rows.length} bản ghi`, `${rows.length} entries`)}</span>
          <Button disabled={!log.hasNextPage} loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {t('Xem thêm', 'Load more')}
          </Button>
        </div>
      </Panel>
    </Page>
  );
}
