import { useState } from 'react';
import type { FormInstance } from 'antd';
import { Alert, App as AntApp, AutoComplete, Button, Empty, Form, Input, Popconfirm, Select, Skeleton, Space, Tag, Upload } from 'antd';
import { PlusOutlined, ReloadOutlined, UploadOutlined, UsbOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client, type Json } from '../api/client';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { LoadError, Page } from '../components/Page';
import { useOrganizations } from '../data';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';
import { ActionModal } from '../screens/document/ActionModal';
import './signatures.css';

type Keys = Json<'/api/v1/signatures/agencies/{orgId}/keys', 'get'>;
type Key = Keys['items'][number];
type TokenKeyValues = { owner: number; module: string; tokenLabel: string; keyLabel: string; pin: string; certificate: File | null; image?: File | null };

/** The largest image and key file the server takes (src/domain/signatures.ts). */
const IMAGE_MAX = 512 * 1024;
const P12_MAX = 64 * 1024;

/** A file's bytes as base64 (what the API takes). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}

/** A certificate file as the API takes it: PEM as it is, DER as base64. */
async function certificateOf(file: File): Promise<string> {
  const text = await file.text();
  return text.includes('-----BEGIN') ? text : base64Of(file);
}

/**
 * A file chosen for a form field with antd's Upload, sent only when the form is saved (the
 * server checks it by its content): Tab reaches it, Enter (or a click) opens the chooser, the
 * chosen file's name is shown under it and can be removed. The form keeps the File. Upload's
 * own trigger is the button (no antd Button inside: Upload would take the focus off it when
 * it opens the chooser, leaving the keyboard at the top of the page); the field's label names
 * the hidden input, the trigger says which field it fills.
 */
function FilePick({ id, value, onChange, accept, label }: { id?: string; value?: File | null; onChange?: (f: File | null) => void; accept: string; label: string }) {
  const { t } = useI18n();
  return (
    <Upload
      id={id}
      accept={accept}
      maxCount={1}
      hasControlInside={false}
      className="lt-file-pick"
      fileList={value ? [{ uid: 'chosen', name: value.name, size: value.size, status: 'done' as const }] : []}
      beforeUpload={(f) => {
        onChange?.(f);
        return false;
      }}
      onRemove={() => {
        onChange?.(null);
        return true;
      }}
    >
      <span className="lt-file-pick-button" data-testid="file-pick">
        <UploadOutlined aria-hidden /> {value ? t('Chọn tệp khác…', 'Choose another file…') : t('Chọn tệp…', 'Choose a file…')}
        <span className="lt-sr"> ({label})</span>
      </span>
    </Upload>
  );
}

/**
 * Khóa ký số: the agency's key (the clerk's signature at issue, with the seal image) and its
 * people's (the leader's signature, with the signature image). The agency's administrator
 * manages their own agency; the province's chooses one.
 */
type T = ReturnType<typeof useI18n>['t'];

/** Refuses a signature or seal image larger than the server takes, before it is sent. */
const imageSizeRule = (t: T) => ({
  validator: async (_r: unknown, f: File | null) => {
    if (f && f.size > IMAGE_MAX) throw new Error(t(`Ảnh vượt quá ${IMAGE_MAX / 1024} KB.`, `Larger than ${IMAGE_MAX / 1024} KB.`));
  },
});

/** The optional signature or seal image of a key being added (from a file or on a token). */
function OptionalImageField({ helpId }: { helpId: string }) {
  const { t } = useI18n();
  const label = t('Ảnh chữ ký hoặc con dấu (PNG, tùy chọn)', 'Signature or seal image (PNG, optional)');
  return (
    <Form.Item
      name="image"
      label={label}
      extra={<span id={helpId}>{t(`PNG nền trong suốt, tối đa ${IMAGE_MAX / 1024} KB, cạnh tối đa 2000 điểm ảnh.`, `Transparent PNG, at most ${IMAGE_MAX / 1024} KB and 2000 pixels a side.`)}</span>}
      rules={[imageSizeRule(t)]}
    >
      <FilePick accept=".png,image/png" label={label} />
    </Form.Item>
  );
}

