import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { fmtDateTime } from '../format';
import { LoadError, Page } from '../components/Page';
import { ActionModal } from '../screens/document/ActionModal';
import type { ApiToken } from '../types';

export default function Tokens() {
  const { t, err } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => answer(client.GET('/api/v1/tokens')) });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);

  return (
    <Page
      title={t('Khóa API', 'API tokens')}
      sub={t('Khóa cho phần mềm tích hợp (gửi trong header Authorization: Bearer …). Giá trị chỉ hiện một lần khi tạo.', 'Tokens for integrations (Authorization: Bearer …). The value is shown once.')}
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>{t('Tạo khóa', 'New token')}</Button>}
    >
      {tokens.error && <LoadError error={tokens.error} retry={() => void tokens.refetch()} />}
      <Panel className="lt-card">
        <Table<ApiToken>
          size="small"
          rowKey="id"
          loading={tokens.isLoading}
          dataSource={tokens.data ?? []}
          pagination={false}
          columns={[
            { title: t('Tên', 'Name'), dataIndex: 'name' },
            { title: t('Người dùng', 'User'), dataIndex: 'username', width: 170, render: (v: string) => <code>{v}</code> },
            { title: t('Tiền tố', 'Prefix'), dataIndex: 'prefix', width: 120, render: (v: string) => <code>{v}…</code> },
            { title: t('Tạo lúc', 'Created'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
            { title: t('Dùng lần cuối', 'Last used'), dataIndex: 'lastUsedAt', width: 140, render: (v: string | null) => fmtDateTime(v) || '—' },
            { title: t('Trạng thái', 'State'), dataIndex: 'revokedAt', width: 150, render: (v: string | null) => (v ? <Tag className="lt-tag">{t(`Thu hồi ${fmtDateTime(v)}`, `Revoked ${fmtDateTime(v)}`)}</Tag> : <Tag color="green" className="lt-tag">{t('Đang dùng', 'Active')}</Tag>) },
            {
              title: '',
              key: 'x',
              width: 90,
              render: (_v, r) =>
                !r.revokedAt && (
                  <Popconfirm
                    title={t('Thu hồi khóa này?', 'Revoke this token?')}
                    description={t('Phần mềm dùng khóa sẽ không truy cập được nữa. Không hoàn tác được.', 'Integrations using it stop working. This cannot be undone.')}
                    okText={t('Thu hồi', 'Revoke')}
                    cancelText={t('Hủy', 'Cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={async () => {
                      try {
                        await client.DELETE('/api/v1/tokens/{id}', { params: { path: { id: r.id } } });
                        message.success(t('Đã thu hồi khóa.', 'Token revoked.'));
                        void qc.invalidateQueries({ queryKey: ['tokens'] });
                      } catch (e) {
                        message.error(err(e));
                      }
                    }}
                  >
                    <Button size="small" danger aria-label={t(`Thu hồi khóa ${r.name}`, `Revoke ${r.name}`)}>{t('Thu hồi', 'Revoke')}</Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Panel>
      <ActionModal<{ name: string; username?: string }>
        open={creating}
        title={t('Tạo khóa API', 'New API token')}
        okText={t('Tạo khóa', 'Create')}
        onClose={() => setCreating(false)}
        onSubmit={async (v) => {
          const r = await answer(client.POST('/api/v1/tokens', { body: { name: v.name, ...(v.username ? { username: v.username } : {}) } }));
          setCreated(r);
          void qc.invalidateQueries({ queryKey: ['tokens'] });
        }}
      >
        <Form.Item name="name" label={t('Tên gợi nhớ', 'Name')} rules={[{ required: true, whitespace: true, message: t('Đặt tên cho khóa, ví dụ: Phần mềm một cửa.', 'Name it, e.g. One-stop shop.') }]}>
          <Input placeholder={t('Ví dụ: Kết nối phần mềm một cửa', 'E.g. One-stop shop connector')} />
        </Form.Item>
        {me.isProvinceAdmin && (
          <Form.Item name="username" label={t('Cho người dùng (để trống: chính bạn)', 'For user (empty: yourself)')}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
      </ActionModal>
      <Modal open={!!created} title={t('Khóa API mới', 'New API token')} onOk={() => setCreated(null)} onCancel={() => setCreated(null)} okText={t('Đã lưu lại khóa', 'I saved it')} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon title={t('Sao chép và cất giữ khóa này ngay: nó sẽ không hiện lại.', 'Copy this token now: it will not be shown again.')} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable={{ text: created?.token }} code className="lt-token" data-testid="new-token">
          {created?.token}
        </Typography.Paragraph>
      </Modal>
    </Page>
  );
}
