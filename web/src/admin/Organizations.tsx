import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { client, type Body } from '../api/client';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { ORG_KIND } from '../labels';
import { useOrganizations } from '../data';
import { fold } from '../format';
import { LoadError, Page } from '../components/Page';
import { ActionModal } from '../screens/document/ActionModal';
import type { Organization } from '../types';
import { EnterpriseProfileFields } from '../surveys/EnterpriseForm';
import type { EnterpriseRegistration } from '../surveys/types';

/** The kinds an organisation can be created as: one of another province (external) comes with its peer node. */
const NEW_KINDS = ['province', 'agency', 'unit', 'enterprise'] as const satisfies readonly NonNullable<Body<'/api/v1/organizations', 'post'>['kind']>[];
const newKind = (k?: string) => NEW_KINDS.find((x) => x === k);

/** What the form holds: the organisation, and for an enterprise its survey profile. */
type OrgValues = Partial<Organization> & Partial<Pick<EnterpriseRegistration, 'taxCode' | 'sectorCode' | 'commune' | 'size' | 'employees'>>;

interface OrgRow extends Organization {
  children?: OrgRow[];
}

function buildTree(orgs: Organization[]): OrgRow[] {
  const byParent = new Map<number | null, OrgRow[]>();
  for (const o of orgs) byParent.set(o.parentId, [...(byParent.get(o.parentId) ?? []), { ...o }]);
  const ids = new Set(orgs.map((o) => o.id));
  const attach = (row: OrgRow): OrgRow => {
    const kids = byParent.get(row.id);
    return kids?.length ? { ...row, children: kids.sort((a, b) => a.name.localeCompare(b.name, 'vi')).map(attach) } : row;
  };
  // Roots: no parent, or a parent filtered out.
  return orgs.filter((o) => o.parentId === null || !ids.has(o.parentId)).map(attach);
}

