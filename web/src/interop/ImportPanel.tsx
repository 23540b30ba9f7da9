import { useState } from 'react';
import { Alert, Progress, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { postFile } from '../api/client';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { StatusTag } from '../labels';
import { SignatureBadge } from './SignatureBadge';
import type { ImportResult } from './types';

type Outcome = { ok: true; file: string; result: ImportResult } | { ok: false; file: string; message: string; element?: string };

/**
 * Import of one edXML package into the agency's inbox: the file goes as it is
 * (application/xml); the answer is the incoming item, or the server's error naming the element.
 */
export function ImportPanel() {
  const { t, err } = useI18n();
  const qc = useQueryClient();
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async (file: File) => {
    setOutcome(null);
    setProgress(0);
    try {
      const result = await postFile('/api/v1/edxml/import', { body: file, contentType: 'application/xml', onProgress: setProgress });
      setOutcome({ ok: true, file: file.name, result });
      void qc.invalidateQueries({ queryKey: ['edxml-packages'] });
      void qc.invalidateQueries({ queryKey: ['inbox'] });
    } catch (e) {
      setOutcome({ ok: false, file: file.name, message: err(e), element: e instanceof ApiError ? e.field : undefined });
      void qc.invalidateQueries({ queryKey: ['edxml-packages'] });
    } finally {
      setProgress(null);
    }
  };

  const r = outcome?.ok ? outcome.result : null;
  return (
    <Panel className="lt-card" title={t('Nhập gói edXML', 'Import an edXML package')}>
      <div data-testid="edxml-upload">
      <Upload.Dragger
        accept=".edxml,.xml,application/xml,text/xml"
        multiple={false}
        showUploadList={false}
        disabled={progress !== null}
        beforeUpload={(file) => {
          void send(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p>{t('Kéo thả gói edXML vào đây, hoặc bấm để chọn tệp (.edxml, .xml)', 'Drop an edXML package here, or click to choose a file (.edxml, .xml)')}</p>
        <p className="lt-muted">{t('Gói văn bản vào hộp văn bản đến của cơ quan ở trạng thái 01; gói trạng thái cập nhật quá trình xử lý. Chữ ký số được kiểm tra.', 'A document package arrives in your inbox at 01; a status package updates the trail. Signatures are checked.')}</p>
      </Upload.Dragger>
      </div>
      {progress !== null && <Progress percent={progress} size="small" aria-label={t('Đang gửi gói', 'Sending the package')} />}
      <div aria-live="polite" className="lt-result" data-testid="edxml-result">
        {outcome && !outcome.ok && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t(`Không nhập được ${outcome.file}`, `${outcome.file} was not imported`)}
            description={
              <>
                <div>{outcome.message}</div>
                {outcome.element && (
                  <div>
                    {t('Phần tử', 'Element')}: <code data-testid="edxml-element">{outcome.element}</code>
                  </div>
                )}
              </>
            }
          />
        )}
        {r && outcome?.ok && (
          <Alert
            type={r.duplicate ? 'info' : 'success'}
            showIcon
            title={
              r.kind === 'document'
                ? r.duplicate
                  ? t(`${outcome.file}: gói đã nhận trước đó, không nhập lại`, `${outcome.file}: already received, not imported again`)
                  : t(`${outcome.file}: đã nhập vào văn bản đến`, `${outcome.file}: imported as an incoming item`)
                : r.duplicate
                  ? t(`${outcome.file}: trạng thái đã nhận trước đó`, `${outcome.file}: status already received`)
                  : t(`${outcome.file}: đã cập nhật trạng thái`, `${outcome.file}: status applied`)
            }
            description={
              <>
                {r.kind === 'status' && r.statusCode && (
                  <div>
                    {t('Trạng thái', 'Status')}: <StatusTag code={r.statusCode} />
                  </div>
                )}
                <div>
                  <SignatureBadge result={r.signature.result} subject={r.signature.subject} reason={r.signature.reason} />
                </div>
                <div>
                  <Link to={`/documents/${r.documentId}`} data-testid="edxml-document-link">
                    {t('Mở văn bản', 'Open the document')}
                  </Link>
                  {r.items.length > 1 && <span className="lt-muted"> · {t(`${r.items.length} nơi nhận`, `${r.items.length} recipients`)}</span>}
                </div>
              </>
            }
          />
        )}
      </div>
    </Panel>
  );
}
