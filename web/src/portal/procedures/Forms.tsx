import { useState } from 'react';
import { App as AntApp, Alert, Button, Form, Input, Progress, Upload } from 'antd';
import { CheckCircleOutlined, DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { client, postFile } from '../../api/client';
import { Panel } from '../../components/Panel';
import { checkFile } from '../../compose-rules';
import { fmtDate, fmtSize } from '../../format';
import { useI18n } from '../../i18n';
import { useRefreshPortal, useRule } from '../common';
import { useApiCall } from '../api-extra';
import { checkOptional } from '../rules';
import { formFileNames } from '../../../../src/domain/procedures';
import type { PortalForm, ProcedureDetail } from '../types';

export const formHref = (f: Pick<PortalForm, 'id' | 'fileName'>) => `/bieu-mau/${f.id}/${encodeURIComponent(f.fileName)}`;

interface Sending {
  name: string;
  percent: number;
}

/**
 * The forms (biểu mẫu) of a procedure: uploaded with a progress bar, checked by their content
 * on the server, downloadable from the portal at once; a form whose file name is the one a
 * dossier component names shows at that component.
 */
export function FormsPanel({ p, maxUploadBytes }: { p: ProcedureDetail; maxUploadBytes?: number }) {
  const { t, lang, err } = useI18n();
  const { modal } = AntApp.useApp();
  const rule = useRule();
  const refresh = useRefreshPortal();
  const call = useApiCall();
  const [form] = Form.useForm<{ title?: string }>();
  const [sending, setSending] = useState<Sending | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const expected = formFileNames(p.record);
  const uploaded = new Set(p.forms.map((f) => f.fileName));

  const send = async (file: File) => {
    setProblem(null);
    const bad = checkFile(file, maxUploadBytes);
    if (bad) {
      setProblem(bad[lang]);
      return;
    }
    let title: string | undefined;
    try {
      title = (await form.validateFields()).title?.trim() || undefined;
    } catch {
      return;
    }
    setSending({ name: file.name, percent: 0 });
    try {
      await postFile('/api/v1/portal/procedures/{id}/forms', { params: { path: { id: p.id } }, body: { file, title }, onProgress: (percent) => setSending({ name: file.name, percent }) });
      form.resetFields();
      refresh();
    } catch (e) {
      setProblem(err(e));
    } finally {
      setSending(null);
    }
  };

  const remove = (f: PortalForm) =>
    modal.confirm({
      title: t('Gỡ biểu mẫu này?', 'Remove this form?'),
      content: t(`"${f.title}" (${f.fileName}) sẽ không còn tải được trên cổng. Không hoàn tác được.`, `"${f.title}" (${f.fileName}) can no longer be downloaded from the portal. This cannot be undone.`),
      okText: t('Gỡ biểu mẫu', 'Remove'),
      okButtonProps: { danger: true },
      cancelText: t('Hủy', 'Cancel'),
      onOk: () => call.run(`del-${f.id}`, () => client.DELETE('/api/v1/portal/forms/{id}', { params: { path: { id: f.id } } }), t('Đã gỡ biểu mẫu.', 'Form removed.')).then((ok) => ok && refresh()),
    });

  return (
    <Panel className="lt-card" title={t(`Biểu mẫu, tờ khai (${p.forms.length})`, `Forms (${p.forms.length})`)} data-testid="forms-panel">
      {call.error && <Alert type="error" showIcon role="alert" title={call.error} style={{ marginBottom: 8 }} />}
      {p.forms.length > 0 ? (
        <ul className="lt-portal-forms">
          {p.forms.map((f) => (
            <li key={f.id} data-form={f.fileName}>
              <div className="lt-portal-grow">
                <a href={formHref(f)} download={f.fileName}>
                  <DownloadOutlined aria-hidden /> {f.title}
                </a>
                <div className="lt-muted lt-small">
                  {f.fileName} · {fmtSize(f.size)} · {fmtDate(f.createdAt)}
                </div>
              </div>
              <Button size="small" danger icon={<DeleteOutlined />} loading={call.busy === `del-${f.id}`} onClick={() => remove(f)} aria-label={t(`Gỡ biểu mẫu ${f.title}`, `Remove form ${f.title}`)} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="lt-muted">{t('Chưa có biểu mẫu nào.', 'No forms yet.')}</p>
      )}
      {expected.length > 0 && (
        <div className="lt-portal-expected">
          <div className="lt-small">{t('Mẫu mà thành phần hồ sơ nêu tên:', 'Forms the dossier components name:')}</div>
          <ul>
            {expected.map((n) => (
              <li key={n} className="lt-small">
                {uploaded.has(n) ? <CheckCircleOutlined className="lt-ok" aria-label={t('đã có', 'uploaded')} /> : <span className="lt-portal-missing">{t('chưa có', 'missing')}</span>} <code>{n}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <Form form={form} layout="vertical" className="lt-portal-upload">
        <Form.Item name="title" label={t('Tên biểu mẫu (không bắt buộc)', 'Title (optional)')} rules={[rule((v) => checkOptional(v, 'Tên biểu mẫu', 'The title', 500))]}>
          <Input placeholder={t('Mặc định: theo tên tệp', 'Default: from the file name')} />
        </Form.Item>
      </Form>
      <Upload accept=".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.zip" multiple={false} showUploadList={false} beforeUpload={(f) => {
          void send(f);
          return false;
        }} disabled={!!sending}>
        <Button icon={<UploadOutlined />} disabled={!!sending} data-testid="form-upload">
          {t('Tải lên biểu mẫu', 'Upload a form')}
        </Button>
      </Upload>
      {sending && (
        <div role="status" aria-live="polite" className="lt-portal-progress">
          <span className="lt-small">
            {t('Đang tải lên', 'Uploading')} {sending.name}
          </span>
          <Progress percent={sending.percent} size="small" aria-label={t(`Tiến độ tải lên ${sending.name}`, `Upload progress of ${sending.name}`)} />
        </div>
      )}
      {problem && <Alert type="error" showIcon role="alert" title={t('Chưa tải lên được', 'Not uploaded')} description={problem} style={{ marginTop: 8 }} data-testid="form-upload-error" />}
    </Panel>
  );
}
