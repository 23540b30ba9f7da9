import { useEffect, useMemo, useState } from 'react';
import { Alert, AutoComplete, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Progress, Radio, Row, Select, Space, Tag, Upload } from 'antd';
import { DeleteOutlined, InboxOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { fmtSize, todayIso } from '../../format';
import { CONFIDENTIALITY, URGENCY } from '../../labels';
import { RecipientPicker } from '../../components/RecipientPicker';
import {
  ACCEPTED_EXT,
  checkDraftingUnit,
  checkDueDate,
  checkFile,
  checkRecipients,
  checkSigner,
  checkSignerPosition,
  checkSummary,
  checkTypeCode,
  COMPETENCES,
  LIMITS,
  previewSymbol,
} from '../../compose-rules';
import { ApiError } from '../../api';
import type { DocumentType, NextNumber, NextNumberQuery, Organization } from '../../types';
import type { Body } from '../../api/client';

type DraftBody = Body<'/api/v1/documents', 'post'>;

/** How long the symbol preview waits after the last keystroke before asking the server. */
export const PREVIEW_DELAY_MS = 300;

export type LoadNextNumber = (q: NextNumberQuery, signal: AbortSignal) => Promise<NextNumber>;

/**
 * The number and symbol the document would get if issued now, asked of the server a moment
 * after the inputs stop changing. Until the answer for the current inputs arrives (or when it
 * cannot be had) the caller shows the local pattern "…/SKHCN-CNTT"; a 400 (unknown type)
 * answers 'hidden'.
 */
function useNextNumber(load: LoadNextNumber | undefined, q: NextNumberQuery | null): NextNumber | 'hidden' | null {
  const key = q ? JSON.stringify(q) : null;
  const [answer, setAnswer] = useState<{ key: string; value: NextNumber | 'hidden' | null } | null>(null);
  useEffect(() => {
    if (!load || !key) return;
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      load(JSON.parse(key) as NextNumberQuery, ctl.signal).then(
        (value) => setAnswer({ key, value }),
        (e: unknown) => {
          if (ctl.signal.aborted) return;
          setAnswer({ key, value: e instanceof ApiError && e.status === 400 ? 'hidden' : null });
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [load, key]);
  return answer && answer.key === key ? answer.value : null;
}

export interface ComposeValues {
  typeCode?: string;
  summary?: string;
  content?: string;
  signerName?: string;
  signerPosition?: string;
  signerCompetence?: string;
  urgency: NonNullable<DraftBody['urgency']>;
  confidentiality: NonNullable<DraftBody['confidentiality']>;
  dueDate?: Dayjs | null;
  draftingUnit?: string;
  recipients: number[];
  recordKeeper?: string;
  copiesCount?: number | null;
  notes?: string;
  /** Registered as paper-only at issue (not part of the draft): numbered, sent on paper, no PDF needed. */
  paperOnly?: boolean;
}

export interface PendingFile {
  uid: string;
  name: string;
  size: number;
  role: 'main' | 'appendix';
  file?: File; // absent for files already on the server
  percent: number;
  state: 'waiting' | 'uploading' | 'done' | 'error';
  error?: string;
}

/** The JSON body of POST/PATCH /api/v1/documents. */
export function toDraftBody(v: ComposeValues): DraftBody {
  const s = (x?: string) => (x && x.trim() ? x.trim() : undefined);
  return {
    typeCode: v.typeCode,
    summary: s(v.summary),
    content: s(v.content),
    signerName: s(v.signerName),
    signerPosition: s(v.signerPosition),
    signerCompetence: COMPETENCES.find((c) => c === v.signerCompetence) ?? '',
    urgency: v.urgency,
    confidentiality: v.confidentiality,
    dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : undefined,
    draftingUnit: s(v.draftingUnit)?.toUpperCase(),
    recipients: v.recipients ?? [],
    recordKeeper: s(v.recordKeeper),
    copiesCount: v.copiesCount ?? undefined,
    notes: s(v.notes),
  };
}

type Rule = (v: unknown) => { vi: string; en: string } | null;

/**
 * The compose form. Every field checks itself as you type; a failure from the server is put
 * on its field (or above the form) and nothing typed is lost.
 */
export function ComposeForm({
  types,
  orgs,
  agencyId,
  initial,
  files,
  onFilesChange,
  onSave,
  onIssue,
  busy,
  error,
  fileIssueError,
  canIssue,
  maxUploadBytes,
  loadNextNumber,
  registerId,
  form: external,
}: {
  types: DocumentType[];
  orgs: Organization[];
  agencyId: number;
  initial?: Partial<ComposeValues>;
  files: PendingFile[];
  onFilesChange(f: PendingFile[]): void;
  onSave(v: ComposeValues): void;
  onIssue(v: ComposeValues): void;
  busy?: 'save' | 'issue' | null;
  error?: string | null;
  /** The server's refusal to issue for want of a main PDF, shown next to the files. */
  fileIssueError?: string | null;
  canIssue: boolean;
  maxUploadBytes?: number;
  /** Asks the server for the expected number and symbol; without it only the pattern shows. */
  loadNextNumber?: LoadNextNumber;
  registerId?: number | null;
  form?: ReturnType<typeof Form.useForm<ComposeValues>>[0];
}) {
  const { t, lang } = useI18n();
  const [own] = Form.useForm<ComposeValues>();
  const form = external ?? own;
  const [fileError, setFileError] = useState<string | null>(null);
  const typeCode = Form.useWatch('typeCode', form);
  const unit = Form.useWatch('draftingUnit', form);
  const confidentiality = Form.useWatch('confidentiality', form) ?? initial?.confidentiality ?? 'thuong';
  const summary = Form.useWatch('summary', form) ?? '';
  const secret = confidentiality !== 'thuong';
  const paperOnly = Form.useWatch('paperOnly', form) === true;

  const rule = (check: Rule) => ({ validator: async (_: unknown, v: unknown) => { const e = check(v); if (e) throw new Error(e[lang]); } });
  const agency = orgs.find((o) => o.id === agencyId);
  const type = types.find((x) => x.code === typeCode);
  const unitText = typeof unit === 'string' ? unit.trim().toUpperCase() : '';
  const next = useNextNumber(
    loadNextNumber,
    type && !checkDraftingUnit(unit) ? { typeCode: type.code, confidentiality, ...(unitText ? { draftingUnit: unitText } : {}), ...(registerId ? { registerId } : {}) } : null,
  );
  const units = useMemo(() => orgs.filter((o) => o.kind === 'unit' && o.parentId === agencyId), [orgs, agencyId]);

  const addFiles = (list: File[]) => {
    const errs: string[] = [];
    const next = [...files];
    for (const f of list) {
      const e = checkFile(f, maxUploadBytes);
      if (e) {
        errs.push(e[lang]);
        continue;
      }
      next.push({ uid: `${Date.now()}-${Math.random()}`, name: f.name, size: f.size, file: f, role: next.some((x) => x.role === 'main') ? 'appendix' : 'main', percent: 0, state: 'waiting' });
    }
    setFileError(errs.length ? errs.join(' ') : null);
    onFilesChange(next);
  };

  const submit = (kind: 'save' | 'issue') => async () => {
    try {
      const v = await form.validateFields();
      (kind === 'save' ? onSave : onIssue)(v);
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: 'center', focus: true });
    }
  };

  return (
    <Form<ComposeValues>
      form={form}
      layout="vertical"
      initialValues={{ urgency: 'thuong', confidentiality: 'thuong', signerCompetence: '', recipients: [], ...initial }}
      scrollToFirstError
      className="lt-compose"
      aria-label={t('Soạn văn bản đi', 'Compose an outgoing document')}
    >
      {error && <Alert type="error" showIcon role="alert" title={t('Chưa lưu được văn bản', 'The document was not saved')} description={error} style={{ marginBottom: 12 }} data-testid="compose-error" />}
      <Row gutter={12}>
        <Col xs={24} xl={16}>
          <Panel className="lt-card" title={t('Thông tin văn bản', 'Document')}>
            <Row gutter={12}>
              <Col xs={24} md={10}>
                <Form.Item name="typeCode" label={t('Loại văn bản', 'Type')} required rules={[rule(checkTypeCode)]}>
                  <Select
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('Chọn loại văn bản', 'Choose a type')}
                    options={types.map((x) => ({ value: x.code, label: x.abbr ? `${x.name} (${x.abbr})` : x.name }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={12} md={7}>
                <Form.Item name="draftingUnit" label={t('Đơn vị soạn thảo (viết tắt)', 'Drafting unit (abbr.)')} rules={[rule(checkDraftingUnit)]} normalize={(v: string) => v?.toUpperCase()}>
                  <AutoComplete options={units.map((u) => ({ value: u.shortName, label: `${u.shortName} — ${u.name}` }))} placeholder={t('Ví dụ: CNTT', 'E.g. CNTT')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={7}>
                <Form.Item name="dueDate" label={t('Hạn trả lời', 'Reply by')} rules={[rule((v) => checkDueDate(v ? (v as Dayjs).format('YYYY-MM-DD') : null))]}>
                  <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} placeholder="dd/mm/yyyy" disabledDate={(d) => d.format('YYYY-MM-DD') < todayIso()} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="summary"
              label={t('Trích yếu nội dung', 'Summary')}
              required
              rules={[rule(checkSummary)]}
              extra={<span className="lt-counter">{`${summary.length}/${LIMITS.summary}`}</span>}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('Ví dụ: Về việc triển khai hệ thống quản lý văn bản điện tử', 'E.g. On deploying the electronic document system')} />
            </Form.Item>
            <Form.Item name="content" label={t('Nội dung tóm tắt / ghi chú nội dung', 'Content note')} rules={[{ max: LIMITS.content, message: t(`Dài quá ${LIMITS.content} ký tự.`, `Longer than ${LIMITS.content} characters.`) }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
            </Form.Item>
            <Row gutter={12}>
              <Col xs={24} md={5}>
                <Form.Item name="signerCompetence" label={t('Thẩm quyền ký', 'Competence')}>
                  <Select options={COMPETENCES.map((c) => ({ value: c, label: c || t('(ký trực tiếp)', '(direct)') }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={9}>
                <Form.Item name="signerPosition" label={t('Chức vụ người ký', 'Signer’s position')} required rules={[rule(checkSignerPosition)]}>
                  <Input placeholder={t('Ví dụ: Giám đốc', 'E.g. Director')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name="signerName" label={t('Họ tên người ký', 'Signer’s name')} required rules={[rule(checkSigner)]}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={12}>
              <Col xs={24} md={14}>
                <Form.Item name="urgency" label={t('Độ khẩn', 'Urgency')}>
                  <Radio.Group optionType="button" buttonStyle="solid" options={Object.entries(URGENCY).map(([k, v]) => ({ value: k, label: v[lang] }))} />
                </Form.Item>
              </Col>
              <Col xs={24} md={10}>
                <Form.Item name="confidentiality" label={t('Độ mật', 'Confidentiality')}>
                  <Select options={Object.entries(CONFIDENTIALITY).map(([k, v]) => ({ value: k, label: v[lang] }))} />
                </Form.Item>
              </Col>
            </Row>
            {secret && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('Văn bản mật không được gửi qua mạng', 'Secret documents are never sent electronically')}
                description={t('Khi phát hành, văn bản chỉ được cấp số trong sổ mật; nơi nhận là danh sách in trên bản giấy. Không đính kèm tệp.', 'Issuing only numbers it in the secret register; recipients are the printed list. No files are attached.')}
              />
            )}
          </Panel>

          <Panel className="lt-card" title={t('Nơi nhận', 'Recipients')}>
            <Form.Item name="recipients" label={t('Cơ quan nhận văn bản', 'Receiving agencies')} required={!secret} rules={[rule((v) => checkRecipients(v, confidentiality, agencyId))]} dependencies={['confidentiality']}>
              <RecipientPicker orgs={orgs} ownAgencyId={agencyId} />
            </Form.Item>
          </Panel>

          <Panel className="lt-card" title={t('Tệp đính kèm', 'Attachments')}>
            <Upload.Dragger
              multiple
              disabled={secret}
              showUploadList={false}
              accept={ACCEPTED_EXT.map((e) => `.${e}`).join(',')}
              beforeUpload={(_f, list) => {
                if (_f === list[0]) addFiles(list as unknown as File[]);
                return Upload.LIST_IGNORE;
              }}
              className="lt-dragger"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined aria-hidden />
              </p>
              <p className="ant-upload-text">{t('Kéo thả tệp vào đây hoặc bấm để chọn', 'Drop files here or click to choose')}</p>
              <p className="ant-upload-hint">{t('PDF văn bản chính và phụ lục; DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP, ảnh. Tối đa 50 MB mỗi tệp.', 'Main PDF and appendices; DOC/DOCX, XLS/XLSX, ODT/ODS, ZIP, images. Up to 50 MB each.')}</p>
            </Upload.Dragger>
            {fileError && <Alert type="error" showIcon role="alert" title={fileError} style={{ marginTop: 8 }} />}
            {fileIssueError && <Alert type="error" showIcon role="alert" title={fileIssueError} style={{ marginTop: 8 }} data-testid="main-pdf-error" id="main-pdf-error" />}
            {files.length > 0 && (
              <ul className="lt-upload-list" aria-label={t('Tệp đã chọn', 'Chosen files')}>
                {files.map((f) => (
                  <li key={f.uid} data-state={f.state}>
                    <span className="lt-file-name">{f.name}</span>
                    <Select<'main' | 'appendix'>
                      size="small"
                      value={f.role}
                      disabled={f.state === 'done' || f.state === 'uploading'}
                      aria-label={t(`Loại tệp ${f.name}`, `Kind of ${f.name}`)}
                      onChange={(role) => onFilesChange(files.map((x) => (x.uid === f.uid ? { ...x, role } : x)))}
                      options={[
                        { value: 'main', label: t('Văn bản chính', 'Main') },
                        { value: 'appendix', label: t('Phụ lục', 'Appendix') },
                      ]}
                      style={{ width: 130 }}
                    />
                    <span className="lt-muted lt-file-size">{fmtSize(f.size)}</span>
                    {f.state === 'waiting' ? (
                      <span className="lt-file-progress lt-muted">{t('Tải lên khi lưu hoặc phát hành', 'Uploaded on save or issue')}</span>
                    ) : (
                      <Progress
                        percent={f.state === 'done' ? 100 : f.percent}
                        size="small"
                        status={f.state === 'error' ? 'exception' : f.state === 'done' ? 'success' : 'active'}
                        className="lt-file-progress"
                        aria-label={t(`Tiến độ tải lên ${f.name}`, `Upload progress of ${f.name}`)}
                      />
                    )}
                    <Button
                      type="text"
                      size="small"
                      icon={<DeleteOutlined />}
                      disabled={f.state === 'done' || f.state === 'uploading'}
                      onClick={() => onFilesChange(files.filter((x) => x.uid !== f.uid))}
                      aria-label={t(`Bỏ tệp ${f.name}`, `Remove ${f.name}`)}
                    />
                    {f.error && <div className="lt-file-error" role="alert">{f.error}</div>}
                  </li>
                ))}
              </ul>
            )}
            {canIssue && !secret && (
              <div className="lt-paper-only">
                <Form.Item name="paperOnly" valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox aria-describedby="paper-only-help" data-testid="paper-only">
                    {t('Chỉ phát hành bản giấy', 'Issue on paper only')}
                  </Checkbox>
                </Form.Item>
                <p id="paper-only-help" className="lt-muted lt-small" style={{ margin: 0 }}>
                  {paperOnly
                    ? t('Văn bản được cấp số và vào sổ, gửi bản giấy tới nơi nhận; không gửi qua mạng nên không cần tệp PDF.', 'The document is numbered and registered and sent on paper; nothing is transmitted, so no PDF is needed.')
                    : t('Phát hành điện tử phải có văn bản chính là tệp PDF (Nghị định 30/2020). Chọn ô này nếu văn bản chỉ gửi bản giấy.', 'An electronic issue needs the main document as a PDF (Decree 30/2020). Tick this if the document goes on paper only.')}
                </p>
              </div>
            )}
          </Panel>
        </Col>

        <Col xs={24} xl={8}>
          <div className="lt-sticky">
            <Panel className="lt-card" title={t('Số, ký hiệu khi phát hành', 'Number and symbol at issue')}>
              {next !== 'hidden' && (
                <div className="lt-symbol-box" aria-live="polite">
                  <span className="lt-symbol-preview" data-testid="symbol-preview" data-state={next ? 'expected' : 'pattern'}>
                    {next ? next.symbol : type ? previewSymbol(type.abbr, agency?.shortName, unit) : t('(chọn loại văn bản)', '(choose a type)')}
                  </span>
                  {next && (
                    <Tag color="blue" className="lt-tag" data-testid="symbol-expected">
                      {t('dự kiến', 'expected')}
                    </Tag>
                  )}
                </div>
              )}
              <p className="lt-muted lt-small">
                {next && next !== 'hidden'
                  ? t(
                      `Số dự kiến theo ${next.registerName} năm ${next.year}. Số chỉ được cấp khi phát hành: nếu văn thư khác phát hành trước, văn bản này nhận số kế tiếp.`,
                      `The expected number in ${next.registerName}, ${next.year}. The number is only taken at issue: if another clerk issues first, this document gets the next one.`,
                    )
                  : t(
                      `Số được cấp tự động theo sổ văn bản đi năm ${dayjs().year()}${secret ? ' (sổ mật)' : ''}, từ 01 mỗi năm. Công văn không có phần tên loại trong ký hiệu.`,
                      `The number comes from the ${dayjs().year()} outgoing register${secret ? ' (secret series)' : ''}, from 01 each year. A công văn has no type part.`,
                    )}
              </p>
            </Panel>
            <Panel className="lt-card" title={t('Lưu và phát hành', 'Save and issue')}>
              <Row gutter={8}>
                <Col span={12}>
                  <Form.Item name="copiesCount" label={t('Số lượng bản', 'Copies')}>
                    <InputNumber min={0} max={10000} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="recordKeeper" label={t('Đơn vị lưu', 'Kept by')}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="notes" label={t('Ghi chú', 'Notes')} rules={[{ max: LIMITS.notes }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Button block icon={<SaveOutlined />} onClick={submit('save')} loading={busy === 'save'} disabled={!!busy}>
                  {t('Lưu dự thảo', 'Save draft')}
                </Button>
                {canIssue ? (
                  <Button block type="primary" icon={<SendOutlined />} onClick={submit('issue')} loading={busy === 'issue'} disabled={!!busy}>
                    {t('Cấp số và phát hành', 'Number and issue')}
                  </Button>
                ) : (
                  <p className="lt-muted lt-small">{t('Văn thư cơ quan cấp số và phát hành dự thảo này.', 'The agency clerk numbers and issues this draft.')}</p>
                )}
              </Space>
            </Panel>
          </div>
        </Col>
      </Row>
    </Form>
  );
}

export const toDayjs = (iso?: string | null) => (iso ? dayjs(iso) : null);