export default function SigningKeys() {
  const me = useMe();
  const { t, err } = useI18n();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { query } = useLocation();
  const orgs = useOrganizations();
  const agencies = (orgs.data ?? []).filter((o) => o.kind === 'agency' || o.kind === 'enterprise' || o.kind === 'province');
  const orgId = me.isProvinceAdmin ? Number(query.get('org')) || me.agencyId : me.agencyId;
  const keys = useQuery({ queryKey: ['signing-keys', orgId], queryFn: () => answer(client.GET('/api/v1/signatures/agencies/{orgId}/keys', { params: { path: { orgId } } })) });
  const [adding, setAdding] = useState(false);
  const [addingToken, setAddingToken] = useState(false);
  const [tokenForm] = Form.useForm<TokenKeyValues>();
  const [imageOf, setImageOf] = useState<Key | null>(null);
  const [version, setVersion] = useState(0);
  const refresh = () => qc.invalidateQueries({ queryKey: ['signing-keys', orgId] });
  const people = keys.data?.people ?? [];
  const modules = keys.data?.pkcs11Modules ?? [];
  const ownerOptions = [{ value: 0, label: t(`Cơ quan (ký phát hành) — ${keys.data?.agency.name ?? ''}`, `The agency (signs at issue) — ${keys.data?.agency.name ?? ''}`) }, ...people.map((p) => ({ value: p.id, label: `${p.fullName}${p.position ? ` — ${p.position}` : ''}` }))];

  const disable = async (k: Key) => {
    try {
      await answer(client.POST('/api/v1/signatures/keys/{id}/disable', { params: { path: { id: k.id } } }));
      message.success(t('Đã vô hiệu hóa khóa.', 'Key disabled.'));
      await refresh();
    } catch (e) {
      message.error(err(e));
    }
  };

  const active = (keys.data?.items ?? []).filter((k) => k.active);
  const inactive = (keys.data?.items ?? []).filter((k) => !k.active);

  return (
    <Page
      title={t('Khóa ký số', 'Signing keys')}
      sub={t(
        'Khóa của cơ quan dùng để ký khi văn thư phát hành (kèm ảnh con dấu); khóa của lãnh đạo dùng để ký duyệt (kèm ảnh chữ ký). Tệp khóa và mật khẩu được niêm phong khi lưu.',
        'The agency’s key signs at issue (with the seal image); a leader’s key signs drafts (with the signature image). Key files and passwords are sealed at rest.',
      )}
      extra={
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} disabled={!keys.data}>
            {t('Thêm khóa PKCS#12', 'Add a PKCS#12 key')}
          </Button>
          <Button icon={<UsbOutlined />} onClick={() => setAddingToken(true)} disabled={!keys.data}>
            {t('Khóa trên thiết bị ký số (PKCS#11)', 'Key on a token (PKCS#11)')}
          </Button>
        </Space>
      }
    >
      {me.isProvinceAdmin && (
        <Panel className="lt-card">
          <label htmlFor="keys-agency" className="lt-keys-label">
            {t('Cơ quan', 'Agency')}
          </label>
          <Select
            id="keys-agency"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: '100%', maxWidth: 520 }}
            value={orgId}
            loading={orgs.isLoading}
            options={agencies.map((o) => ({ value: o.id, label: o.name }))}
            onChange={(v: number) => setQuery({ org: v })}
          />
        </Panel>
      )}
      {keys.error && <LoadError error={keys.error} retry={() => void keys.refetch()} />}
      {!keys.data && !keys.error && <Skeleton active />}
      {keys.data && (
        <>
          <Panel className="lt-card" title={t(`Khóa đang dùng — ${keys.data.agency.name}`, `Keys in use — ${keys.data.agency.name}`)} data-testid="keys-active">
            {!active.length && <Empty description={t('Chưa có khóa ký số nào. Văn bản phát hành sẽ không được ký số.', 'No signing key yet. Documents are issued unsigned.')} />}
            <ul className="lt-key-list">
              {active.map((k) => (
                <KeyCard key={k.id} k={k} version={version} onImage={() => setImageOf(k)} onDisable={() => void disable(k)} />
              ))}
            </ul>
          </Panel>
          {inactive.length > 0 && (
            <Panel className="lt-card" title={t('Khóa đã thay hoặc đã vô hiệu hóa', 'Replaced or disabled keys')} data-testid="keys-inactive">
              <ul className="lt-key-list">
                {inactive.map((k) => (
                  <KeyCard key={k.id} k={k} version={version} />
                ))}
              </ul>
            </Panel>
          )}
        </>
      )}

      <ActionModal<{ owner: number; file: File | null; password: string; image?: File | null }>
        open={adding}
        title={t('Thêm khóa PKCS#12', 'Add a PKCS#12 key')}
        okText={t('Kiểm tra và lưu khóa', 'Check and save the key')}
        initialValues={{ owner: 0 }}
        onClose={() => setAdding(false)}
        onSubmit={async (v) => {
          const image = v.image ? await base64Of(v.image) : null;
          const r = await answer(
            client.POST('/api/v1/signatures/agencies/{orgId}/keys', { params: { path: { orgId } }, body: { userId: v.owner || null, p12: await base64Of(v.file!), password: v.password ?? '', image } }),
          );
          message.success(t(`Đã lưu khóa của ${r.owner ?? keys.data?.agency.name}.`, `Key of ${r.owner ?? keys.data?.agency.name} saved.`));
          await refresh();
        }}
      >
        <p className="lt-muted lt-small">{t('Khóa mới thay khóa đang dùng của cùng người (hoặc của cơ quan). Khóa trên thiết bị ký số: nút "Khóa trên thiết bị ký số (PKCS#11)".', 'A new key replaces the one in use for the same person (or the agency). A key on a token: the "Key on a token (PKCS#11)" button.')}</p>
        <Form.Item name="owner" label={t('Khóa của', 'Key of')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={ownerOptions} />
        </Form.Item>
        <Form.Item
          name="file"
          label={t('Tệp khóa (.p12, .pfx)', 'Key file (.p12, .pfx)')}
          rules={[
            { required: true, message: t('Chọn tệp khóa PKCS#12.', 'Choose the PKCS#12 file.') },
            { validator: async (_r, f: File | null) => { if (f && f.size > P12_MAX) throw new Error(t(`Tệp vượt quá ${P12_MAX / 1024} KB.`, `Larger than ${P12_MAX / 1024} KB.`)); } },
          ]}
        >
          <FilePick accept=".p12,.pfx,application/x-pkcs12" label={t('Tệp khóa (.p12, .pfx)', 'Key file (.p12, .pfx)')} />
        </Form.Item>
        <Form.Item name="password" label={t('Mật khẩu của tệp khóa', 'Password of the key file')} rules={[{ max: 200 }]}>
          <Input.Password autoComplete="off" />
        </Form.Item>
        <OptionalImageField helpId="key-image-help" />
      </ActionModal>

      <ActionModal<TokenKeyValues>
        open={addingToken}
        form={tokenForm}
        title={t('Khóa trên thiết bị ký số (PKCS#11)', 'Key on a token (PKCS#11)')}
        okText={t('Mở thiết bị, ký thử và lưu', 'Open the token, sign a test and save')}
        initialValues={{ owner: 0, module: modules[0] }}
        onClose={() => setAddingToken(false)}
        onSubmit={async (v) => {
          const image = v.image ? await base64Of(v.image) : null;
          const r = await answer(
            client.POST('/api/v1/signatures/agencies/{orgId}/keys/pkcs11', {
              params: { path: { orgId } },
              body: { userId: v.owner || null, module: v.module, tokenLabel: v.tokenLabel.trim(), keyLabel: v.keyLabel.trim(), pin: v.pin, certificate: await certificateOf(v.certificate!), image },
            }),
          );
          message.success(t(`Đã lưu khóa trên thiết bị của ${r.owner ?? keys.data?.agency.name}.`, `Token key of ${r.owner ?? keys.data?.agency.name} saved.`));
          await refresh();
        }}
      >
        {!modules.length ? (
          <p id="token-keys-help" role="note" data-testid="no-pkcs11-modules">
            {t(
              'Máy chủ chưa cho phép thư viện PKCS#11 nào (biến PKCS11_MODULES). Hãy nhờ người vận hành máy chủ khai báo thư viện của thiết bị ký số, hoặc cấp khóa bằng lệnh lienthong key add.',
              'The server allows no PKCS#11 library yet (PKCS11_MODULES). Ask the server’s operator to list the token’s library, or set the key up with lienthong key add.',
            )}
          </p>
        ) : (
          <p className="lt-muted lt-small">
            {t(
              'Thiết bị (USB token, HSM) phải cắm vào máy chủ. Máy chủ mở thiết bị bằng mã PIN và ký thử: chứng thư phải khớp khóa. Mã PIN được niêm phong khi lưu. Khóa mới thay khóa đang dùng của cùng người (hoặc của cơ quan).',
              'The token (USB token, HSM) must be attached to the server. The server opens it with the PIN and signs a test: the certificate must match the key. The PIN is sealed at rest. A new key replaces the one in use for the same person (or the agency).',
            )}
          </p>
        )}
        <Form.Item name="owner" label={t('Khóa của', 'Key of')} rules={[{ required: true }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={ownerOptions} disabled={!modules.length} />
        </Form.Item>
        <Form.Item name="module" label={t('Thư viện PKCS#11 của thiết bị', 'PKCS#11 library of the token')} rules={[{ required: true, message: t('Chọn thư viện.', 'Choose the library.') }]}>
          <Select options={modules.map((m) => ({ value: m, label: m }))} disabled={!modules.length} />
        </Form.Item>
        {addingToken && modules.length > 0 && <TokenFields orgId={orgId} form={tokenForm} />}
        <Form.Item name="pin" label={t('Mã PIN', 'PIN')} rules={[{ required: true, message: t('Nhập mã PIN.', 'Enter the PIN.') }, { max: 100 }]}>
          <Input.Password autoComplete="off" disabled={!modules.length} />
        </Form.Item>
        <Form.Item
          name="certificate"
          label={t('Chứng thư số của khóa (.pem, .cer, .crt)', 'Certificate of the key (.pem, .cer, .crt)')}
          rules={[
            { required: true, message: t('Chọn tệp chứng thư số.', 'Choose the certificate file.') },
            { validator: async (_r, f: File | null) => { if (f && f.size > 14 * 1024) throw new Error(t('Tệp chứng thư quá lớn (tối đa 14 KB).', 'The certificate file is too large (at most 14 KB).')); } },
          ]}
        >
          <FilePick accept=".pem,.cer,.crt,.der,application/x-x509-ca-cert,application/pkix-cert" label={t('Chứng thư số của khóa (.pem, .cer, .crt)', 'Certificate of the key (.pem, .cer, .crt)')} />
        </Form.Item>
        <OptionalImageField helpId="token-image-help" />
      </ActionModal>

      <ActionModal<{ image: File | null }>
        open={!!imageOf}
        title={imageOf?.userId === null ? t('Ảnh con dấu của cơ quan', 'Seal image of the agency') : t(`Ảnh chữ ký — ${imageOf?.owner ?? ''}`, `Signature image — ${imageOf?.owner ?? ''}`)}
        okText={t('Lưu ảnh', 'Save the image')}
        onClose={() => setImageOf(null)}
        onSubmit={async (v) => {
          await answer(client.PUT('/api/v1/signatures/keys/{id}/image', { params: { path: { id: imageOf!.id } }, body: { image: await base64Of(v.image!) } }));
          message.success(t('Đã lưu ảnh.', 'Image saved.'));
          setVersion((x) => x + 1);
          await refresh();
        }}
      >
        <Form.Item
          name="image"
          label={t('Tệp ảnh PNG', 'PNG image file')}
          extra={<span id="replace-image-help">{t(`PNG nền trong suốt, tối đa ${IMAGE_MAX / 1024} KB. Ảnh được đặt vào chữ ký số hiển thị trên văn bản.`, `Transparent PNG, at most ${IMAGE_MAX / 1024} KB. It is placed in the visible signature on documents.`)}</span>}
          rules={[
            { required: true, message: t('Chọn tệp ảnh PNG.', 'Choose a PNG file.') },
            imageSizeRule(t),
          ]}
        >
          <FilePick accept=".png,image/png" label={t('Tệp ảnh PNG', 'PNG image file')} />
        </Form.Item>
      </ActionModal>
    </Page>
  );
}

/**
 * The token and its key, picked from what the server's PKCS#11 library offers (GET
 * …/pkcs11-tokens: label, serial, the labels of the keys and certificates it shows without a
 * PIN), never typed. The token's one key is chosen with it; a key hidden until the PIN is
 * given can still be named.
 */
function TokenFields({ orgId, form }: { orgId: number; form: FormInstance<TokenKeyValues> }) {
  const { t, lang, err } = useI18n();
  const tokens = useQuery({ queryKey: ['pkcs11-tokens', orgId], queryFn: () => answer(client.GET('/api/v1/signatures/agencies/{orgId}/pkcs11-tokens', { params: { path: { orgId } } })) });
  const module = Form.useWatch('module', form);
  const label = Form.useWatch('tokenLabel', form);
  const ofModule = tokens.data?.modules.find((m) => m.module === module);
  const list = ofModule?.tokens ?? [];
  const chosen = list.find((tk) => tk.label === label);
  const holds = (tk: (typeof list)[number]) =>
    [tk.hasKey ? t(`khóa: ${tk.keyLabels.join(', ')}`, `keys: ${tk.keyLabels.join(', ')}`) : t('chưa thấy khóa (có thể cần mã PIN)', 'no key seen (a PIN may be needed)'), tk.hasCertificate ? t(`chứng thư: ${tk.certificateLabels.join(', ')}`, `certificates: ${tk.certificateLabels.join(', ')}`) : t('không có chứng thư', 'no certificate')].join('; ');
  return (
    <>
      {tokens.error && <Alert type="error" showIcon title={err(tokens.error)} style={{ marginBottom: 12 }} />}
      {ofModule?.error && <Alert type="error" showIcon title={lang === 'vi' ? ofModule.error : (ofModule.errorEn ?? ofModule.error)} style={{ marginBottom: 12 }} data-testid="token-list-error" />}
      <Form.Item
        name="tokenLabel"
        label={t('Thiết bị ký số (token)', 'Token')}
        extra={
          <span id="token-help" className="lt-token-help">
            {tokens.isFetching
              ? t('Đang tìm thiết bị trên máy chủ…', 'Looking for tokens on the server…')
              : tokens.data && !list.length && !ofModule?.error
                ? t('Thư viện này không thấy thiết bị nào: cắm thiết bị vào máy chủ rồi tìm lại.', 'This library sees no token: attach it to the server and look again.')
                : chosen
                  ? t(`Sê-ri ${chosen.serial || '—'}, ${chosen.model} (${chosen.manufacturer}); ${holds(chosen)}.`, `Serial ${chosen.serial || '—'}, ${chosen.model} (${chosen.manufacturer}); ${holds(chosen)}.`)
                  : t(`${list.length} thiết bị trên máy chủ.`, `${list.length} token(s) on the server.`)}{' '}
            <Button size="small" type="link" icon={<ReloadOutlined />} onClick={() => void tokens.refetch()} loading={tokens.isFetching} className="lt-token-reload">
              {t('Tìm lại thiết bị', 'Look again')}
            </Button>
          </span>
        }
        rules={[{ required: true, message: t('Chọn thiết bị ký số.', 'Choose the token.') }]}
      >
        <Select
          loading={tokens.isLoading}
          placeholder={t('Chọn thiết bị', 'Choose a token')}
          notFoundContent={t('Không thấy thiết bị nào', 'No token found')}
          options={list.map((tk) => ({ value: tk.label, label: `${tk.label} — ${t('sê-ri', 'serial')} ${tk.serial || '—'}${tk.hasKey ? '' : t(' (chưa thấy khóa)', ' (no key seen)')}` }))}
          onChange={(v: string) => {
            const tk = list.find((x) => x.label === v);
            // The token's one key: chosen with it.
            if (tk?.keyLabels.length === 1) form.setFieldValue('keyLabel', tk.keyLabels[0]);
          }}
        />
      </Form.Item>
      <Form.Item name="keyLabel" label={t('Nhãn khóa trên thiết bị', 'Key label on the token')} rules={[{ required: true, whitespace: true, message: t('Chọn hoặc nhập nhãn của khóa.', 'Choose or enter the key’s label.') }, { max: 200 }]}>
        <AutoComplete options={(chosen?.keyLabels ?? []).map((k) => ({ value: k, label: k }))} placeholder={t('Chọn khóa của thiết bị', 'Choose the token’s key')} />
      </Form.Item>
    </>
  );
}

function KeyCard({ k, version, onImage, onDisable }: { k: Key; version: number; onImage?: () => void; onDisable?: () => void }) {
  const { t } = useI18n();
  const who = k.userId === null ? t('Cơ quan (ký phát hành)', 'Agency (signs at issue)') : (k.owner ?? '');
  return (
    <li className="lt-key-card" data-testid="signing-key" data-key-id={k.id} data-owner={k.userId === null ? 'agency' : 'person'}>
      <div className="lt-key-head">
        <b>{who}</b>
        <Space size={4} wrap>
          <Tag className="lt-tag">{k.kind === 'pkcs12' ? 'PKCS#12' : t('PKCS#11 (thiết bị ký số)', 'PKCS#11 (token)')}</Tag>
          {k.active ? <Tag color="green" className="lt-tag">{t('Đang dùng', 'In use')}</Tag> : <Tag className="lt-tag">{t('Không dùng', 'Not in use')}</Tag>}
          {k.expired && <Tag color="red" className="lt-tag">{t('Hết hạn', 'Expired')}</Tag>}
        </Space>
      </div>
      <dl className="lt-key-facts">
        <dt>{t('Chủ thể', 'Subject')}</dt>
        <dd>{k.subject}</dd>
        <dt>{t('Tổ chức cấp', 'Issuer')}</dt>
        <dd>{k.issuer || '—'}</dd>
        <dt>{t('Hiệu lực', 'Valid')}</dt>
        <dd>
          {fmtDate(k.notBefore)} – {fmtDate(k.notAfter)}
        </dd>
        <dt>{t('Thêm lúc', 'Added')}</dt>
        <dd>{fmtDateTime(k.createdAt)}</dd>
      </dl>
      <div className="lt-key-image">
        {k.hasImage ? (
          <img src={`/api/v1/signatures/keys/${k.id}/image?v=${version}`} alt={k.userId === null ? t('Ảnh con dấu', 'Seal image') : t(`Ảnh chữ ký của ${k.owner ?? ''}`, `Signature image of ${k.owner ?? ''}`)} data-testid="key-image" />
        ) : (
          <span className="lt-muted lt-small">{t('Chưa có ảnh chữ ký / con dấu', 'No signature or seal image')}</span>
        )}
      </div>
      {k.active && (onImage || onDisable) && (
        <Space wrap className="lt-key-actions">
          <Button onClick={onImage} aria-label={t(`${k.hasImage ? 'Thay' : 'Tải lên'} ảnh — ${who}`, `${k.hasImage ? 'Replace' : 'Upload'} the image — ${who}`)}>
            {k.hasImage ? t('Thay ảnh', 'Replace image') : t('Tải lên ảnh', 'Upload image')}
          </Button>
          <Popconfirm
            title={t('Vô hiệu hóa khóa này?', 'Disable this key?')}
            description={t('Khóa không ký được nữa cho tới khi có khóa mới. Không hoàn tác được.', 'It signs nothing more until a new key is added. This cannot be undone.')}
            okText={t('Vô hiệu hóa', 'Disable')}
            cancelText={t('Hủy', 'Cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={onDisable}
          >
            <Button danger aria-label={t(`Vô hiệu hóa khóa — ${who}`, `Disable the key — ${who}`)}>
              {t('Vô hiệu hóa', 'Disable')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </li>
  );
}
