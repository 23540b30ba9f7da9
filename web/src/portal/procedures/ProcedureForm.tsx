import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, AutoComplete, Button, Checkbox, Col, Form, Input, InputNumber, Row, Segmented, Select } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { apiField, showFieldError, useRule } from '../common';
import { checkFeeAmount, checkOptional, checkProcedureCode, checkProcessingTime, checkQuantity, checkRequired, LIMITS, recordProblem } from '../rules';
import { FORMALITY_TYPE_LABELS, FORMALITY_TYPES, LEVEL_LABELS, SUBMISSION_METHOD_LABELS, SUBMISSION_METHODS, type NationalProcedure } from '../../../../src/domain/procedures';
import { EMPTY_RECORD, fromForm, toForm, type RecordForm } from './record-form';
import { NamedList } from './NamedList';

const TIME_UNITS = ['Ngày làm việc', 'Ngày', 'Giờ làm việc', 'Giờ', 'Tuần', 'Tháng'];
const LEVEL_FIELDS = [
  ['isWard', 'ward'],
  ['isProvince', 'province'],
  ['isMinistry', 'ministry'],
  ['isOtherAgency', 'other'],
] as const;

/** A label whose "where" (which channel) is said to screen readers only. */
function Sr({ text, where }: { text: string; where: string }) {
  return (
    <>
      {text}
      <span className="lt-sr"> ({where})</span>
    </>
  );
}

/**
 * The editor of a procedure's national record: the fields that matter as a structured form,
 * the whole record as JSON beside it. Each field checks itself as it is typed; on save the
 * record passes the server's own rule first, and whatever the server then refuses is put on
 * the field it names. Nothing typed is lost on a failure.
 */
