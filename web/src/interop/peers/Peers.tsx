import { useState } from 'react';
import { App as AntApp, Button, Modal, Popconfirm, Space, Table, Tag } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../../api/client';
import { useMe } from '../../auth';
import { Panel } from '../../components/Panel';
import { LoadError, Page } from '../../components/Page';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../format';
import { PeerForm } from './PeerForm';
import { HostedCodeForm } from './HostedCodeForm';
import type { Peer, PeerInput } from './types';
import '../../mail/mail.css';

const KEY = ['federation-peers'];

/**
 * Nút liên thông (province administrator): the other provinces' nodes and the national axis,
 * how each is reached and authenticated, the codes each hosts (an external recipient, or a
 * whole province by its level-1 code), its queue and last delivery error.
 */
export default function Peers() {
  const { t, err } = useI18n();
  const me = useMe();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const peers = useQuery({ queryKey: KEY, queryFn: () => answer(client.GET('/api/v1/federation/peers')), enabled: me.isProvinceAdmin });
  const [editing, setEditing] = useState<Peer | 'new' | null>(null);
  const [hosting, setHosting] = useState<Peer | null>(null);
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: ['organizations'] })]);

  if (!me.isProvinceAdmin) return <Page title={t('Nút liên thông', 'Peer nodes')}>{t('Chỉ quản trị cấp tỉnh khai báo nút liên thông.', 'Only the province administrator configures peer nodes.')}</Page>;

  return (
    <Page
      title={t('Nút liên thông', 'Peer nodes')}
      sub={t('Liên Thông của tỉnh khác và trục liên thông quốc gia: địa chỉ, cách xác thực, mã định danh mỗi nút quản lý.', 'Other provinces’ Liên Thông and the national axis: address, authentication, the codes each one hosts.')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('Thêm nút', 'Add a node')}
        </Button>
      }
    >
      {peers.error && <LoadError error={peers.error} retry={() => void peers.refetch()} />}
      <Panel className="lt-card" title={t('Các nút', 'Nodes')}>
        <Table<Peer>
          size="small"
          rowKey="id"
          loading={peers.isLoading}
          dataSource={peers.data ?? []}
          pagination={false}
          data-testid="peer-table"
          locale={{ emptyText: t('Chưa khai báo nút liên thông nào.', 'No peer nodes yet.') }}
          expandable={{ expandedRowRender: (p) => <HostedCodes peer={p} onAdd={() => setHosting(p)} onChanged={refresh} />, rowExpandable: () => true }}
          columns={[
            { title: t('Tên', 'Name'), dataIndex: 'name', render: (v: string, p) => (<span>{v}{!p.active && <Tag style={{ marginLeft: 6 }}>{t('Tạm ngừng', 'Paused')}</Tag>}</span>) },
            { title: t('Địa chỉ', 'Base URL'), dataIndex: 'baseUrl', ellipsis: true, render: (v: string) => <code>{v}</code> },
            { title: t('Xác thực', 'Mode'), key: 'auth', width: 130, render: (_v, p) => (p.transport === 'axis' ? t('Trục quốc gia', 'National axis') : p.auth === 'certificate' ? t('Chứng thư số', 'Certificate') : 'HMAC') },
            { title: t('Mã định danh', 'Codes'), key: 'codes', render: (_v, p) => p.organizations.map((o) => <Tag key={o.code}>{o.code}</Tag>) },
            { title: t('Hàng đợi', 'Queue'), key: 'queue', width: 120, render: (_v, p) => t(`${p.queue.pending + p.queue.sending} chờ · ${p.queue.failed} lỗi`, `${p.queue.pending + p.queue.sending} waiting · ${p.queue.failed} failed`) },
            { title: t('Lỗi gần nhất', 'Last error'), dataIndex: 'lastError', ellipsis: true, render: (v: string | null, p) => (v ? <span className="lt-mail-error" title={v}>{v}</span> : p.lastPolledAt ? fmtDateTime(p.lastPolledAt) : '—') },
            {
              title: '',
              key: 'x',
              width: 190,
              render: (_v, p) => (
                <Space size={4}>
                  <Button size="small" icon={<EditOutlined />} aria-label={t(`Sửa nút ${p.name}`, `Edit ${p.name}`)} onClick={() => setEditing(p)}>
                    {t('Sửa', 'Edit')}
                  </Button>
                  <Button
                    size="small"
                    aria-label={p.active ? t(`Tạm ngừng nút ${p.name}`, `Pause ${p.name}`) : t(`Bật lại nút ${p.name}`, `Resume ${p.name}`)}
                    onClick={async () => {
                      try {
                        await client.PATCH('/api/v1/federation/peers/{id}', { params: { path: { id: p.id } }, body: { active: !p.active } });
                        message.success(p.active ? t('Đã tạm ngừng nút.', 'Node paused.') : t('Đã bật lại nút.', 'Node resumed.'));
                        await refresh();
                      } catch (e) {
                        message.error(err(e));
                      }
                    }}
                  >
                    {p.active ? t('Tạm ngừng', 'Pause') : t('Bật lại', 'Resume')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Panel>
      <Modal open={editing !== null} title={editing === 'new' ? t('Thêm nút liên thông', 'Add a peer node') : t('Sửa nút liên thông', 'Edit the peer node')} footer={null} destroyOnHidden mask={{ closable: false }} onCancel={() => setEditing(null)} width={640}>
        {editing !== null && (
          <PeerForm
            peer={editing === 'new' ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSubmit={async (v: PeerInput) => {
              if (editing === 'new') await client.POST('/api/v1/federation/peers', { body: v });
              else await client.PATCH('/api/v1/federation/peers/{id}', { params: { path: { id: editing.id } }, body: v });
              message.success(t('Đã lưu nút liên thông.', 'Peer node saved.'));
              setEditing(null);
              await refresh();
            }}
          />
        )}
      </Modal>
      <Modal open={hosting !== null} title={t(`Gán mã định danh cho ${hosting?.name ?? ''}`, `Add a code to ${hosting?.name ?? ''}`)} footer={null} destroyOnHidden mask={{ closable: false }} onCancel={() => setHosting(null)}>
        {hosting && (
          <HostedCodeForm
            onCancel={() => setHosting(null)}
            onSubmit={async (v) => {
              await client.POST('/api/v1/federation/peers/{id}/organizations', { params: { path: { id: hosting.id } }, body: { organizations: [v] } });
              message.success(t(`Đã gán mã ${v.code}.`, `Code ${v.code} added.`));
              setHosting(null);
              await refresh();
            }}
          />
        )}
      </Modal>
    </Page>
  );
}

function HostedCodes({ peer, onAdd, onChanged }: { peer: Peer; onAdd(): void; onChanged(): Promise<unknown> }) {
  const { t, err } = useI18n();
  const { message } = AntApp.useApp();
  return (
    <div data-testid={`peer-codes-${peer.id}`}>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={peer.organizations}
        locale={{ emptyText: t('Nút chưa quản lý mã nào: chưa gửi được văn bản tới nút này.', 'No codes yet: nothing can be sent to this node.') }}
        columns={[
          { title: t('Mã', 'Code'), dataIndex: 'code', width: 150, render: (v: string) => <code>{v}</code> },
          { title: t('Tổ chức', 'Organisation'), dataIndex: 'name', render: (v: string | null) => v ?? t('Mọi mã của tỉnh (mã cấp 1)', 'Every code of that province (level 1)') },
          {
            title: '',
            key: 'x',
            width: 90,
            render: (_v, r) => (
              <Popconfirm
                title={t(`Bỏ mã ${r.code} khỏi ${peer.name}?`, `Remove ${r.code} from ${peer.name}?`)}
                description={t('Tổ chức này không còn là nơi nhận.', 'This organisation stops being a recipient.')}
                okText={t('Bỏ mã', 'Remove')}
                cancelText={t('Hủy', 'Cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={async () => {
                  try {
                    await client.DELETE('/api/v1/federation/peers/{id}/organizations/{code}', { params: { path: { id: peer.id, code: r.code } } });
                    message.success(t(`Đã bỏ mã ${r.code}.`, `Code ${r.code} removed.`));
                    await onChanged();
                  } catch (e) {
                    message.error(err(e));
                  }
                }}
              >
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t(`Bỏ mã ${r.code}`, `Remove ${r.code}`)}>
                  {t('Bỏ', 'Remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={onAdd}>
        {t('Gán mã định danh', 'Add a code')}
      </Button>
    </div>
  );
}