export default function Organizations() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const orgs = useOrganizations(true);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Partial<Organization> | null>(null);
  const [form] = Form.useForm<OrgValues>();
  const kind = Form.useWatch('kind', form);
  // An enterprise added here by a province administrator is registered as on the enterprises
  // screen: the organisation with its survey profile, in one call to the surveys API.
  const registersEnterprise = !!editing && !editing.id && kind === 'enterprise' && me.isProvinceAdmin;
  const tree = useMemo(() => {
    const all = orgs.data ?? [];
    if (!q.trim()) return buildTree(all);
    const n = fold(q);
    return all.filter((o) => fold(`${o.name} ${o.shortName} ${o.code ?? ''}`).includes(n)).map((o) => ({ ...o }));
  }, [orgs.data, q]);

  return (
    <Page
      title={t('Cây tổ chức', 'Organisation tree')}
      sub={t('Tỉnh → cơ quan → đơn vị. Mã định danh theo QCVN 102 (000.00.00.H39). Tổ chức sáp nhập, giải thể được ngừng hoạt động và vẫn giữ lịch sử.', 'Province → agencies → units. Inactive organisations keep their history.')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ kind: 'unit', parentId: me.isProvinceAdmin ? null : me.agencyId, active: true })}>
          {t('Thêm tổ chức', 'Add organisation')}
        </Button>
      }
    >
      {orgs.error && <LoadError error={orgs.error} retry={() => void orgs.refetch()} />}
      <Panel className="lt-card lt-filters">
        <Input.Search allowClear aria-label={t('Lọc tổ chức', 'Filter organisations')} placeholder={t('Lọc theo tên, tên viết tắt, mã định danh', 'Filter by name, short name, code')} onChange={(e) => setQ(e.target.value)} style={{ width: 360 }} />
      </Panel>
      <Panel className="lt-card">
        <Table<OrgRow>
          size="small"
          rowKey="id"
          loading={orgs.isLoading}
          dataSource={tree}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          key={q ? 'flat' : `tree-${orgs.data?.length ?? 0}`}
          scroll={{ x: 1000 }}
          columns={[
            { title: t('Tên tổ chức', 'Name'), dataIndex: 'name', render: (v: string, r) => <span className={r.active ? undefined : 'lt-inactive'}>{v}</span> },
            { title: t('Viết tắt', 'Short'), dataIndex: 'shortName', width: 100 },
            { title: t('Mã định danh', 'Code'), dataIndex: 'code', width: 140, render: (v) => v ?? <span className="lt-muted">—</span> },
            { title: t('Loại', 'Kind'), dataIndex: 'kind', width: 110, render: (v: string) => ORG_KIND[v]?.[lang] ?? v },
            { title: t('Thư điện tử', 'E-mail'), dataIndex: 'email', width: 200, ellipsis: true },
            { title: t('Điện thoại', 'Phone'), dataIndex: 'phone', width: 120 },
            { title: t('Hoạt động', 'Active'), dataIndex: 'active', width: 100, render: (v: boolean) => (v ? <Tag color="green" className="lt-tag">{t('Hoạt động', 'Active')}</Tag> : <Tag className="lt-tag">{t('Ngừng', 'Inactive')}</Tag>) },
            { title: '', key: 'edit', width: 70, render: (_v, r) => <Button size="small" type="link" onClick={() => setEditing(r)} aria-label={t(`Sửa ${r.name}`, `Edit ${r.name}`)}>{t('Sửa', 'Edit')}</Button> },
          ]}
        />
      </Panel>
      {editing && (
        <ActionModal<OrgValues>
          open
          width={640}
          form={form}
          title={editing.id ? t('Sửa tổ chức', 'Edit organisation') : t('Thêm tổ chức', 'Add organisation')}
          okText={t('Lưu', 'Save')}
          initialValues={editing}
          onClose={() => setEditing(null)}
          onSubmit={async (v) => {
            const body = { code: v.code || null, name: v.name, shortName: v.shortName, kind: newKind(v.kind), parentId: v.parentId ?? null, email: v.email || null, phone: v.phone || null, address: v.address || null, website: v.website || null, active: v.active };
            if (editing.id) {
              const { kind: _k, parentId: _p, ...rest } = body;
              await client.PATCH('/api/v1/organizations/{id}', { params: { path: { id: editing.id } }, body: rest });
            } else if (registersEnterprise) {
              await client.POST('/api/v1/surveys/enterprises', {
                body: { name: v.name!, shortName: v.shortName!, taxCode: v.taxCode!, sectorCode: v.sectorCode!, commune: v.commune!, size: v.size!, employees: v.employees ?? null, email: v.email || null, phone: v.phone || null, address: v.address || null, user: null },
              });
              void qc.invalidateQueries({ queryKey: ['surveys', 'enterprises'] });
            } else await client.POST('/api/v1/organizations', { body });
            message.success(t('Đã lưu.', 'Saved.'));
            void qc.invalidateQueries({ queryKey: ['organizations'] });
          }}
        >
          <Form.Item name="name" label={t('Tên tổ chức', 'Name')} rules={[{ required: true, whitespace: true, message: t('Nhập tên tổ chức.', 'Enter the name.') }]}>
            <Input />
          </Form.Item>
          <Space.Compact block>
            <Form.Item name="shortName" label={t('Tên viết tắt (dùng trong ký hiệu)', 'Short name (in symbols)')} style={{ flex: 1 }} rules={[{ required: true, message: t('Nhập tên viết tắt.', 'Enter the short name.') }, { pattern: /^[\p{L}\p{N}]+$/u, message: t('Chỉ gồm chữ và số, không khoảng trắng.', 'Letters and digits only.') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="code" label={t('Mã định danh', 'Agency code')} hidden={registersEnterprise} style={{ flex: 1, marginLeft: 8 }} rules={[{ pattern: /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/, message: t('Mã có dạng 000.00.00.H39.', 'The code looks like 000.00.00.H39.') }]}>
              <Input placeholder="000.00.00.H39" />
            </Form.Item>
          </Space.Compact>
          {!editing.id && (
            <Space.Compact block>
              <Form.Item name="kind" label={t('Loại', 'Kind')} style={{ flex: 1 }}>
                <Select options={NEW_KINDS.map((k) => ({ value: k, label: ORG_KIND[k]![lang] }))} />
              </Form.Item>
              <Form.Item name="parentId" label={t('Trực thuộc', 'Parent')} hidden={registersEnterprise} style={{ flex: 2, marginLeft: 8 }}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={(orgs.data ?? []).filter((o) => o.kind !== 'unit' || true).map((o) => ({ value: o.id, label: o.name }))} />
              </Form.Item>
            </Space.Compact>
          )}
          <Space.Compact block>
            <Form.Item name="email" label={t('Thư điện tử', 'E-mail')} style={{ flex: 1 }} rules={[{ type: 'email', message: t('Địa chỉ thư không hợp lệ.', 'Not a valid e-mail.') }]}>
              <Input />
            </Form.Item>
            <Form.Item name="phone" label={t('Điện thoại', 'Phone')} style={{ flex: 1, marginLeft: 8 }}>
              <Input />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="address" label={t('Địa chỉ', 'Address')}>
            <Input />
          </Form.Item>
          {registersEnterprise && (
            <>
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('Doanh nghiệp được đăng ký trực thuộc tỉnh, cùng hồ sơ khảo sát ứng dụng CNTT (như màn hình Khảo sát › Doanh nghiệp).', 'The enterprise is registered under the province with its IT-survey profile (as on Surveys › Enterprises).')}
              />
              <EnterpriseProfileFields />
            </>
          )}
          <Form.Item name="active" label={t('Đang hoạt động', 'Active')} valuePropName="checked" hidden={registersEnterprise}>
            <Switch />
          </Form.Item>
        </ActionModal>
      )}
    </Page>
  );
}
