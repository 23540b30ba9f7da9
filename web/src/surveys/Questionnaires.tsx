import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Drawer, Empty, Form, Input, Select, Space, Table, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { useNarrow } from '../components/useNarrow';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { AUDIENCES, AUDIENCE_LABELS, QUESTION_KINDS } from '../../../src/domain/surveys';
import type { QuestionKind, QuestionnaireInput, QuestionnaireRow } from './types';
import './surveys.css';

export const KIND_LABELS: Record<QuestionKind, { vi: string; en: string }> = {
  yes_no: { vi: 'Có/Không', en: 'Yes/no' },
  number: { vi: 'Số (≥ 0)', en: 'Number (≥ 0)' },
  percent: { vi: 'Tỷ lệ (0–100 %)', en: 'Percent (0–100)' },
  choice: { vi: 'Chọn một phương án', en: 'One choice' },
  text: { vi: 'Chữ', en: 'Text' },
};

/**
 * Phiếu khảo sát (mẫu): the questionnaires and their versions. Editing makes a new version
 * (the questions with kind, required, help, section, choices); answers given to earlier
 * versions never change.
 */
export default function Questionnaires() {
  const { t, lang } = useI18n();
  const narrow = useNarrow();
  const list = useQuery({ queryKey: ['surveys', 'questionnaires'], queryFn: async () => (await client.GET('/api/v1/surveys/questionnaires')).data! });
  const [editing, setEditing] = useState<{ from: number | null } | null>(null);
  const latest = (code: string) => (list.data ?? []).filter((q) => q.code === code).sort((a, b) => b.version - a.version)[0];
  const action = (q: QuestionnaireRow) =>
    latest(q.code)?.id === q.id ? (
      <Button size="small" onClick={() => setEditing({ from: q.id })}>
        {t('Sửa thành phiên bản mới', 'Edit as a new version')}
      </Button>
    ) : (
      <Tag className="lt-tag">{t('Phiên bản cũ', 'Earlier version')}</Tag>
    );
  return (
    <Page
      title={t('Mẫu phiếu khảo sát', 'Questionnaires')}
      sub={t('Sửa phiếu tạo phiên bản mới; các câu trả lời theo phiên bản cũ giữ nguyên.', 'Editing makes a new version; answers given to earlier versions stay as they are.')}
      extra={
        <Space wrap>
          <Link to="/surveys">{t('← Các kỳ khảo sát', '← Periods')}</Link>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ from: null })}>
            {t('Phiếu mới', 'New questionnaire')}
          </Button>
        </Space>
      }
    >
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {narrow ? (
        <div className="lt-survey-cards">
          {list.data?.length === 0 && <Empty />}
          {list.data?.map((q) => (
            <Card key={q.id} size="small" data-questionnaire={q.id}>
              <b>{q.code} v{q.version}</b> — {q.titleVi}
              <div className="lt-muted">
                {AUDIENCE_LABELS[q.audience][lang]} · {q.questions} {t('câu', 'questions')} · {fmtDate(q.createdAt)}
              </div>
              {action(q)}
            </Card>
          ))}
        </div>
      ) : (
        <Table<QuestionnaireRow>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={false}
          onRow={(q) => ({ 'data-questionnaire': q.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'code', title: t('Mã, phiên bản', 'Code, version'), width: 140, render: (_: unknown, q: QuestionnaireRow) => `${q.code} v${q.version}` },
            { key: 'title', title: t('Tên phiếu', 'Title'), render: (_: unknown, q: QuestionnaireRow) => (lang === 'vi' ? q.titleVi : q.titleEn) },
            { key: 'aud', title: t('Đối tượng', 'Audience'), width: 200, render: (_: unknown, q: QuestionnaireRow) => AUDIENCE_LABELS[q.audience][lang] },
            { key: 'n', title: t('Số câu', 'Questions'), width: 80, render: (_: unknown, q: QuestionnaireRow) => q.questions },
            { key: 'at', title: t('Ngày tạo', 'Created'), width: 110, render: (_: unknown, q: QuestionnaireRow) => fmtDate(q.createdAt) },
            { key: 'act', title: <span className="lt-sr">{t('Thao tác', 'Action')}</span>, width: 200, render: (_: unknown, q: QuestionnaireRow) => action(q) },
          ]}
        />
      )}
      {editing && <QuestionnaireEditor from={editing.from} onClose={() => setEditing(null)} />}
    </Page>
  );
}

