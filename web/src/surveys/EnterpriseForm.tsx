import { useEffect, useState } from 'react';
import { Alert, Divider, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { client } from '../api/client';
import { useI18n } from '../i18n';
import { ENTERPRISE_SIZES, ENTERPRISE_SIZE_LABELS, VSIC_SECTIONS } from '../../../src/domain/surveys';
import type { Enterprise, EnterpriseRegistration } from './types';

type Values = Omit<EnterpriseRegistration, 'user'> & { username?: string; fullName?: string; password?: string; userEmail?: string };

/**
 * Registering an enterprise (province administrator: the organisation, its profile and first
 * user at once) or editing a profile (the enterprise itself, or the IT department). What the
 * editor may not change is shown, not editable: the name (as registered) and, once given, the
 * tax code stay with the administrator and the IT department.
 */
export function EnterpriseForm({ open, onClose, current, mayRename, mayChangeTaxCode }: { open: boolean; onClose(saved?: Enterprise): void; current: Enterprise | null; mayRename: boolean; mayChangeTaxCode: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (current) form.setFieldsValue({ ...current, sectorCode: current.sectorCode || undefined, commune: current.commune || undefined, taxCode: current.taxCode || undefined } as Values);
  }, [open, current, form]);

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const profile = { taxCode: v.taxCode, sectorCode: v.sectorCode, commune: v.commune, size: v.size, employees: v.employees ?? null, email: v.email || null, phone: v.phone || null, address: v.address || null };
      const saved = current
        ? (await client.PATCH('/api/v1/surveys/enterprises/{id}', { params: { path: { id: current.orgId } }, body: mayRename ? { ...profile, name: v.name, shortName: v.shortName } : profile })).data!
        : (await client.POST('/api/v1/surveys/enterprises', { body: { ...profile, name: v.name, shortName: v.shortName, user: v.username ? { username: v.username, fullName: v.fullName ?? '', password: v.password ?? '', email: v.userEmail || null } : null } })).data!;
      await qc.invalidateQueries({ queryKey: ['surveys', 'enterprises'] });
      await qc.invalidateQueries({ queryKey: ['surveys', 'enterprise'] });
      onClose(saved);
    } catch (e) {
      if (e instanceof ApiError) setError(t(e.messageVi, e.messageEn));
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  const required = (vi: string, en: string) => [{ required: true, whitespace: true, message: t(vi, en) }];
  return (
    <Modal
      open={open}
      title={current ? t('Hồ sơ doanh nghiệp', 'Enterprise profile') : t('Đăng ký doanh nghiệp', 'Register an enterprise')}
      onCancel={() => onClose()}
      onOk={() => void save()}
      okText={current ? t('Lưu hồ sơ', 'Save') : t('Đăng ký', 'Register')}
      cancelText={t('Hủy', 'Cancel')}
      confirmLoading={busy}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="enterprise-form">
        <Form.Item name="name" label={t('Tên doanh nghiệp', 'Name')} rules={required('Hãy nhập tên doanh nghiệp.', 'Enter the name.')}>
          <Input maxLength={300} disabled={!!current && !mayRename} />
        </Form.Item>
        <Form.Item name="shortName" label={t('Tên viết tắt (chữ và số, không dấu cách)', 'Short name (letters and digits)')} rules={[...required('Hãy nhập tên viết tắt.', 'Enter a short name.'), { pattern: /^[\p{L}\p{N}]+$/u, message: t('Chỉ chữ và số, không có khoảng trắng.', 'Letters and digits only.') }]}>
          <Input maxLength={30} disabled={!!current && !mayRename} />
        </Form.Item>
        <EnterpriseProfileFields taxCodeLocked={!!current?.complete && !mayChangeTaxCode} editing={!!current} />
        <Form.Item name="email" label={t('Thư điện tử', 'E-mail')} rules={[{ type: 'email', message: t('Địa chỉ thư không hợp lệ.', 'Not a valid e-mail address.') }]}>
          <Input maxLength={200} inputMode="email" />
        </Form.Item>
        <Form.Item name="phone" label={t('Điện thoại', 'Phone')}>
          <Input maxLength={50} inputMode="tel" />
        </Form.Item>
        <Form.Item name="address" label={t('Địa chỉ', 'Address')}>
          <Input maxLength={500} />
        </Form.Item>
        {!current && (
          <>
            <Divider titlePlacement="start">{t('Tài khoản đầu tiên (người khai phiếu) — có thể để trống', 'First account (who answers) — optional')}</Divider>
            <Form.Item name="username" label={t('Tên đăng nhập', 'Username')} rules={[{ pattern: /^[a-z0-9._-]+$/, message: t('Chữ thường không dấu, số, dấu chấm, gạch.', 'a-z, 0-9, dot, dash, underscore.') }]}>
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
            <Form.Item noStyle dependencies={['username']}>
              {({ getFieldValue }) =>
                getFieldValue('username') ? (
                  <>
                    <Form.Item name="fullName" label={t('Họ và tên', 'Full name')} rules={required('Hãy nhập họ và tên.', 'Enter the full name.')}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name="password" label={t('Mật khẩu ban đầu (10+ ký tự, chữ lẫn số hoặc ký hiệu)', 'First password (10+ characters mixing letters with digits or symbols)')} rules={required('Hãy đặt mật khẩu ban đầu.', 'Set a first password.')}>
                      <Input.Password maxLength={128} autoComplete="new-password" />
                    </Form.Item>
                    <Form.Item name="userEmail" label={t('Thư điện tử của người dùng', "User's e-mail")}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </>
                ) : null
              }
            </Form.Item>
          </>
        )}
        {error && <Alert type="error" showIcon message={error} role="alert" />}
      </Form>
    </Modal>
  );
}

