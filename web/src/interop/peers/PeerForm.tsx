import { Form, Input, Radio, Switch } from 'antd';
import { useI18n } from '../../i18n';
import { FormFrame } from '../../mail/FormFrame';
import { baseUrlProblem, nodeIdProblem, pemProblem, PEER_LIMITS, secretProblem } from './rules';
import type { Peer, PeerInput } from './types';

/** The form holds the fields the API takes; toPeerInput keeps those of the chosen transport and mode. */
type PeerValues = PeerInput;

const check = (p: string | null) => {
  if (p) throw new Error(p);
};

/** What is sent: the fields of the chosen transport and mode; a secret or key only when one was typed (they are write-only). */
export function toPeerInput(v: PeerValues): PeerInput {
  const trim = (s?: string) => (s ?? '').trim();
  const common = { name: trim(v.name), transport: v.transport ?? 'node', baseUrl: trim(v.baseUrl).replace(/\/+$/, ''), ourNodeId: trim(v.ourNodeId), active: v.active ?? true } as const;
  if (common.transport === 'axis') return { ...common, ...(v.outboundSecret ? { outboundSecret: v.outboundSecret } : {}) };
  const auth = v.auth ?? 'hmac';
  if (auth === 'hmac') return { ...common, auth, peerNodeId: trim(v.peerNodeId), ...(v.secret ? { secret: v.secret } : {}) };
  return { ...common, auth, peerNodeId: trim(v.peerNodeId), ...(trim(v.peerCertificate) ? { peerCertificate: trim(v.peerCertificate) } : {}), ...(trim(v.ourPrivateKey) ? { ourPrivateKey: trim(v.ourPrivateKey) } : {}) };
}

/** The field a server error names, in this form (the two HMAC secrets are one field here). */
const fieldOf = (f: string) => (f === 'inboundSecret' ? 'secret' : f);

/**
 * A peer node (province administrator): another Liên Thông installation reached with a shared
 * secret (HMAC) or with our key and its certificate, or the national axis with the system id
 * and secret. Secrets and keys are write-only: on an edit, left empty they stay as stored.
 */
