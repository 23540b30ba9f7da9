import { useState } from 'react';
import { Alert, Button, Checkbox, Col, Form, Input, Row, Select } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { apiField, showFieldError, useRule } from '../common';
import { checkEmail, checkOptional, checkPhone, checkRequired, LIMITS } from '../rules';
import { CONTACT_FIELDS, type Contact, type ContactField } from '../types';

export interface ContactsValues {
  contacts: Contact[];
}

/** Mobile numbers stay private unless the agency says otherwise (the server's default). */
export const NEW_CONTACT: Contact = { kind: 'leader', fullName: '', public: { position: true, unit: true, phone: true, mobile: false, email: true } };

const blank = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

/** The body of PUT …/contacts: trimmed, empty fields as null, every public flag stated. */
export function toContactsBody(v: ContactsValues) {
  return {
    contacts: (v.contacts ?? []).map((c) => ({
      kind: c.kind,
      fullName: c.fullName.trim(),
      position: blank(c.position),
      positionEn: blank(c.positionEn),
      unit: blank(c.unit),
      phone: blank(c.phone),
      mobile: blank(c.mobile),
      email: blank(c.email),
      public: Object.fromEntries(CONTACT_FIELDS.map((k) => [k, !!c.public?.[k]])) as Record<ContactField, boolean>,
    })),
  };
}

/**
 * Leaders and focal-point officials of an agency, each field with its "public" flag: the
 * portal shows only what is flagged. Checked as typed; the server's complaint lands on the
 * field it names ("contacts[2].email").
 */
export function ContactsForm({ initial, onSubmit, readOnly }: { initial: Contact[]; onSubmit(body: ReturnType<typeof toContactsBody>): Promise<unknown>; readOnly?: boolean }) {
  const { t, err } = useI18n();
  const rule = useRule();
  const [form] = Form.useForm<ContactsValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setError(null);
    let v: ContactsValues;
    try {
      v = await form.validateFields();
      v = form.getFieldsValue(true) as ContactsValues;
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
      return;
    }
    setBusy(true);
    try {
      await onSubmit(toContactsBody(v));
    } catch (e) {
      setError(err(e));
      showFieldError(form, apiField(e), err(e));
    } finally {
      setBusy(false);
    }
  };

  const flag = (name: number, field: ContactField, label: string) => (
    <Form.Item name={[name, 'public', field]} valuePropName="checked" noStyle>
      <Checkbox className="lt-portal-public-flag">
        {t('Công khai trên cổng', 'Public on the portal')}
        <span className="lt-sr"> — {label}</span>
      </Checkbox>
    </Form.Item>
  );

  return (
    <Form<ContactsValues> form={form} layout="vertical" initialValues={{ contacts: initial }} disabled={readOnly} aria-label={t('Lãnh đạo và đầu mối liên hệ', 'Leaders and focal points')}>
      {error && <Alert type="error" showIcon role="alert" title={t('Chưa lưu được danh sách liên hệ', 'The contacts were not saved')} description={error} style={{ marginBottom: 12 }} data-testid="contacts-error" />}
      <Form.List name="contacts">
        {(rows, { add, remove, move }) => (
          <>
            {rows.map((row, i) => {
              const who = t(`người ${i + 1}`, `person ${i + 1}`);
              // Each label carries, for screen readers only, whose field it is.
              const label = (vi: string, en: string) => (
                <>
                  {t(vi, en)}
                  <span className="lt-sr"> ({who})</span>
                </>
              );
              return (
                <fieldset key={row.key} className="lt-portal-block lt-portal-contact" data-testid={`contact-${i}`}>
                  <legend>{t(`Người liên hệ ${i + 1}`, `Contact ${i + 1}`)}</legend>
                  <div className="lt-portal-contact-tools">
                    <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t(`Đưa ${who} lên`, `Move ${who} up`)} />
                    <Button size="small" icon={<ArrowDownOutlined />} disabled={i === rows.length - 1} onClick={() => move(i, i + 1)} aria-label={t(`Đưa ${who} xuống`, `Move ${who} down`)} />
                    <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t(`Xóa ${who}`, `Remove ${who}`)} />
                  </div>
                  <Row gutter={10}>
                    <Col xs={24} md={5}>
                      <Form.Item name={[row.name, 'kind']} label={label('Vai trò', 'Role')}>
                        <Select
                          options={[
                            { value: 'leader', label: t('Lãnh đạo', 'Leader') },
                            { value: 'focal', label: t('Đầu mối', 'Focal point') },
                          ]}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={7}>
                      <Form.Item name={[row.name, 'fullName']} label={label('Họ và tên', 'Full name')} required rules={[rule((v) => checkRequired(v, 'Họ và tên', 'The name', LIMITS.contactName))]}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'position']} label={label('Chức vụ', 'Position')} rules={[rule((v) => checkOptional(v, 'Chức vụ', 'The position', LIMITS.contactPosition))]} extra={flag(row.name, 'position', t(`chức vụ (${who})`, `position (${who})`))}>
                        <Input placeholder={t('Ví dụ: Giám đốc', 'E.g. Director')} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'positionEn']} label={label('Chức vụ tiếng Anh', 'Position in English')} rules={[rule((v) => checkOptional(v, 'Chức vụ tiếng Anh', 'The position in English', LIMITS.contactPosition))]}>
                        <Input placeholder="Director" lang="en" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'unit']} label={label('Đơn vị', 'Unit')} rules={[rule((v) => checkOptional(v, 'Đơn vị', 'The unit', LIMITS.contactUnit))]} extra={flag(row.name, 'unit', t(`đơn vị (${who})`, `unit (${who})`))}>
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'phone']} label={label('Điện thoại', 'Phone')} rules={[rule((v) => checkPhone(v))]} extra={flag(row.name, 'phone', t(`điện thoại (${who})`, `phone (${who})`))}>
                        <Input inputMode="tel" placeholder="0251 3822 xxx" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'mobile']} label={label('Di động', 'Mobile')} rules={[rule((v) => checkPhone(v, 'Số di động', 'The mobile number'))]} extra={flag(row.name, 'mobile', t(`di động (${who})`, `mobile (${who})`))}>
                        <Input inputMode="tel" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[row.name, 'email']} label={label('Thư điện tử', 'E-mail')} rules={[rule(checkEmail)]} extra={flag(row.name, 'email', t(`thư điện tử (${who})`, `e-mail (${who})`))}>
                        <Input inputMode="email" />
                      </Form.Item>
                    </Col>
                  </Row>
                </fieldset>
              );
            })}
            <Button type="dashed" icon={<PlusOutlined />} disabled={rows.length >= LIMITS.contacts} onClick={() => add({ ...NEW_CONTACT, public: { ...NEW_CONTACT.public } })}>
              {t('Thêm người liên hệ', 'Add a contact')}
            </Button>
          </>
        )}
      </Form.List>
      {!readOnly && (
        <div className="lt-portal-toolbar lt-portal-bottom">
          <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void submit()} data-testid="contacts-save">
            {t('Lưu danh sách liên hệ', 'Save the contacts')}
          </Button>
        </div>
      )}
    </Form>
  );
}
