import { useState } from 'react';
import { App as AntApp, Alert, Button, Col, Form, Input, Row, Select, Skeleton } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client } from '../../api/client';
import { useMe } from '../../auth';
import { Panel } from '../../components/Panel';
import { LoadError, Page } from '../../components/Page';
import { fmtDate } from '../../format';
import { useI18n } from '../../i18n';
import { setQuery, useLocation } from '../../router';
import { apiField, PublicLink, showFieldError, useManagedOrgs, useRefreshPortal, useRule } from '../common';
import { keys } from '../keys';
import { checkOptional, checkPhone, LIMITS } from '../rules';
import { ContactsForm } from './ContactsForm';
import { StaleBadge } from '../freshness/StaleBadge';

interface ProfileValues {
  nameEn?: string | null;
  functionsVi?: string | null;
  functionsEn?: string | null;
  fax?: string | null;
}

const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

/** English name, functions in both languages and fax; the server's complaint goes on its field. */
export function ProfileForm({ initial, onSubmit }: { initial: ProfileValues; onSubmit(v: ProfileValues): Promise<unknown> }) {
  const { t, err } = useI18n();
  const rule = useRule();
  const [form] = Form.useForm<ProfileValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setError(null);
    let v: ProfileValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await onSubmit({ nameEn: blank(v.nameEn), functionsVi: blank(v.functionsVi), functionsEn: blank(v.functionsEn), fax: blank(v.fax) });
    } catch (e) {
      setError(err(e));
      showFieldError(form, apiField(e), err(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<ProfileValues> form={form} layout="vertical" initialValues={initial} aria-label={t('Thông tin cơ quan trên cổng', 'Agency profile')}>
      {error && <Alert type="error" showIcon role="alert" title={t('Chưa lưu được thông tin cơ quan', 'The profile was not saved')} description={error} style={{ marginBottom: 12 }} data-testid="profile-error" />}
      <Row gutter={12}>
        <Col xs={24} md={16}>
          <Form.Item name="nameEn" label={t('Tên tiếng Anh', 'Name in English')} rules={[rule((v) => checkOptional(v, 'Tên tiếng Anh', 'The English name', LIMITS.nameEn))]}>
            <Input lang="en" placeholder="Department of Science and Technology" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="fax" label={t('Số fax', 'Fax')} rules={[rule((v) => checkPhone(v, 'Số fax', 'The fax number'))]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="functionsVi" label={t('Chức năng, nhiệm vụ', 'Functions (Vietnamese)')} rules={[rule((v) => checkOptional(v, 'Chức năng, nhiệm vụ', 'The functions', LIMITS.functions))]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} />
      </Form.Item>
      <Form.Item name="functionsEn" label={t('Chức năng, nhiệm vụ (tiếng Anh)', 'Functions (English)')} rules={[rule((v) => checkOptional(v, 'Chức năng (tiếng Anh)', 'The functions in English', LIMITS.functions))]}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} lang="en" />
      </Form.Item>
      <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void submit()} data-testid="profile-save">
        {t('Lưu thông tin cơ quan', 'Save the profile')}
      </Button>
    </Form>
  );
}

/** Cổng thông tin › Hồ sơ cơ quan: what the directory adds on the public pages. */
export default function Profile() {
  const { t } = useI18n();
  const me = useMe();
  const { message } = AntApp.useApp();
  const refresh = useRefreshPortal();
  const managed = useManagedOrgs();
  const { query } = useLocation();
  const orgId = Number(query.get('org')) || me.agencyId;
  const q = useQuery({ queryKey: keys.profile(orgId), queryFn: () => answer(client.GET('/api/v1/portal/profiles/{orgId}', { params: { path: { orgId } } })) });
  const p = q.data;

  return (
    <Page
      title={t('Hồ sơ cơ quan', 'Agency profile')}
      sub={t('Tên tiếng Anh, chức năng nhiệm vụ, fax, lãnh đạo và đầu mối liên hệ. Cổng chỉ hiện các trường được đánh dấu công khai.', 'English name, functions, fax, leaders and focal points. The portal shows only the fields marked public.')}
      extra={<PublicLink href={`/co-quan/${orgId}`} testId="profile-public">{t('Trang cơ quan trên cổng', 'The agency’s portal page')}</PublicLink>}
    >
      {managed.list.length > 1 && (
        <Panel className="lt-filters">
          <label className="lt-portal-inline">
            <span>{t('Cơ quan, đơn vị', 'Organisation')}</span>
            <Select style={{ width: 420 }} value={orgId} onChange={(v) => setQuery({ org: v === me.agencyId ? undefined : v })} showSearch={{ optionFilterProp: 'label' }} options={managed.list.map((o) => ({ value: o.id, label: o.name }))} aria-label={t('Cơ quan, đơn vị', 'Organisation')} />
          </label>
        </Panel>
      )}
      {q.error && <LoadError error={q.error} retry={() => void q.refetch()} />}
      {!p && !q.error && <Skeleton active paragraph={{ rows: 8 }} />}
      {p && (
        <Row gutter={12} key={p.orgId}>
          <Col xs={24} xl={10}>
            <Panel className="lt-card" title={p.name}>
              <p className="lt-portal-freshness" data-testid="profile-freshness">
                {t('Cập nhật lần cuối', 'Last updated')}: <b>{fmtDate(p.lastUpdated)}</b> ({t(`${p.freshness.days} ngày trước`, `${p.freshness.days} days ago`)}) <StaleBadge stale={p.freshness.stale} />
              </p>
              <ProfileForm
                initial={p}
                onSubmit={async (v) => {
                  await client.PATCH('/api/v1/portal/profiles/{orgId}', { params: { path: { orgId } }, body: v });
                  refresh();
                  void message.success(t('Đã lưu thông tin cơ quan.', 'Profile saved.'));
                }}
              />
            </Panel>
          </Col>
          <Col xs={24} xl={14}>
            <Panel className="lt-card" title={t(`Lãnh đạo và đầu mối liên hệ (${p.contacts.length})`, `Leaders and focal points (${p.contacts.length})`)}>
              <ContactsForm
                initial={p.contacts}
                onSubmit={async (body) => {
                  await client.PUT('/api/v1/portal/profiles/{orgId}/contacts', { params: { path: { orgId } }, body });
                  refresh();
                  void message.success(t('Đã lưu danh sách liên hệ.', 'Contacts saved.'));
                }}
              />
            </Panel>
          </Col>
        </Row>
      )}
    </Page>
  );
}