export function PeerForm({ peer, onSubmit, onCancel }: { peer?: Peer; onSubmit(v: PeerInput): Promise<unknown>; onCancel?(): void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<PeerValues>();
  const transport = Form.useWatch('transport', form) ?? peer?.transport ?? 'node';
  const auth = Form.useWatch('auth', form) ?? (peer?.auth === 'certificate' ? 'certificate' : 'hmac');
  const editing = !!peer;
  const keep = t('Đã lưu — để trống để giữ nguyên', 'Stored — leave empty to keep it');
  return (
    <FormFrame<PeerValues>
      form={form}
      name="peer"
      submitText={editing ? t('Lưu thay đổi', 'Save changes') : t('Thêm nút liên thông', 'Add the peer node')}
      failureTitle={t('Chưa lưu được nút liên thông', 'The peer node was not saved')}
      onCancel={onCancel}
      fieldOf={fieldOf}
      initialValues={
        peer
          ? { name: peer.name, transport: peer.transport, baseUrl: peer.baseUrl, auth: peer.auth === 'certificate' ? 'certificate' : 'hmac', peerNodeId: peer.transport === 'node' ? peer.peerNodeId : undefined, ourNodeId: peer.ourNodeId, active: peer.active }
          : { transport: 'node', auth: 'hmac', active: true }
      }
      onSubmit={(v) => onSubmit(toPeerInput(v))}
    >
      <Form.Item name="name" label={t('Tên nút', 'Name')} rules={[{ required: true, whitespace: true, message: t('Nhập tên nút (ví dụ: Tỉnh Khánh Hòa).', 'Enter a name (e.g. Khánh Hòa province).') }, { max: PEER_LIMITS.name, message: t('Tên nút tối đa 200 ký tự.', 'At most 200 characters.') }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="transport" label={t('Loại nút', 'Kind of node')}>
        <Radio.Group
          options={[
            { value: 'node', label: t('Liên Thông của tỉnh khác', 'Another Liên Thông installation') },
            { value: 'axis', label: t('Trục liên thông quốc gia', 'The national axis') },
          ]}
        />
      </Form.Item>
      <Form.Item name="baseUrl" label={t('Địa chỉ nút', 'Base URL')} rules={[{ validator: async (_r, v: string) => check(baseUrlProblem(v, lang)) }]}>
        <Input autoComplete="off" inputMode="url" placeholder="https://lienthong.khanhhoa.gov.vn" />
      </Form.Item>
      {transport === 'node' && (
        <>
          <Form.Item name="auth" label={t('Xác thực', 'Authentication')}>
            <Radio.Group
              options={[
                { value: 'hmac', label: t('Khóa chung (HMAC)', 'Shared secret (HMAC)') },
                { value: 'certificate', label: t('Chứng thư số', 'Certificate') },
              ]}
            />
          </Form.Item>
          <Form.Item name="peerNodeId" label={t('Mã nút của tỉnh kia', 'Their node id')} rules={[{ validator: async (_r, v: string) => check(nodeIdProblem(v, { vi: 'Mã nút của tỉnh kia', en: 'Their node id' }, lang)) }]}>
            <Input autoComplete="off" placeholder="khanhhoa" />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="ourNodeId"
        label={transport === 'axis' ? t('Mã hệ thống (system id)', 'System id') : t('Mã nút của tỉnh mình', 'Our node id')}
        rules={[{ validator: async (_r, v: string) => check(nodeIdProblem(v, transport === 'axis' ? { vi: 'Mã hệ thống', en: 'The system id' } : { vi: 'Mã nút của tỉnh mình', en: 'Our node id' }, lang)) }]}
      >
        <Input autoComplete="off" placeholder="dongnai" />
      </Form.Item>
      {transport === 'node' && auth === 'hmac' && (
        <Form.Item name="secret" label={t('Khóa chung', 'Shared secret')} extra={t('Chỉ ghi, không bao giờ hiện lại.', 'Write-only: never shown again.')} rules={[{ validator: async (_r, v: string) => check(secretProblem(v, !!peer?.hasInboundSecret && !!peer.hasOutboundSecret, lang)) }]}>
          <Input.Password autoComplete="new-password" visibilityToggle={false} placeholder={peer?.hasInboundSecret ? keep : undefined} />
        </Form.Item>
      )}
      {transport === 'node' && auth === 'certificate' && (
        <>
          <Form.Item
            name="peerCertificate"
            label={t('Chứng thư số của tỉnh kia (PEM)', 'Their certificate (PEM)')}
            extra={peer?.peerCertificate ? t(`Đang dùng: ${peer.peerCertificate.subject}, hết hạn ${peer.peerCertificate.validTo.slice(0, 10).split('-').reverse().join('/')}`, `In use: ${peer.peerCertificate.subject}, valid to ${peer.peerCertificate.validTo.slice(0, 10)}`) : undefined}
            rules={[{ validator: async (_r, v: string) => check(pemProblem(v, 'CERTIFICATE', !!peer?.peerCertificate, lang)) }]}
          >
            <Input.TextArea rows={4} spellCheck={false} placeholder={peer?.peerCertificate ? keep : '-----BEGIN CERTIFICATE-----'} />
          </Form.Item>
          <Form.Item name="ourPrivateKey" label={t('Khóa bí mật của tỉnh mình (PEM)', 'Our private key (PEM)')} extra={t('Chỉ ghi, không bao giờ hiện lại.', 'Write-only: never shown again.')} rules={[{ validator: async (_r, v: string) => check(pemProblem(v, 'PRIVATE KEY', !!peer?.hasPrivateKey, lang)) }]}>
            <Input.TextArea rows={4} spellCheck={false} autoComplete="off" placeholder={peer?.hasPrivateKey ? keep : '-----BEGIN PRIVATE KEY-----'} />
          </Form.Item>
        </>
      )}
      {transport === 'axis' && (
        <Form.Item name="outboundSecret" label={t('Mã bí mật của hệ thống (secret)', 'System secret')} extra={t('Chỉ ghi, không bao giờ hiện lại.', 'Write-only: never shown again.')} rules={[{ validator: async (_r, v: string) => check(secretProblem(v, !!peer?.hasOutboundSecret, lang)) }]}>
          <Input.Password autoComplete="new-password" visibilityToggle={false} placeholder={peer?.hasOutboundSecret ? keep : undefined} />
        </Form.Item>
      )}
      <Form.Item name="active" label={t('Đang hoạt động', 'Active')} valuePropName="checked" extra={t('Khi tạm ngừng, văn bản gửi tới nút này chờ trong hàng đợi.', 'While paused, documents for this node wait in the queue.')}>
        <Switch />
      </Form.Item>
    </FormFrame>
  );
}