/**
 * The survey profile's fields (tax code, sector, commune/ward, size, employees), inside a
 * form: the enterprises screen's and the organisation tree's when an enterprise is added there.
 */
export function EnterpriseProfileFields({ taxCodeLocked = false, editing = false }: { taxCodeLocked?: boolean; editing?: boolean }) {
  const { t, lang } = useI18n();
  const required = (vi: string, en: string) => [{ required: true, whitespace: true, message: t(vi, en) }];
  return (
    <>
    <Form.Item name="taxCode" label={t('Mã số thuế', 'Tax code')} rules={[{ required: true, pattern: /^\d{10}(-\d{3})?$/, message: t('Mã số thuế gồm 10 chữ số (chi nhánh: thêm -3 chữ số).', 'Ten digits (a branch: -3 more).') }]}>
      <Input maxLength={14} inputMode="numeric" disabled={taxCodeLocked} />
    </Form.Item>
    <Form.Item name="sectorCode" label={t('Ngành kinh tế (VSIC 2018, cấp 1)', 'Sector (VSIC 2018 section)')} rules={[{ required: true, message: t('Hãy chọn ngành.', 'Choose a sector.') }]}>
      <Select showSearch={{ optionFilterProp: 'label' }} options={Object.entries(VSIC_SECTIONS).map(([code, l]) => ({ value: code, label: `${code} — ${l[lang]}` }))} />
    </Form.Item>
    <Form.Item name="commune" label={t('Xã, phường nơi đặt trụ sở', 'Commune or ward of the head office')} rules={required('Hãy nhập xã, phường.', 'Enter the commune or ward.')} extra={editing ? t('Ngành, xã/phường mới áp dụng từ kỳ khảo sát mở sau.', 'A new sector or commune applies from the next period opened.') : undefined}>
      <Input maxLength={120} placeholder="Phường Trấn Biên" />
    </Form.Item>
    <Form.Item name="size" label={t('Quy mô', 'Size')} rules={[{ required: true, message: t('Hãy chọn quy mô.', 'Choose a size.') }]}>
      <Select options={ENTERPRISE_SIZES.map((s) => ({ value: s, label: ENTERPRISE_SIZE_LABELS[s][lang] }))} />
    </Form.Item>
    <Form.Item name="employees" label={t('Số lao động', 'Employees')}>
      <InputNumber min={0} max={10000000} precision={0} style={{ width: '100%' }} />
    </Form.Item>
    </>
  );
}