export function ProcedureForm({
  initial,
  mode,
  readOnly,
  formFiles = [],
  onSubmit,
  before,
  submitLabel,
}: {
  initial?: Partial<NationalProcedure>;
  mode: 'create' | 'edit';
  readOnly?: boolean;
  /** File names of the forms uploaded for this procedure (offered for each component). */
  formFiles?: string[];
  onSubmit(record: NationalProcedure): Promise<unknown>;
  /** Fields the page adds above the record (who implements it, at which level). */
  before?: ReactNode;
  submitLabel?: string;
}) {
  const { t, lang, err } = useI18n();
  const rule = useRule();
  const [form] = Form.useForm<RecordForm>();
  const start = initial ?? EMPTY_RECORD;
  const base = useRef<Partial<NationalProcedure>>(start);
  const initialValues = useMemo(() => toForm(start), [start]);
  const [view, setView] = useState<'form' | 'json'>('form');
  const [json, setJson] = useState('');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileOptions = useMemo(() => formFiles.map((f) => ({ value: f, label: f })), [formFiles]);

  const current = () => fromForm(form.getFieldsValue(true) as RecordForm, base.current);

  /** The JSON text as a record; a message when it is not one. */
  const readJson = (text: string): { record?: NationalProcedure; problem?: string } => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { problem: t('Nội dung không phải JSON hợp lệ.', 'The text is not valid JSON.') };
    }
    const p = recordProblem(parsed);
    if (p) return { record: parsed as NationalProcedure, problem: p.message[lang] };
    if (mode === 'edit' && (parsed as NationalProcedure).code !== base.current.code) return { problem: t('Không đổi được mã thủ tục; hãy tạo thủ tục mới.', 'The code cannot change; create a new procedure.') };
    return { record: parsed as NationalProcedure };
  };

  const switchView = (v: 'form' | 'json') => {
    if (v === 'json') {
      setJson(JSON.stringify(current(), null, 2));
      setJsonProblem(null);
      setView('json');
      return;
    }
    const r = readJson(json);
    if (!r.record || (r.problem && !r.record)) {
      setJsonProblem(r.problem ?? null);
      return;
    }
    base.current = r.record;
    form.setFieldsValue(toForm(r.record));
    setView('form');
    // The form's own checks tell what the JSON still lacks.
    if (r.problem) void form.validateFields().catch(() => {});
  };

  const submit = async () => {
    setError(null);
    let record: NationalProcedure;
    if (view === 'json') {
      const r = readJson(json);
      if (r.problem || !r.record) {
        setJsonProblem(r.problem ?? null);
        return;
      }
      record = r.record;
    } else {
      try {
        await form.validateFields();
      } catch (e) {
        const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
        if (first) form.scrollToField(first.name, { block: 'center', focus: true });
        setError(t('Bản ghi còn trường chưa đúng; xem các ô được đánh dấu đỏ.', 'Some fields are not right yet; see the fields marked in red.'));
        return;
      }
      record = current();
      const p = recordProblem(record);
      if (p) {
        setError(p.message[lang]);
        showFieldError(form, p.field, p.message[lang]);
        return;
      }
    }
    setBusy(true);
    try {
      await onSubmit(record);
      base.current = record;
    } catch (e) {
      setError(err(e));
      if (view === 'form') showFieldError(form, apiField(e), err(e));
      else setJsonProblem(err(e));
    } finally {
      setBusy(false);
    }
  };

  const methodOptions = SUBMISSION_METHODS.map((x) => ({ value: x, label: SUBMISSION_METHOD_LABELS[x][lang] }));

  return (
    <div className="lt-portal-editor">
      {error && <Alert type="error" showIcon role="alert" title={t('Chưa lưu được thủ tục', 'The procedure was not saved')} description={error} style={{ marginBottom: 12 }} data-testid="procedure-error" />}
      <div className="lt-portal-toolbar">
        <Segmented
          aria-label={t('Cách sửa bản ghi', 'How to edit the record')}
          value={view}
          onChange={(v) => switchView(v as 'form' | 'json')}
          options={[
            { value: 'form', label: t('Biểu mẫu nhập', 'Form') },
            { value: 'json', label: t('JSON (cấu trúc quốc gia)', 'JSON (national shape)') },
          ]}
        />
        {!readOnly && (
          <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void submit()} data-testid="procedure-save">
            {submitLabel ?? (mode === 'create' ? t('Thêm thủ tục', 'Add the procedure') : t('Lưu thay đổi', 'Save changes'))}
          </Button>
        )}
      </div>
      {before}
      {view === 'json' && (
        <Panel className="lt-card" title={t('Bản ghi JSON', 'JSON record')}>
          <Form layout="vertical" component="div">
            <Form.Item
              label={t('Bản ghi theo cấu trúc Cổng Dịch vụ công quốc gia', 'The record in the national portal’s shape')}
              htmlFor="procedure-json"
              validateStatus={jsonProblem ? 'error' : undefined}
              help={jsonProblem ?? t('Các trường không có trong biểu mẫu nhập (ví dụ departmentsCoordinating) được giữ nguyên.', 'Fields the form does not show (e.g. departmentsCoordinating) are kept.')}
            >
              <Input.TextArea
                id="procedure-json"
                className="lt-mono"
                value={json}
                readOnly={readOnly}
                aria-invalid={jsonProblem ? true : undefined}
                autoSize={{ minRows: 16, maxRows: 40 }}
                spellCheck={false}
                onChange={(e) => {
                  setJson(e.target.value);
                  setJsonProblem(readJson(e.target.value).problem ?? null);
                }}
              />
            </Form.Item>
          </Form>
        </Panel>
      )}
      <Form<RecordForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        disabled={readOnly}
        className="lt-portal-form"
        style={view === 'json' ? { display: 'none' } : undefined}
        aria-label={t('Bản ghi thủ tục hành chính', 'Administrative procedure record')}
      >
        <Panel className="lt-card" title={t('Thông tin chung', 'General')}>
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="code" label={t('Mã thủ tục', 'Code')} required rules={[rule(checkProcedureCode)]} extra={mode === 'edit' ? t('Không đổi được mã.', 'The code cannot change.') : undefined}>
                <Input disabled={mode === 'edit'} placeholder="1.001193" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={['procedureProposal', 'proposalNumber']} label={t('Quyết định công bố', 'Publishing decision')} rules={[rule((v) => checkOptional(v, 'Số quyết định', 'The decision number', 200))]}>
                <Input placeholder="1872/QĐ-BTP" />
              </Form.Item>
            </Col>
            <Col xs={24} md={10}>
              <Form.Item name="formalityType" label={t('Loại thủ tục', 'Kind')}>
                <Select allowClear options={FORMALITY_TYPES.map((x) => ({ value: x, label: FORMALITY_TYPE_LABELS[x] }))} placeholder={t('Chọn loại thủ tục', 'Choose the kind')} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="name" label={t('Tên thủ tục', 'Name')} required rules={[rule((v) => checkRequired(v, 'Tên thủ tục', 'The name', LIMITS.text))]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('Ví dụ: Thủ tục đăng ký khai sinh', 'E.g. Birth registration')} />
          </Form.Item>
          <fieldset className="lt-portal-fieldset">
            <legend>{t('Cấp thực hiện', 'Implementing level')}</legend>
            <div className="lt-portal-checks">
              {LEVEL_FIELDS.map(([field, level]) => (
                <Form.Item key={field} name={field} valuePropName="checked" noStyle>
                  <Checkbox>{LEVEL_LABELS[level][lang]}</Checkbox>
                </Form.Item>
              ))}
            </div>
          </fieldset>
          <Row gutter={12}>
            <Col xs={24} xl={12}>
              <NamedList name="categoriesDetails" legend={t('Lĩnh vực', 'Fields')} item={{ vi: 'lĩnh vực', en: 'field' }} nameLabel={{ vi: 'Tên lĩnh vực', en: 'Field' }} codeLabel={{ vi: 'Mã', en: 'Code' }} addLabel={t('Thêm lĩnh vực', 'Add a field')} codeWidth={110} />
            </Col>
            <Col xs={24} xl={12}>
              <NamedList name="subjectTypesDetails" legend={t('Đối tượng thực hiện', 'Who it is for')} item={{ vi: 'đối tượng', en: 'audience' }} nameLabel={{ vi: 'Đối tượng', en: 'Audience' }} codeLabel={{ vi: 'Mã', en: 'Code' }} addLabel={t('Thêm đối tượng', 'Add an audience')} codeWidth={110} />
            </Col>
            <Col xs={24} xl={12}>
              <NamedList name="departmentsAuthority" legend={t('Cơ quan có thẩm quyền', 'Competent authority')} item={{ vi: 'cơ quan có thẩm quyền', en: 'authority' }} nameLabel={{ vi: 'Tên cơ quan', en: 'Agency' }} codeLabel={{ vi: 'Mã', en: 'Code' }} addLabel={t('Thêm cơ quan có thẩm quyền', 'Add an authority')} codeWidth={110} />
            </Col>
            <Col xs={24} xl={12}>
              <NamedList name="departmentsExecuting" legend={t('Cơ quan thực hiện', 'Implementing agency')} item={{ vi: 'cơ quan thực hiện', en: 'implementing agency' }} nameLabel={{ vi: 'Tên cơ quan', en: 'Agency' }} codeLabel={{ vi: 'Mã', en: 'Code' }} addLabel={t('Thêm cơ quan thực hiện', 'Add an implementing agency')} codeWidth={110} />
            </Col>
          </Row>
          <Form.Item name="keywords" label={t('Từ khóa tìm kiếm', 'Search keywords')} rules={[rule((v) => checkOptional(v, 'Từ khóa', 'The keywords', LIMITS.text))]}>
            <Input placeholder={t('Ví dụ: khai sinh, hộ tịch', 'E.g. birth, civil status')} />
          </Form.Item>
        </Panel>

        <Panel className="lt-card" title={t('Trình tự thực hiện', 'Steps')}>
          <Form.List name="executionSteps">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, i) => (
                  <div key={row.key} className="lt-portal-block" data-testid={`step-${i}`}>
                    <div className="lt-portal-row">
                      <Form.Item name={[row.name, 'name']} label={t(`Bước ${i + 1}`, `Step ${i + 1}`)} className="lt-portal-grow" rules={[rule((v) => checkOptional(v, `Tên bước ${i + 1}`, `The name of step ${i + 1}`, LIMITS.text))]}>
                        <Input placeholder={t('Ví dụ: Bước 1: Nộp hồ sơ', 'E.g. Step 1: Submit the dossier')} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t(`Xóa bước ${i + 1}`, `Remove step ${i + 1}`)} />
                    </div>
                    <Form.Item
                      name={[row.name, 'description']}
                      label={t(`Mô tả bước ${i + 1}`, `Step ${i + 1}: description`)}
                      dependencies={[['executionSteps', row.name, 'name']]}
                      rules={[
                        rule((v) => checkOptional(v, 'Mô tả bước', 'The description', LIMITS.rich)),
                        ({ getFieldValue }) => ({
                          validator: async (_: unknown, v: unknown) => {
                            const name = getFieldValue(['executionSteps', row.name, 'name']) as string | undefined;
                            if (!(typeof v === 'string' && v.trim()) && !(name && name.trim())) throw new Error(t('Cần tên hoặc mô tả bước.', 'A step needs a name or a description.'));
                          },
                        }),
                      ]}
                    >
                      <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
                    </Form.Item>
                  </div>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: `Bước ${rows.length + 1}: ` })}>
                  {t('Thêm bước', 'Add a step')}
                </Button>
              </>
            )}
          </Form.List>
        </Panel>

        <Panel className="lt-card" title={t('Cách thức thực hiện: thời hạn và phí theo từng cách nộp', 'Channels: time and fees per channel')}>
          <Form.List name="executionMethods">
            {(rows, { add, remove }) => (
              <>
                {rows.map((row, i) => (
                  <div key={row.key} className="lt-portal-block" data-testid={`method-${i}`}>
                    <Row gutter={12} align="bottom">
                      <Col xs={24} md={6}>
                        <Form.Item name={[row.name, 'submissionMethod']} label={t(`Cách nộp ${i + 1}`, `Channel ${i + 1}`)} required rules={[rule((v) => (v ? null : { vi: 'Chọn cách nộp hồ sơ.', en: 'Choose the channel.' }))]}>
                          <Select options={methodOptions} placeholder={t('Chọn', 'Choose')} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={7}>
                        <Form.Item name={[row.name, 'processingTime']} label={<Sr text={t('Thời hạn giải quyết', 'Processing time')} where={t(`cách nộp ${i + 1}`, `channel ${i + 1}`)} />} rules={[rule(checkProcessingTime)]}>
                          <Input placeholder={t('Ví dụ: 15', 'E.g. 15')} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} md={7}>
                        <Form.Item name={[row.name, 'processingTimeUnit']} label={<Sr text={t('Đơn vị thời hạn', 'Unit')} where={t(`cách nộp ${i + 1}`, `channel ${i + 1}`)} />} rules={[rule((v) => checkOptional(v, 'Đơn vị', 'The unit', 100))]}>
                          <AutoComplete options={TIME_UNITS.map((u) => ({ value: u }))} placeholder={t('Ngày làm việc', 'Working days')} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={4} className="lt-portal-end">
                        <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)}>
                          {t(`Xóa cách nộp ${i + 1}`, `Remove channel ${i + 1}`)}
                        </Button>
                      </Col>
                    </Row>
                    <Form.List name={[row.name, 'fees']}>
                      {(fees, fee) => (
                        <fieldset className="lt-portal-fieldset">
                          <legend>{t(`Phí, lệ phí (cách nộp ${i + 1})`, `Fees (channel ${i + 1})`)}</legend>
                          {fees.map((f, j) => (
                            <div key={f.key} className="lt-portal-row">
                              <Form.Item name={[f.name, 'name']} className="lt-portal-grow" rules={[rule((v) => checkOptional(v, 'Tên phí', 'The fee’s name', LIMITS.text))]}>
                                <Input aria-label={t(`Tên phí ${j + 1} (cách nộp ${i + 1})`, `Fee ${j + 1} name (channel ${i + 1})`)} placeholder={t('Ví dụ: Lệ phí cấp giấy phép', 'E.g. Licence fee')} />
                              </Form.Item>
                              <Form.Item name={[f.name, 'amount']} style={{ width: 240 }} rules={[rule(checkFeeAmount)]}>
                                <Input aria-label={t(`Mức phí ${j + 1} (cách nộp ${i + 1}), đồng`, `Fee ${j + 1} amount (channel ${i + 1}), VND`)} placeholder={t('Số tiền (đồng) hoặc mô tả', 'Amount (VND) or a text')} />
                              </Form.Item>
                              <Button icon={<DeleteOutlined />} onClick={() => fee.remove(f.name)} aria-label={t(`Xóa phí ${j + 1} (cách nộp ${i + 1})`, `Remove fee ${j + 1} (channel ${i + 1})`)} />
                            </div>
                          ))}
                          <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => fee.add({ name: '', amount: '' })}>
                            {t('Thêm phí, lệ phí', 'Add a fee')}
                          </Button>
                        </fieldset>
                      )}
                    </Form.List>
                    <Form.Item name={[row.name, 'description']} label={t(`Mô tả cách nộp ${i + 1}`, `Channel ${i + 1}: description`)} rules={[rule((v) => checkOptional(v, 'Mô tả', 'The description', LIMITS.rich))]}>
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
                    </Form.Item>
                  </div>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ submissionMethod: SUBMISSION_METHODS.find((x) => !(form.getFieldValue('executionMethods') as { submissionMethod?: string }[] | undefined)?.some((m) => m?.submissionMethod === x)) ?? 'DIRECT', fees: [] })}>
                  {t('Thêm cách nộp', 'Add a channel')}
                </Button>
              </>
            )}
          </Form.List>
        </Panel>

        <Panel className="lt-card" title={t('Thành phần hồ sơ theo trường hợp', 'Dossier components by case')}>
          <Form.List name="executionCases">
            {(cases, caseOps) => (
              <>
                {cases.map((c, i) => (
                  <div key={c.key} className="lt-portal-block" data-testid={`case-${i}`}>
                    <div className="lt-portal-row">
                      <Form.Item name={[c.name, 'name']} label={t(`Trường hợp ${i + 1}`, `Case ${i + 1}`)} className="lt-portal-grow" rules={[rule((v) => checkOptional(v, 'Tên trường hợp', 'The case', LIMITS.text))]}>
                        <Input placeholder={t('Ví dụ: Giấy tờ phải nộp', 'E.g. Documents to submit')} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => caseOps.remove(c.name)} aria-label={t(`Xóa trường hợp ${i + 1}`, `Remove case ${i + 1}`)} />
                    </div>
                    <Form.List name={[c.name, 'profileComponents']}>
                      {(parts, partOps) => (
                        <div className="lt-portal-components">
                          {parts.length > 0 && (
                            <div className="lt-portal-row lt-portal-head" aria-hidden>
                              <span className="lt-portal-grow">{t('Thành phần hồ sơ', 'Component')}</span>
                              <span style={{ width: 80 }}>{t('Bản chính', 'Originals')}</span>
                              <span style={{ width: 80 }}>{t('Bản sao', 'Copies')}</span>
                              <span style={{ width: 230 }}>{t('Mẫu đơn, tờ khai (tên tệp)', 'Form (file name)')}</span>
                              <span style={{ width: 32 }} />
                            </div>
                          )}
                          {parts.map((p, j) => {
                            const where = t(`thành phần ${j + 1}, trường hợp ${i + 1}`, `component ${j + 1}, case ${i + 1}`);
                            return (
                              <div key={p.key} className="lt-portal-row">
                                <Form.Item name={[p.name, 'name']} className="lt-portal-grow" rules={[rule((v) => checkRequired(v, 'Tên thành phần hồ sơ', 'The component', LIMITS.text * 2))]}>
                                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} aria-label={t(`Tên ${where}`, `Name of ${where}`)} />
                                </Form.Item>
                                <Form.Item name={[p.name, 'originalQty']} style={{ width: 80 }} rules={[rule(checkQuantity)]}>
                                  <InputNumber min={0} max={LIMITS.quantity} precision={0} style={{ width: '100%' }} aria-label={t(`Số bản chính, ${where}`, `Originals, ${where}`)} />
                                </Form.Item>
                                <Form.Item name={[p.name, 'copyQty']} style={{ width: 80 }} rules={[rule(checkQuantity)]}>
                                  <InputNumber min={0} max={LIMITS.quantity} precision={0} style={{ width: '100%' }} aria-label={t(`Số bản sao, ${where}`, `Copies, ${where}`)} />
                                </Form.Item>
                                <Form.Item name={[p.name, 'attachments']} style={{ width: 230 }}>
                                  <Select mode="tags" options={fileOptions} tokenSeparators={[',']} aria-label={t(`Mẫu đơn, tờ khai của ${where}`, `Form of ${where}`)} placeholder={t('Tên tệp biểu mẫu', 'Form file name')} maxCount={10} />
                                </Form.Item>
                                <Button icon={<DeleteOutlined />} onClick={() => partOps.remove(p.name)} aria-label={t(`Xóa ${where}`, `Remove ${where}`)} />
                              </div>
                            );
                          })}
                          <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => partOps.add({ name: '', originalQty: 1, copyQty: 0, attachments: [] })}>
                            {t('Thêm thành phần hồ sơ', 'Add a component')}
                          </Button>
                        </div>
                      )}
                    </Form.List>
                  </div>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => caseOps.add({ name: '', profileComponents: [] })}>
                  {t('Thêm trường hợp', 'Add a case')}
                </Button>
              </>
            )}
          </Form.List>
        </Panel>

        <Panel className="lt-card" title={t('Yêu cầu, điều kiện và nơi tiếp nhận', 'Requirements and where to submit')}>
          <Form.Item name="requirementsAndConditions" label={t('Yêu cầu, điều kiện thực hiện', 'Requirements and conditions')} rules={[rule((v) => checkOptional(v, 'Yêu cầu, điều kiện', 'The requirements', LIMITS.rich))]} extra={t('Văn bản thường hoặc HTML đơn giản (được lọc khi lưu).', 'Plain text or simple HTML (cleaned when saved).')}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} />
          </Form.Item>
          <Form.Item name="dossierReceivingAddresses" label={t('Địa chỉ tiếp nhận hồ sơ', 'Where the dossier is received')} rules={[rule((v) => checkOptional(v, 'Địa chỉ tiếp nhận', 'The address', LIMITS.rich))]}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
          </Form.Item>
        </Panel>

        <Row gutter={12}>
          <Col xs={24} xl={14}>
            <Panel className="lt-card" title={t('Căn cứ pháp lý', 'Legal basis')}>
              <NamedList name="legalBasisesDetails" legend={t('Văn bản quy phạm', 'Legal documents')} item={{ vi: 'căn cứ', en: 'legal basis' }} nameLabel={{ vi: 'Trích yếu', en: 'Title' }} codeLabel={{ vi: 'Số, ký hiệu', en: 'Number' }} addLabel={t('Thêm căn cứ pháp lý', 'Add a legal basis')} />
            </Panel>
          </Col>
          <Col xs={24} xl={10}>
            <Panel className="lt-card" title={t('Kết quả thực hiện', 'Results')}>
              <NamedList name="resultsDetails" legend={t('Kết quả', 'Results')} item={{ vi: 'kết quả', en: 'result' }} nameLabel={{ vi: 'Tên kết quả', en: 'Result' }} codeLabel={{ vi: 'Mã', en: 'Code' }} addLabel={t('Thêm kết quả', 'Add a result')} codeWidth={100} />
            </Panel>
          </Col>
        </Row>

        <Panel className="lt-card" title={t('Mô tả', 'Description')}>
          <Form.Item name="description" label={t('Mô tả ngắn', 'Short description')} rules={[rule((v) => checkOptional(v, 'Mô tả', 'The description', LIMITS.rich))]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </Panel>
      </Form>
      {!readOnly && (
        <div className="lt-portal-toolbar lt-portal-bottom">
          <Button type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void submit()}>
            {submitLabel ?? (mode === 'create' ? t('Thêm thủ tục', 'Add the procedure') : t('Lưu thay đổi', 'Save changes'))}
          </Button>
        </div>
      )}
    </div>
  );
}
