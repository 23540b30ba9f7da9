import { useState } from 'react';
import { Button, Checkbox, Empty, Form, Grid, Input, InputNumber, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { useAuth, useMe } from '../auth';
import { fmtDate, foldedLabel } from '../format';
import { useOrganizations } from '../data';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';
import { DecisionPicker } from '../components/DecisionPicker';
import { ActionModal } from '../screens/document/ActionModal';
import { DOSSIER, HOSTING } from './labels';
import type { DossierState, Hosting, SecuritySystem } from './types';
import '../tasks/tasks.css';

interface Values {
  orgId?: number;
  name: string;
  operator?: string;
  purpose?: string;
  hosting: Hosting;
  peopleInCharge?: string;
  level: number;
  dossierState: DossierState;
  approvalDocumentId?: number | null;
  monitoring?: boolean;
  antimalwarePercent?: number;
  lastRiskAssessment?: string;
}

function Level({ s }: { s: SecuritySystem }) {
  const { t, lang } = useI18n();
  return (
    <span>
      <b>{t('Cấp độ', 'Level')} {s.level}</b> <Tag color={DOSSIER[s.dossierState].color} className="lt-tag">{DOSSIER[s.dossierState][lang]}</Tag>
      {s.approvalDocument && (
        <div className="lt-muted">
          {t('QĐ', 'Decision')} <DocLink id={s.approvalDocument.id} symbol={s.approvalDocument.symbol} /> {fmtDate(s.approvalDocument.docDate)}
        </div>
      )}
    </span>
  );
}

/** Danh mục hệ thống thông tin: an agency's systems (or every agency's for the IT department, the incident team, the Police) with their security level. */
export default function Systems() {
  const { t, lang } = useI18n();
  const { has } = useAuth();
  const me = useMe();
  const qc = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const { query } = useLocation();
  // The IT department, the incident team, the Police, inspectors and province administrators see every agency's systems: they may narrow to one.
  const seesAll = me.isProvinceAdmin || has('it_officer', 'incident_responder', 'police_cyber', 'inspector');
  const orgFilter = seesAll && Number(query.get('org')) > 0 ? Number(query.get('org')) : undefined;
  const list = useQuery({ queryKey: ['security-systems', orgFilter], queryFn: () => answer(client.GET('/api/v1/security/systems', { params: { query: { orgId: orgFilter } } })) });
  const [editing, setEditing] = useState<SecuritySystem | 'new' | null>(null);
  const mayAdd = me.isProvinceAdmin || has('security_officer', 'it_officer', 'incident_responder');
  // The IT department, the incident team and province administrators keep any agency's systems: they name its owner.
  const forAnyAgency = me.isProvinceAdmin || has('it_officer', 'incident_responder');
  const orgs = useOrganizations();
  const agencies = (orgs.data ?? []).filter((o) => o.kind === 'agency' || o.kind === 'province').sort((a, b) => a.name.localeCompare(b.name, 'vi'));

  const save = async (v: Values) => {
    const body = { ...v, approvalDocumentId: v.approvalDocumentId || null, lastRiskAssessment: v.lastRiskAssessment || null };
    if (editing === 'new') await answer(client.POST('/api/v1/security/systems', { body }));
    else if (editing) await answer(client.PATCH('/api/v1/security/systems/{id}', { params: { path: { id: editing.id } }, body }));
    void qc.invalidateQueries({ queryKey: ['security-systems'] });
  };

  const columns = [
    { key: 'name', title: t('Hệ thống', 'System'), render: (_: unknown, r: SecuritySystem) => <span><b>{r.name}</b><div className="lt-muted">{r.orgName}{r.operator ? ` · ${t('vận hành', 'run by')}: ${r.operator}` : ''}</div></span> },
    { key: 'hosting', title: t('Nơi đặt', 'Hosting'), width: 150, render: (_: unknown, r: SecuritySystem) => HOSTING[r.hosting][lang] },
    { key: 'level', title: t('Cấp độ, hồ sơ', 'Level, dossier'), width: 230, render: (_: unknown, r: SecuritySystem) => <Level s={r} /> },
    { key: 'mon', title: t('Giám sát', 'Monitoring'), width: 100, render: (_: unknown, r: SecuritySystem) => (r.monitoring ? <Tag color="green" className="lt-tag">{t('Đã kết nối', 'Connected')}</Tag> : <Tag color="red" className="lt-tag">{t('Chưa', 'No')}</Tag>) },
    { key: 'av', title: t('Phòng chống mã độc', 'Anti-malware'), width: 110, render: (_: unknown, r: SecuritySystem) => `${r.antimalwarePercent}%` },
    { key: 'risk', title: t('Đánh giá rủi ro', 'Risk assessed'), width: 120, render: (_: unknown, r: SecuritySystem) => fmtDate(r.lastRiskAssessment) || '—' },
    { key: 'edit', title: '', width: 70, render: (_: unknown, r: SecuritySystem) => r.canEdit && <Button size="small" onClick={() => setEditing(r)} aria-label={t(`Sửa ${r.name}`, `Edit ${r.name}`)}>{t('Sửa', 'Edit')}</Button> },
  ];
  const current = editing && editing !== 'new' ? editing : null;

  return (
    <Page
      title={t('Hệ thống thông tin và cấp độ an toàn', 'Information systems and security levels')}
      sub={list.data && t(`${list.data.total} hệ thống, ${list.data.approved} đã phê duyệt cấp độ`, `${list.data.total} systems, ${list.data.approved} with an approved level`)}
      extra={mayAdd && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>{t('Thêm hệ thống', 'Add a system')}</Button>}
    >
      {seesAll && (
        <Space wrap style={{ marginBottom: 12 }}>
          {/* "Every agency" is an option too: the clear button is the mouse's, the keyboard takes this. */}
          <Select
            aria-label={t('Lọc theo cơ quan chủ quản', 'Filter by owner agency')}
            placeholder={t('Mọi cơ quan', 'Every agency')}
            allowClear
            showSearch={{ filterOption: foldedLabel }}
            style={{ width: narrow ? 300 : 380, maxWidth: '100%' }}
            value={orgFilter}
            onChange={(v?: number) => setQuery({ org: v ? String(v) : undefined })}
            options={[{ value: 0, label: t('Mọi cơ quan', 'Every agency') }, ...agencies.map((o) => ({ value: o.id, label: o.name }))]}
            data-testid="systems-org-filter"
          />
        </Space>
      )}
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {narrow ? (
        <div className="lt-task-cards" data-testid="system-cards">
          {list.data?.items.length === 0 && <Empty description={t('Chưa có hệ thống nào.', 'No systems.')} />}
          {list.data?.items.map((r) => (
            <div key={r.id} className="lt-panel" style={{ padding: 10 }} data-system={r.id}>
              <b>{r.name}</b>
              <div className="lt-muted">{r.orgName} · {HOSTING[r.hosting][lang]}</div>
              <Level s={r} />
              <div>{t('Giám sát', 'Monitoring')}: {r.monitoring ? t('đã kết nối', 'connected') : t('chưa', 'no')} · {t('Mã độc', 'Anti-malware')}: {r.antimalwarePercent}%</div>
              {r.canEdit && <Button size="small" onClick={() => setEditing(r)} style={{ marginTop: 6 }}>{t('Sửa', 'Edit')}</Button>}
            </div>
          ))}
        </div>
      ) : (
        <Table<SecuritySystem> size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} columns={columns} pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }} data-testid="systems-table" />
      )}
      <ActionModal<Values>
        open={editing !== null}
        title={current ? t('Sửa hệ thống thông tin', 'Edit the system') : t('Thêm hệ thống thông tin', 'Add a system')}
        okText={t('Lưu', 'Save')}
        onClose={() => setEditing(null)}
        onSubmit={save}
        width={640}
        initialValues={
          current
            ? { ...current, operator: current.operator ?? undefined, purpose: current.purpose ?? undefined, peopleInCharge: current.peopleInCharge ?? undefined, approvalDocumentId: current.approvalDocument?.id ?? null, lastRiskAssessment: current.lastRiskAssessment ?? undefined }
            : { orgId: me.agencyId, hosting: 'provincial_dc', level: 2, dossierState: 'proposed', antimalwarePercent: 0, monitoring: false }
        }
      >
        {!current && forAnyAgency && (
          <Form.Item name="orgId" label={t('Cơ quan chủ quản', 'Owner agency')} rules={[{ required: true, message: t('Hãy chọn cơ quan chủ quản.', 'Choose the owner agency.') }]}>
            <Select showSearch={{ filterOption: foldedLabel }} options={agencies.map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('Tên hệ thống', 'Name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={300} /></Form.Item>
        <Form.Item name="operator" label={t('Đơn vị vận hành', 'Operator')}><Input maxLength={300} /></Form.Item>
        <Form.Item name="purpose" label={t('Mục đích', 'Purpose')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="hosting" label={t('Nơi đặt', 'Hosting')} rules={[{ required: true }]}><Select options={(Object.keys(HOSTING) as Hosting[]).map((h) => ({ value: h, label: HOSTING[h][lang] }))} /></Form.Item>
        <Form.Item name="peopleInCharge" label={t('Người phụ trách', 'People in charge')}><Input maxLength={1000} /></Form.Item>
        <Space wrap>
          <Form.Item name="level" label={t('Cấp độ (1–5)', 'Level (1–5)')} rules={[{ required: true }]}><InputNumber min={1} max={5} /></Form.Item>
          <Form.Item name="dossierState" label={t('Hồ sơ cấp độ', 'Level dossier')}><Select style={{ width: 180 }} options={(Object.keys(DOSSIER) as DossierState[]).map((s) => ({ value: s, label: DOSSIER[s][lang] }))} /></Form.Item>
        </Space>
        <Form.Item
          name="approvalDocumentId"
          label={t('Quyết định phê duyệt cấp độ (văn bản đã ban hành)', 'Approving decision (an issued document)')}
          dependencies={['dossierState']}
          rules={[({ getFieldValue }) => ({ validator: (_, v) => (getFieldValue('dossierState') !== 'approved' || v ? Promise.resolve() : Promise.reject(new Error(t('Hồ sơ đã phê duyệt cần quyết định phê duyệt.', 'An approved dossier needs its decision.')))) })]}
        >
          <DecisionPicker typeCode="QD" allowClear current={current?.approvalDocument ?? null} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="monitoring" valuePropName="checked" label={t('Giám sát ATTT', 'Monitoring')}><Checkbox>{t('Đã kết nối', 'Connected')}</Checkbox></Form.Item>
          <Form.Item name="antimalwarePercent" label={t('Phòng chống mã độc (%)', 'Anti-malware (%)')}><InputNumber min={0} max={100} /></Form.Item>
          <Form.Item name="lastRiskAssessment" label={t('Đánh giá rủi ro (dd/mm/yyyy)', 'Risk assessed (dd/mm/yyyy)')}><Input maxLength={10} style={{ width: 140 }} /></Form.Item>
        </Space>
      </ActionModal>
    </Page>
  );
}