type FormQuestion = QuestionnaireInput['questions'][number];

function QuestionnaireEditor({ from, onClose }: { from: number | null; onClose(): void }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [form] = Form.useForm<QuestionnaireInput>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const base = useQuery({
    queryKey: ['surveys', 'questionnaire', from],
    enabled: from !== null,
    queryFn: async () => (await client.GET('/api/v1/surveys/questionnaires/{id}', { params: { path: { id: from! } } })).data!,
  });
  const initial: QuestionnaireInput | undefined =
    from === null
      ? { code: '', audience: 'enterprise', titleVi: '', titleEn: null, questions: [{ code: '', kind: 'yes_no', textVi: '', required: true }] }
      : base.data && {
          code: base.data.code,
          audience: base.data.audience,
          titleVi: base.data.titleVi,
          titleEn: base.data.titleEn,
          questions: base.data.questions.map((q) => ({ code: q.code, section: q.section, kind: q.kind, textVi: q.textVi, textEn: q.textEn, helpVi: q.helpVi, helpEn: q.helpEn, required: q.required, unit: q.unit, choices: q.choices })),
        };

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const questions = v.questions.map((q: FormQuestion) => ({ ...q, required: !!q.required, choices: q.kind === 'choice' ? q.choices : undefined }));
      await client.POST('/api/v1/surveys/questionnaires', { body: { ...v, questions } });
      await qc.invalidateQueries({ queryKey: ['surveys', 'questionnaires'] });
      onClose();
    } catch (e) {
      if (e instanceof ApiError) setError(t(e.messageVi, e.messageEn) + (e.field ? ` (${e.field})` : ''));
      else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size="min(880px, 100vw)"
      title={from === null ? t('Phiếu khảo sát mới', 'New questionnaire') : t('Phiên bản mới của phiếu', 'New version of the questionnaire')}
      onClose={onClose}
      extra={
        <Button type="primary" loading={busy} onClick={() => void save()} disabled={!initial}>
          {t('Lưu phiên bản', 'Save the version')}
        </Button>
      }
    >
      {base.error && <LoadError error={base.error} retry={() => void base.refetch()} />}
      {initial && (
        <Form form={form} layout="vertical" initialValues={initial} data-testid="questionnaire-form">
          <Space wrap align="start">
            <Form.Item name="code" label={t('Mã phiếu', 'Code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_-]{1,29}$/, message: t('Chữ in hoa, số, gạch (2–30 ký tự).', '2–30 capitals, digits, dashes.') }]}>
              <Input maxLength={30} disabled={from !== null} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="audience" label={t('Đối tượng', 'Audience')}>
              <Select disabled={from !== null} style={{ width: 260 }} options={AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABELS[a][lang] }))} />
            </Form.Item>
          </Space>
          <Form.Item name="titleVi" label={t('Tên phiếu', 'Title (Vietnamese)')} rules={[{ required: true, whitespace: true, message: t('Hãy nhập tên phiếu.', 'Enter a title.') }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="titleEn" label={t('Tên phiếu (tiếng Anh)', 'Title (English)')}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.List name="questions">
            {(fields, { add, remove, move }) => (
              <>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    style={{ marginBottom: 12 }}
                    title={t(`Câu ${i + 1}`, `Question ${i + 1}`)}
                    data-question-editor={i + 1}
                    extra={
                      <Space size={4}>
                        <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, i - 1)} aria-label={t(`Đưa câu ${i + 1} lên`, `Move question ${i + 1} up`)} />
                        <Button size="small" icon={<ArrowDownOutlined />} disabled={i === fields.length - 1} onClick={() => move(i, i + 1)} aria-label={t(`Đưa câu ${i + 1} xuống`, `Move question ${i + 1} down`)} />
                        <Button size="small" danger icon={<DeleteOutlined />} disabled={fields.length === 1} onClick={() => remove(f.name)} aria-label={t(`Xóa câu ${i + 1}`, `Remove question ${i + 1}`)} />
                      </Space>
                    }
                  >
                    <Space wrap align="start">
                      <Form.Item name={[f.name, 'code']} label={t('Mã câu', 'Code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{0,39}$/, message: t('Chữ in hoa, số, gạch dưới.', 'Capitals, digits, underscores.') }]}>
                        <Input maxLength={40} style={{ width: 170 }} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'kind']} label={t('Loại câu', 'Kind')}>
                        <Select style={{ width: 190 }} options={QUESTION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k][lang] }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'required']} valuePropName="checked" label={t('Bắt buộc', 'Required')}>
                        <Checkbox>{t('Bắt buộc trả lời', 'Required')}</Checkbox>
                      </Form.Item>
                    </Space>
                    <Form.Item name={[f.name, 'section']} label={t('Phần (nhóm câu hỏi)', 'Section')}>
                      <Input maxLength={200} placeholder="B. Giao dịch điện tử" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'textVi']} label={t('Nội dung câu hỏi', 'Question (Vietnamese)')} rules={[{ required: true, whitespace: true, message: t('Hãy nhập nội dung câu hỏi.', 'Enter the question.') }]}>
                      <Input.TextArea maxLength={1000} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'textEn']} label={t('Câu hỏi (tiếng Anh)', 'Question (English)')}>
                      <Input maxLength={1000} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'helpVi']} label={t('Hướng dẫn trả lời', 'Help (Vietnamese)')}>
                      <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
                    </Form.Item>
                    <Form.Item noStyle dependencies={[['questions', f.name, 'kind']]}>
                      {({ getFieldValue }) => {
                        const kind = getFieldValue(['questions', f.name, 'kind']) as QuestionKind;
                        if (kind === 'number')
                          return (
                            <Form.Item name={[f.name, 'unit']} label={t('Đơn vị tính', 'Unit')}>
                              <Input maxLength={40} style={{ width: 160 }} />
                            </Form.Item>
                          );
                        if (kind !== 'choice') return null;
                        return (
                          <Form.List name={[f.name, 'choices']} initialValue={[{ code: '', vi: '' }, { code: '', vi: '' }]}>
                            {(cs, ops) => (
                              <fieldset className="lt-survey-choices">
                                <legend>{t('Các phương án (2–30)', 'Options (2–30)')}</legend>
                                {cs.map((c, j) => (
                                  <Space key={c.key} wrap align="start">
                                    <Form.Item name={[c.name, 'code']} label={t(`Mã phương án ${j + 1}`, `Option ${j + 1} code`)} rules={[{ required: true, pattern: /^[a-z0-9_]{1,40}$/, message: t('Chữ thường, số, gạch dưới.', 'Lower case, digits, underscores.') }]}>
                                      <Input maxLength={40} style={{ width: 130 }} />
                                    </Form.Item>
                                    <Form.Item name={[c.name, 'vi']} label={t(`Phương án ${j + 1}`, `Option ${j + 1}`)} rules={[{ required: true, whitespace: true, message: t('Hãy nhập phương án.', 'Enter the option.') }]}>
                                      <Input maxLength={300} style={{ width: 260 }} />
                                    </Form.Item>
                                    <Form.Item label={<span className="lt-sr">{t('Xóa', 'Remove')}</span>}>
                                      <Button icon={<DeleteOutlined />} disabled={cs.length <= 2} onClick={() => ops.remove(c.name)} aria-label={t(`Xóa phương án ${j + 1}`, `Remove option ${j + 1}`)} />
                                    </Form.Item>
                                  </Space>
                                ))}
                                <Button size="small" icon={<PlusOutlined />} onClick={() => ops.add({ code: '', vi: '' })} disabled={cs.length >= 30}>
                                  {t('Thêm phương án', 'Add an option')}
                                </Button>
                              </fieldset>
                            )}
                          </Form.List>
                        );
                      }}
                    </Form.Item>
                  </Card>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({ code: '', kind: 'yes_no', textVi: '', required: true, section: fields.length ? form.getFieldValue(['questions', fields.length - 1, 'section']) : '' })} disabled={fields.length >= 100}>
                  {t('Thêm câu hỏi', 'Add a question')}
                </Button>
              </>
            )}
          </Form.List>
          {error && <Alert style={{ marginTop: 12 }} type="error" showIcon message={error} role="alert" />}
        </Form>
      )}
    </Drawer>
  );
}
