import { useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Segmented, Select, Space, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { answer, client, type Body } from '../../api/client';
import { useMe } from '../../auth';
import { fmtSize } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { levelToApi, NO_ONLINE, useManagedOrgs, useOnlineLevelOptions, useRefreshPortal } from '../common';
import { checkImportCsv, checkImportFile, parseImportJson, type Msg } from '../rules';
import type { ImportResult } from '../types';

export type ImportKind = 'json' | 'csv';
export interface ImportRequest {
  kind: ImportKind;
  /** JSON: the parsed value; CSV: the text. */
  body: unknown;
  orgId?: number;
  onlineLevel: string | null;
}

interface Picked {
  name: string;
  size: number;
  text: string;
}

const OUTCOME: Record<ImportResult['procedures'][number]['outcome'], { vi: string; en: string }> = {
  created: { vi: 'thêm mới', en: 'created' },
  updated: { vi: 'cập nhật', en: 'updated' },
  linked: { vi: 'đăng ký thực hiện (cơ quan khác quản lý)', en: 'linked (another agency owns it)' },
};

/**
 * Import of procedures from the national portal's JSON (one record, an array, or {data}) or
 * from the open-data CSV. The text is checked as it is pasted or picked, by the server's own
 * rule for JSON; what the server answers — the counts, or the error naming the field or the
 * line — is shown here, and the text stays for another try.
 */
export function ImportForm({
  orgs,
  defaultOrgId,
  onImport,
}: {
  orgs: { value: number; label: string }[];
  defaultOrgId: number;
  onImport(r: ImportRequest): Promise<ImportResult>;
}) {
  const { t, lang, err } = useI18n();
  const levelOptions = useOnlineLevelOptions();
  const [kind, setKind] = useState<ImportKind>('json');
  const [picked, setPicked] = useState<Picked | null>(null);
  const [fileProblem, setFileProblem] = useState<Msg | null>(null);
  const [pasted, setPasted] = useState('');
  const [orgId, setOrgId] = useState(defaultOrgId);
  const [level, setLevel] = useState<string>(NO_ONLINE);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [touched, setTouched] = useState(false);

  const text = picked?.text ?? pasted;
  const check = useMemo(() => {
    if (kind === 'json') {
      const p = parseImportJson(text);
      return { problem: p.problem?.message ?? null, field: p.problem?.field, count: p.count, body: p.body };
    }
    const problem = checkImportCsv(text);
    return { problem, field: undefined, count: problem ? 0 : Math.max(0, text.trim().split(/\r?\n/).length - 1), body: text };
  }, [kind, text]);
  const shownProblem = fileProblem ?? (touched || picked ? check.problem : null);

  const pick = async (f: File) => {
    setResult(null);
    setServerError(null);
    const p = checkImportFile(f, kind);
    setFileProblem(p);
    if (p) return;
    setPicked({ name: f.name, size: f.size, text: await f.text() });
  };

  const submit = async () => {
    setTouched(true);
    setResult(null);
    setServerError(null);
    if (fileProblem || check.problem) return;
    setBusy(true);
    try {
      setResult(await onImport({ kind, body: check.body, orgId, onlineLevel: levelToApi(level) }));
    } catch (e) {
      setServerError(err(e));
    } finally {
      setBusy(false);
    }
  };

  const switchKind = (k: ImportKind) => {
    setKind(k);
    setPicked(null);
    setFileProblem(null);
    setResult(null);
    setServerError(null);
  };

  return (
    <Form layout="vertical" component="div" className="lt-portal-import">
      <Form.Item label={t('Nguồn dữ liệu', 'Source')}>
        <Segmented
          aria-label={t('Nguồn dữ liệu', 'Source')}
          value={kind}
          onChange={(v) => switchKind(v as ImportKind)}
          options={[
            { value: 'json', label: t('JSON của Cổng Dịch vụ công quốc gia', 'National portal JSON') },
            { value: 'csv', label: t('CSV (như tệp dữ liệu mở)', 'CSV (open-data columns)') },
          ]}
        />
      </Form.Item>
      <Space wrap align="start">
        {orgs.length > 1 && (
          <Form.Item label={t('Cơ quan thực hiện', 'Implementing agency')} htmlFor="import-org">
            <Select id="import-org" style={{ width: 320 }} value={orgId} onChange={setOrgId} showSearch={{ optionFilterProp: 'label' }} options={orgs} />
          </Form.Item>
        )}
        <Form.Item label={t('Mức độ trực tuyến tại cơ quan', 'Online level at the agency')} htmlFor="import-level">
          <Select id="import-level" style={{ width: 240 }} value={level} onChange={setLevel} options={levelOptions} />
        </Form.Item>
      </Space>
      <Form.Item label={kind === 'json' ? t('Tệp JSON', 'JSON file') : t('Tệp CSV', 'CSV file')}>
        <Upload.Dragger
          accept={kind === 'json' ? '.json,application/json' : '.csv,text/csv'}
          multiple={false}
          showUploadList={false}
          beforeUpload={(f) => {
            void pick(f);
            return false;
          }}
          className="lt-dragger"
          data-testid="import-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p>{t('Kéo thả tệp vào đây hoặc bấm để chọn', 'Drop the file here or click to choose')}</p>
          <p className="lt-muted lt-small">{kind === 'json' ? t('Tối đa 2.000 thủ tục, 20 MB', 'Up to 2,000 procedures, 20 MB') : t('Tối đa 2.000 dòng, 10 MB; danh sách trong ô cách nhau bởi "|"', 'Up to 2,000 rows, 10 MB; lists in a cell separated by "|"')}</p>
        </Upload.Dragger>
      </Form.Item>
      {picked ? (
        <p data-testid="import-picked">
          {t('Đã chọn', 'Chosen')}: <b>{picked.name}</b> ({fmtSize(picked.size)}){' '}
          <Button size="small" onClick={() => setPicked(null)}>
            {t('Bỏ chọn, dán nội dung', 'Remove, paste instead')}
          </Button>
        </p>
      ) : (
        <Form.Item
          label={kind === 'json' ? t('Hoặc dán nội dung JSON', 'Or paste the JSON') : t('Hoặc dán nội dung CSV', 'Or paste the CSV')}
          htmlFor="import-text"
          validateStatus={shownProblem && !fileProblem ? 'error' : undefined}
          help={shownProblem && !fileProblem ? shownProblem[lang] : undefined}
        >
          <Input.TextArea
            id="import-text"
            className="lt-mono"
            value={pasted}
            aria-invalid={shownProblem && !fileProblem ? true : undefined}
            onChange={(e) => {
              setPasted(e.target.value);
              setTouched(true);
              setResult(null);
            }}
            autoSize={{ minRows: 6, maxRows: 14 }}
            spellCheck={false}
            placeholder={kind === 'json' ? '{ "code": "1.001193", "name": "Thủ tục đăng ký khai sinh", … }' : 'code,name,levels,fields,…'}
          />
        </Form.Item>
      )}
      {(fileProblem || (picked && check.problem)) && <Alert type="error" showIcon role="alert" title={(fileProblem ?? check.problem)![lang]} style={{ marginBottom: 12 }} data-testid="import-problem" />}
      {!check.problem && !fileProblem && text.trim() && (
        <p className="lt-muted" aria-live="polite" data-testid="import-ready">
          {kind === 'json' ? t(`${check.count} thủ tục hợp lệ, sẵn sàng nhập.`, `${check.count} valid procedures, ready to import.`) : t(`${check.count} dòng thủ tục.`, `${check.count} procedure rows.`)}
        </p>
      )}
      {serverError && <Alert type="error" showIcon role="alert" title={t('Chưa nhập được: không thủ tục nào được ghi', 'Nothing was imported')} description={serverError} style={{ marginBottom: 12 }} data-testid="import-error" />}
      {result && (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="import-result"
          title={t(`Đã nhập ${result.procedures.length} thủ tục: ${result.created} thêm mới, ${result.updated} cập nhật, ${result.linked} đăng ký thực hiện.`, `Imported ${result.procedures.length}: ${result.created} created, ${result.updated} updated, ${result.linked} linked.`)}
          description={
            <ul className="lt-portal-results">
              {result.procedures.slice(0, 20).map((p) => (
                <li key={p.id}>
                  <Link to={`/portal/procedures/${p.id}`}>{p.code}</Link> — {OUTCOME[p.outcome][lang]}
                </li>
              ))}
              {result.procedures.length > 20 && <li>{t(`… và ${result.procedures.length - 20} thủ tục khác`, `… and ${result.procedures.length - 20} more`)}</li>}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="import-submit">
        {t('Nhập thủ tục', 'Import')}
      </Button>
    </Form>
  );
}

/** The dialog around the import form, talking to the API. */
export function ImportModal({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const me = useMe();
  const refresh = useRefreshPortal();
  const managed = useManagedOrgs(['province', 'agency']);
  const orgs = managed.list.map((o) => ({ value: o.id, label: o.name }));
  const onImport = async (r: ImportRequest) => {
    const query = { orgId: r.orgId, onlineLevel: r.onlineLevel ?? undefined };
    // JSON as the user wrote it (the server checks each record); CSV as its text, text/csv.
    const res =
      r.kind === 'json'
        ? await answer(client.POST('/api/v1/portal/procedures/import', { params: { query }, body: r.body as Body<'/api/v1/portal/procedures/import', 'post'> }))
        : await answer(client.POST('/api/v1/portal/procedures/import-csv', { params: { query }, body: String(r.body), bodySerializer: (b: string) => b, headers: { 'content-type': 'text/csv' } }));
    refresh();
    return res;
  };
  return (
    <Modal open title={t('Nhập thủ tục hành chính', 'Import procedures')} onCancel={onClose} footer={null} width={760} destroyOnHidden mask={{ closable: false }}>
      <ImportForm orgs={orgs} defaultOrgId={me.agencyId} onImport={onImport} />
    </Modal>
  );
}
