import { useMemo, useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { client } from '../api/client';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { ROLE_LABEL } from '../labels';
import { useOrganizations, useUsers } from '../data';
import { fold } from '../format';
import { passwordProblems } from '../password-rules';
import { LoadError, Page } from '../components/Page';
import { ActionModal } from '../screens/document/ActionModal';
import type { User } from '../types';

type UserForm = Partial<User> & { password?: string };

export default function Users() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const users = useUsers();
  const orgs = useOrganizations(true);
  const [q, setQ] = useState('');
  const [orgId, setOrgId] = useState<number | undefined>();
  const [editing, setEditing] = useState<UserForm | null>(null);
  const orgName = (id: number) => orgs.data?.find((o) => o.id === id)?.name ?? `#${id}`;
  const rows = useMemo(() => {
    const n = fold(q);
    return (users.data ?? []).filter((u) => (!orgId || u.orgId === orgId) && (!n || fold(`${u.fullName} ${u.username} ${u.email ?? ''}`).includes(n)));
  }, [users.data, q, orgId]);
  const roleOptions = Object.entries(ROLE_LABEL).map(([k, v]) => ({ value: k, label: v[lang] }));

  return (
    <Page
      title={t('Người dùng và vai trò', 'Users and roles')}
      sub={t('Văn thư, lãnh đạo, chuyên viên, quản trị trong phạm vi bạn quản lý.', 'Clerks, leaders, specialists and administrators you manage.')}
      extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ roles: ['specialist'], active: true })}>{t('Thêm người dùng', 'Add user')}</Button>}
    >
      {users.error && <LoadError error={users.error} retry={() => void users.refetch()} />}
      <Panel className="lt-card lt-filters">
        <Space wrap>
          <Input.Search allowClear aria-label={t('Lọc người dùng', 'Filter users')} placeholder={t('Tên, tên đăng nhập, thư điện tử', 'Name, user name, e-mail')} onChange={(e) => setQ(e.target.value)} style={{ width: 300 }} />
          <Select allowClear aria-label={t('Tổ chức', 'Organisation')} placeholder={t('Mọi tổ chức', 'Any organisation')} style={{ width: 320 }} value={orgId} onChange={setOrgId} showSearch={{ optionFilterProp: 'label' }} options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          <span className="lt-muted">{t(`${rows.length} người dùng`, `${rows.length} users`)}</span>
        </Space>
      </Panel>
      <Panel className="lt-card">
        <Table<User>
          size="small"
          rowKey="id"
          loading={users.isLoading}
          dataSource={rows}
          pagination={{ pageSize: 50, size: 'small', showSizeChanger: false }}
          scroll={{ x: 1000 }}
          columns={[
            { title: t('Họ và tên', 'Name'), dataIndex: 'fullName', width: 190 },
            { title: t('Tên đăng nhập', 'User name'), dataIndex: 'username', width: 170, render: (v: string) => <code>{v}</code> },
            { title: t('Chức vụ', 'Position'), dataIndex: 'position', width: 120 },
            { title: t('Tổ chức', 'Organisation'), dataIndex: 'orgId', ellipsis: true, render: (v: number) => orgName(v) },
            { title: t('Vai trò', 'Roles'), dataIndex: 'roles', width: 200, render: (rs: string[]) => rs.map((r) => <Tag key={r} className="lt-tag">{ROLE_LABEL[r]?.[lang] ?? r}</Tag>) },
            { title: t('Trạng thái', 'State'), dataIndex: 'active', width: 100, render: (v: boolean) => (v ? <Tag color="green" className="lt-tag">{t('Hoạt động', 'Active')}</Tag> : <Tag color="red" className="lt-tag">{t('Đã khóa', 'Locked')}</Tag>) },
            { title: '', key: 'e', width: 60, render: (_v, r) => <Button type="link" size="small" onClick={() => setEditing(r)} aria-label={t(`Sửa ${r.fullName}`, `Edit ${r.fullName}`)}>{t('Sửa', 'Edit')}</Button> },
          ]}
        />
      </Panel>
      {editing && (
        <ActionModal<UserForm>
          open
          width={600}
          title={editing.id ? t('Sửa người dùng', 'Edit user') : t('Thêm người dùng', 'Add user')}
          okText={t('Lưu', 'Save')}
          initialValues={editing}
          onClose={() => setEditing(null)}
          onSubmit={async (v) => {
            if (editing.id) await client.PATCH('/api/v1/users/{id}', { params: { path: { id: editing.id } }, body: { fullName: v.fullName, position: v.position || null, email: v.email || null, roles: v.roles, active: v.active, ...(v.password ? { password: v.password } : {}) } });
            else await client.POST('/api/v1/users', { body: { username: v.username, fullName: v.fullName, password: v.password, orgId: v.orgId, position: v.position || null, email: v.email || null, roles: v.roles, active: v.active } });
            message.success(t('Đã lưu.', 'Saved.'));
            void qc.invalidateQueries({ queryKey: ['users'] });
          }}
        >
          {!editing.id && (
            <Form.Item name="username" label={t('Tên đăng nhập', 'User name')} rules={[{ required: true, message: t('Nhập tên đăng nhập.', 'Enter a user name.') }, { pattern: /^[a-z0-9._-]+$/, message: t('Chỉ chữ thường không dấu, số, dấu chấm, gạch.', 'a-z, 0-9, dot, dash only.') }]}>
              <Input autoComplete="off" />
            </Form.Item>
          )}
          <Form.Item name="fullName" label={t('Họ và tên', 'Full name')} rules={[{ required: true, whitespace: true, message: t('Nhập họ và tên.', 'Enter the name.') }]}>
            <Input />
          </Form.Item>
          {!editing.id && (
            <Form.Item name="orgId" label={t('Tổ chức', 'Organisation')} rules={[{ required: true, message: t('Chọn tổ chức.', 'Choose the organisation.') }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={(orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          )}
          <Space.Compact block>
            <Form.Item name="position" label={t('Chức vụ', 'Position')} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
            <Form.Item name="email" label={t('Thư điện tử', 'E-mail')} style={{ flex: 1, marginLeft: 8 }} rules={[{ type: 'email', message: t('Địa chỉ thư không hợp lệ.', 'Not a valid e-mail.') }]}>
              <Input />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="roles" label={t('Vai trò', 'Roles')}>
            <Checkbox.Group options={roleOptions} />
          </Form.Item>
          <Form.Item name="password" label={editing.id ? t('Đặt lại mật khẩu (để trống: giữ nguyên)', 'New password (empty: unchanged)') : t('Mật khẩu', 'Password')} rules={[
              ...(editing.id ? [] : [{ required: true, message: t('Nhập mật khẩu.', 'Enter a password.') }]),
              // The server's password rule, as for one's own password: shown before saving.
              ({ getFieldValue }) => ({
                validator: async (_r, value?: string) => {
                  const problem = value ? passwordProblems(value, { username: editing.username ?? getFieldValue('username') })[0] : undefined;
                  if (problem) throw new Error(t(problem.vi, problem.en));
                },
              }),
            ]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="active" label={t('Cho phép đăng nhập', 'May sign in')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </ActionModal>
      )}
    </Page>
  );
}
