import { Checkbox, Col, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useI18n } from '../i18n';
import { FormFrame } from './FormFrame';
import { DEFAULT_PORT, hostProblem, imapPasswordProblem, mailboxProblem, portProblem } from './form-rules';
import type { Organization } from '../types';
import type { ImapAccount, ImapAccountInput, ImapSecurity } from './types';

interface ImapValues {
  host?: string;
  port?: number | null;
  security?: ImapSecurity;
  username?: string;
  password?: string;
  mailbox?: string;
  orgId?: number | null;
  insecure?: boolean;
  active?: boolean;
}

/** The choice "each message's recipients" (no fixed organisation). */
const BY_RECIPIENTS = 0;

const check = (p: string | null) => {
  if (p) throw new Error(p);
};

/** What is sent: the password only when one was typed (it is write-only). */
export function toImapInput(v: ImapValues): ImapAccountInput {
  return {
    host: (v.host ?? '').trim().toLowerCase(),
    port: Number(v.port),
    security: v.security ?? 'tls',
    username: (v.username ?? '').trim(),
    ...(v.password ? { password: v.password } : {}),
    mailbox: (v.mailbox ?? '').trim() || 'INBOX',
    orgId: v.orgId ? v.orgId : null,
    tlsRejectUnauthorized: !v.insecure,
    active: v.active ?? true,
  };
}

/**
 * An existing mailbox fetched over IMAP (province administrators): server, TLS or
 * STARTTLS, the account, and the organisation its mail goes to (or each message's
 * recipients). The password is write-only: an existing account keeps it when left empty.
 */
export function ImapAccountForm({ account, orgs, onSubmit, onCancel }: { account?: ImapAccount; orgs: Organization[]; onSubmit(v: ImapAccountInput): Promise<unknown>; onCancel?(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<ImapValues>();
  const editing = !!account;
  const receivers = orgs.filter((o) => o.active && (o.kind === 'agency' || o.kind === 'unit'));
  return (
    <FormFrame<ImapValues>
      form={form}
      name="imap"
      submitText={editing ? t('Lưu thay đổi', 'Save changes') : t('Thêm hộp thư', 'Add the mailbox')}
      failureTitle={t('Chưa lưu được hộp thư IMAP', 'The IMAP account was not saved')}
      onCancel={onCancel}
      initialValues={
        account
          ? { host: account.host, port: account.port, security: account.security, username: account.username, mailbox: account.mailbox, orgId: account.orgId ?? BY_RECIPIENTS, insecure: !account.tlsRejectUnauthorized, active: account.active }
          : { port: DEFAULT_PORT.tls, security: 'tls', mailbox: 'INBOX', orgId: BY_RECIPIENTS, insecure: false, active: true }
      }
      onValuesChange={(changed, all) => {
        // Switching the security mode moves a default port along with it.
        if (changed.security && (all.port === DEFAULT_PORT.tls || all.port === DEFAULT_PORT.starttls || !all.port)) form.setFieldValue('port', DEFAULT_PORT[changed.security]);
      }}
      onSubmit={(v) => onSubmit(toImapInput(v))}
    >
      <Row gutter={12}>
        <Col xs={24} md={14}>
          <Form.Item name="host" label={t('Máy chủ IMAP', 'IMAP server')} rules={[{ validator: async (_r, v: string) => check(hostProblem(v, lang)) }]}>
            <Input autoComplete="off" placeholder="mail.dongnai.gov.vn" />
          </Form.Item>
        </Col>
        <Col xs={24} md={10}>
          <Form.Item name="port" label={t('Cổng', 'Port')} rules={[{ validator: async (_r, v: number | null) => check(portProblem(v, lang)) }]}>
            <InputNumber style={{ width: '100%' }} controls={false} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="security" label={t('Bảo mật kết nối', 'Connection security')}>
        <Radio.Group
          options={[
            { value: 'tls', label: t('TLS (cổng 993)', 'TLS (port 993)') },
            { value: 'starttls', label: t('STARTTLS bắt buộc (cổng 143)', 'STARTTLS required (port 143)') },
          ]}
        />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Form.Item name="username" label={t('Tài khoản', 'User name')} rules={[{ required: true, whitespace: true, message: t('Nhập tài khoản hộp thư.', 'Enter the mailbox user name.') }, { max: 320, message: t('Tài khoản tối đa 320 ký tự.', 'At most 320 characters.') }]}>
            <Input autoComplete="off" placeholder="stc@dongnai.gov.vn" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="password"
            label={editing ? t('Mật khẩu mới (để trống: giữ nguyên)', 'New password (empty: unchanged)') : t('Mật khẩu', 'Password')}
            extra={t('Chỉ ghi: mật khẩu không bao giờ được hiển thị lại.', 'Write-only: the password is never shown again.')}
            rules={[{ validator: async (_r, v: string) => check(imapPasswordProblem(v, !editing, lang)) }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item name="mailbox" label={t('Thư mục', 'Folder')} rules={[{ validator: async (_r, v: string) => check(mailboxProblem(v, lang)) }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} md={16}>
          <Form.Item name="orgId" label={t('Thư chuyển vào', 'Mail goes to')} extra={t('Chỉ cơ quan, đơn vị đã có địa chỉ thư công vụ.', 'Only agencies and units with an official address.')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={[
                { value: BY_RECIPIENTS, label: t('Theo người nhận của từng thư (To, Cc, Delivered-To)', 'Each message’s recipients (To, Cc, Delivered-To)') },
                ...receivers.map((o) => ({ value: o.id, label: o.email ? `${o.name} (${o.email})` : `${o.name} — ${t('chưa có địa chỉ thư', 'no official address')}`, disabled: !o.email })),
              ]}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="insecure" valuePropName="checked" style={{ marginBottom: 4 }}>
        <Checkbox>{t('Chấp nhận chứng chỉ tự ký (chỉ trong mạng nội bộ)', 'Accept a self-signed certificate (internal networks only)')}</Checkbox>
      </Form.Item>
      <Form.Item name="active" label={t('Đang tải thư', 'Fetching')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormFrame>
  );
}
