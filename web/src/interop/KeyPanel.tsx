import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Skeleton } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useAuth, useMe } from '../auth';
import { Panel } from '../components/Panel';
import { LoadError } from '../components/Page';
import { useI18n } from '../i18n';
import { fmtDate, fmtDateTime } from '../format';
import { FormFrame } from '../mail/FormFrame';

interface KeyValues {
  privateKey?: string;
  certificate?: string;
}

const pem = (label: string, vi: string, en: string, lang: 'vi' | 'en') => async (_r: unknown, v: string) => {
  if (!v?.trim()) throw new Error(lang === 'vi' ? `Dán ${vi} dạng PEM.` : `Paste the ${en} as PEM.`);
  if (!v.includes(`-----BEGIN ${label}`) && !(label === 'PRIVATE KEY' && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v))) {
    throw new Error(lang === 'vi' ? `${vi[0]!.toUpperCase()}${vi.slice(1)} phải ở dạng PEM (-----BEGIN ${label}-----).` : `The ${en} must be PEM (-----BEGIN ${label}-----).`);
  }
};

/** The certificate the agency signs its packages with; its administrators set the key. */
export function KeyPanel() {
  const { t, lang } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const key = useQuery({ queryKey: ['edxml-key'], queryFn: () => answer(client.GET('/api/v1/edxml/key')) });
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<KeyValues>();
  const mayManage = me.isProvinceAdmin || has('admin');
  const k = key.data;
  const expired = k?.signing && new Date(k.validTo) <= new Date();

  return (
    <Panel
      className="lt-card"
      title={
        <span>
          <SafetyCertificateOutlined aria-hidden /> {t('Chứng thư số ký gói edXML', 'edXML signing certificate')}
        </span>
      }
      extra={
        mayManage && (
          <Button size="small" onClick={() => setOpen(true)}>
            {k?.signing ? t('Thay khóa', 'Replace the key') : t('Đặt khóa', 'Set the key')}
          </Button>
        )
      }
    >
      {key.error && <LoadError error={key.error} retry={() => void key.refetch()} />}
      {!k ? (
        !key.error && <Skeleton active paragraph={{ rows: 2 }} />
      ) : k.signing ? (
        <dl className="lt-kv" data-testid="edxml-key">
          <dt>{t('Chủ thể', 'Subject')}</dt>
          <dd>{k.subject}</dd>
          <dt>{t('Tổ chức cấp', 'Issuer')}</dt>
          <dd>{k.issuer}</dd>
          <dt>{t('Hiệu lực đến', 'Valid to')}</dt>
          <dd className={expired ? 'lt-mail-error' : undefined}>
            {fmtDate(k.validTo)}
            {expired ? ` — ${t('đã hết hạn', 'expired')}` : ''}
          </dd>
          <dt>SHA-256</dt>
          <dd>
            <code>{k.fingerprint256}</code>
          </dd>
          <dt>{t('Cập nhật', 'Updated')}</dt>
          <dd>{fmtDateTime(k.updatedAt)}</dd>
        </dl>
      ) : (
        <p data-testid="edxml-key">{t('Cơ quan chưa có khóa ký: gói edXML xuất ra không có chữ ký số.', 'No signing key: exported packages are not signed.')}</p>
      )}
      <Modal open={open} title={t('Khóa và chứng thư số ký gói edXML', 'edXML signing key and certificate')} footer={null} width={720} destroyOnHidden mask={{ closable: false }} onCancel={() => setOpen(false)}>
        <p className="lt-muted">{t('Khóa RSA từ 2048 bit, không đặt mật khẩu; chứng thư số phải khớp khóa và còn hạn. Khóa bí mật không bao giờ được hiển thị lại.', 'An RSA key of 2048 bits or more, without a passphrase; the certificate must match it and be valid. The private key is never shown again.')}</p>
        <FormFrame<KeyValues>
          form={form}
          name="edxml-key"
          submitText={t('Lưu khóa', 'Save the key')}
          failureTitle={t('Chưa lưu được khóa', 'The key was not saved')}
          onCancel={() => setOpen(false)}
          onSubmit={async (v) => {
            await client.PUT('/api/v1/edxml/key', { body: { privateKey: v.privateKey!.trim(), certificate: v.certificate!.trim() } });
            message.success(t('Đã lưu khóa ký gói edXML.', 'Signing key saved.'));
            setOpen(false);
            void qc.invalidateQueries({ queryKey: ['edxml-key'] });
          }}
        >
          <Form.Item name="privateKey" label={t('Khóa bí mật (PEM)', 'Private key (PEM)')} rules={[{ validator: pem('PRIVATE KEY', 'khóa bí mật', 'private key', lang) }, { max: 20000 }]}>
            <Input.TextArea rows={6} spellCheck={false} autoComplete="off" placeholder="-----BEGIN PRIVATE KEY-----" />
          </Form.Item>
          <Form.Item name="certificate" label={t('Chứng thư số (PEM)', 'Certificate (PEM)')} rules={[{ validator: pem('CERTIFICATE', 'chứng thư số', 'certificate', lang) }, { max: 50000 }]}>
            <Input.TextArea rows={6} spellCheck={false} autoComplete="off" placeholder="-----BEGIN CERTIFICATE-----" />
          </Form.Item>
        </FormFrame>
      </Modal>
    </Panel>
  );
}
