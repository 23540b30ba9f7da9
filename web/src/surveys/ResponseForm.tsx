import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Input, InputNumber, Modal, Radio, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { useAuth, useMe } from '../auth';
import { Link } from '../router';
import { ResponseStatusTag } from './labels';
import type { AnswerValue, Question } from './types';
import './surveys.css';

/**
 * One response: the questions of the version it was asked on, by section. The organisation
 * saves drafts and submits; the IT department reads it and may return it with a comment.
 * Works on a phone (one column, the actions stay at the bottom).
 */
export default function ResponseForm({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { has } = useAuth();
  const qc = useQueryClient();
  const res = useQuery({ queryKey: ['surveys', 'response', id], queryFn: async () => (await client.GET('/api/v1/surveys/responses/{id}', { params: { path: { id } } })).data! });
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (res.data) setAnswers(res.data.answers);
  }, [res.data]);
  const sections = useMemo(() => {
    const out: { name: string; questions: Question[] }[] = [];
    for (const q of res.data?.questionnaire.questions ?? []) {
      const last = out.at(-1);
      if (last && last.name === q.section) last.questions.push(q);
      else out.push({ name: q.section, questions: [q] });
    }
    return out;
  }, [res.data]);

  if (res.error) return <Page title={t('Phiếu khảo sát', 'Survey')}><LoadError error={res.error} retry={() => void res.refetch()} /></Page>;
  const r = res.data;
  if (!r) return <Page title={t('Phiếu khảo sát', 'Survey')}>{null}</Page>;
  const editable = r.can.edit;
  const errorCode = error?.field?.startsWith('answers.') ? error.field.slice(8) : null;

  const run = async (what: 'save' | 'submit') => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const body = { answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null && v !== '')) };
      const path = { params: { path: { id } }, body };
      const next = (what === 'save' ? await client.PUT('/api/v1/surveys/responses/{id}/answers', path) : await client.POST('/api/v1/surveys/responses/{id}/submit', path)).data!;
      qc.setQueryData(['surveys', 'response', id], next);
      await qc.invalidateQueries({ queryKey: ['surveys', 'mine'] });
      setSaved(what === 'save' ? t('Đã lưu nháp.', 'Draft saved.') : t('Đã nộp phiếu. Cảm ơn doanh nghiệp!', 'Submitted. Thank you!'));
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e);
        if (e.field?.startsWith('answers.')) document.getElementById(`q-${e.field.slice(8)}`)?.scrollIntoView({ block: 'center' });
      } else throw e;
    } finally {
      setBusy(false);
    }
  };

  const doReturn = async () => {
    try {
      const next = (await client.POST('/api/v1/surveys/responses/{id}/return', { params: { path: { id } }, body: { comment } })).data!;
      qc.setQueryData(['surveys', 'response', id], next);
      await qc.invalidateQueries({ queryKey: ['surveys'] });
      setReturning(false);
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      setReturning(false);
    }
  };

  const set = (code: string, v: AnswerValue) => setAnswers((a) => ({ ...a, [code]: v }));
  const control = (q: Question) => {
    const v = answers[q.code] ?? null;
    const labelId = `q-${q.code}-label`;
    switch (q.kind) {
      case 'yes_no':
        return (
          <Radio.Group aria-labelledby={labelId} disabled={!editable} value={v === null ? undefined : v} onChange={(e) => set(q.code, e.target.value as boolean)} optionType="button" buttonStyle="solid">
            <Radio value={true}>{t('Có', 'Yes')}</Radio>
            <Radio value={false}>{t('Không', 'No')}</Radio>
          </Radio.Group>
        );
      case 'number':
      case 'percent':
        return (
          <InputNumber
            aria-labelledby={labelId}
            disabled={!editable}
            min={0}
            max={q.kind === 'percent' ? 100 : undefined}
            style={{ width: 200, maxWidth: '100%' }}
            value={typeof v === 'number' ? v : null}
            onChange={(x) => set(q.code, x === null ? null : Number(x))}
            suffix={q.kind === 'percent' ? '%' : q.unit ?? undefined}
            decimalSeparator=","
            inputMode="decimal"
          />
        );
      case 'choice':
        return (
          <Radio.Group aria-labelledby={labelId} disabled={!editable} value={v ?? undefined} onChange={(e) => set(q.code, e.target.value as string)}>
            <Space direction="vertical">
              {q.choices.map((c) => (
                <Radio key={c.code} value={c.code}>
                  {c[lang]}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        );
      default:
        return <Input.TextArea aria-labelledby={labelId} disabled={!editable} maxLength={2000} autoSize={{ minRows: 2, maxRows: 8 }} value={typeof v === 'string' ? v : ''} onChange={(e) => set(q.code, e.target.value)} />;
    }
  };

  return (
    <Page
      title={lang === 'vi' ? r.questionnaire.titleVi : r.questionnaire.titleEn}
      sub={
        <Space wrap>
          <span>
            {r.org.name} · {r.period.name} · {t('phiếu', 'version')} {r.questionnaire.code} v{r.questionnaire.version}
          </span>
          <ResponseStatusTag status={r.status} />
          {r.period.status === 'open' && <span className="lt-muted">{t(`Hạn nộp ${fmtDate(r.period.closesOn)}`, `Due ${fmtDate(r.period.closesOn)}`)}</span>}
        </Space>
      }
      extra={<Link to={(me.isProvinceAdmin || has('it_officer')) && me.agencyId !== r.org.id ? `/surveys/periods/${r.period.id}` : '/my-surveys'}>{t('← Danh sách', '← Back')}</Link>}
    >
      {r.status === 'returned' && r.returnComment && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t(`Sở KH&CN trả lại phiếu ngày ${fmtDate(r.returnedAt)}`, `Returned on ${fmtDate(r.returnedAt)}`)} description={r.returnComment} />
      )}
      {r.status === 'submitted' && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t(`Đã nộp lúc ${fmtDateTime(r.submittedAt)}`, `Submitted ${fmtDateTime(r.submittedAt)}`)} />}
      {saved && r.status === 'submitted' && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={saved} role="status" />}
      {sections.map((s) => (
        <Card key={s.name || 'main'} size="small" title={s.name || undefined} className="lt-survey-section">
          {s.questions.map((q) => (
            <div key={q.code} id={`q-${q.code}`} className={`lt-survey-question${errorCode === q.code ? ' lt-has-error' : ''}`} data-question={q.code}>
              <label className="lt-survey-label" id={`q-${q.code}-label`}>
                {q.ord}. {lang === 'vi' ? q.textVi : q.textEn}
                {q.required && <span aria-label={t('bắt buộc', 'required')} style={{ color: '#a8071a' }}> *</span>}
              </label>
              {(lang === 'vi' ? q.helpVi : q.helpEn ?? q.helpVi) && <div className="lt-survey-help">{lang === 'vi' ? q.helpVi : q.helpEn ?? q.helpVi}</div>}
              {control(q)}
              {errorCode === q.code && error && (
                <div className="lt-survey-error" role="alert">
                  {lang === 'vi' ? error.messageVi : error.messageEn}
                </div>
              )}
            </div>
          ))}
        </Card>
      ))}
      {(editable || r.can.return) && (
        <div className="lt-survey-actions">
          {error && <Alert type="error" showIcon style={{ marginBottom: 8 }} message={lang === 'vi' ? error.messageVi : error.messageEn} />}
          {saved && <Alert type="success" showIcon style={{ marginBottom: 8 }} message={saved} role="status" />}
          <Space wrap>
            {editable && (
              <>
                <Button onClick={() => void run('save')} loading={busy}>
                  {t('Lưu nháp', 'Save draft')}
                </Button>
                <Button type="primary" onClick={() => void run('submit')} loading={busy}>
                  {r.status === 'returned' ? t('Nộp lại', 'Submit again') : t('Nộp phiếu', 'Submit')}
                </Button>
              </>
            )}
            {r.can.return && (
              <Button danger onClick={() => setReturning(true)}>
                {t('Trả lại để sửa', 'Return for correction')}
              </Button>
            )}
            {r.savedAt && <Typography.Text type="secondary">{t(`Lưu lần cuối ${fmtDateTime(r.savedAt)}`, `Last saved ${fmtDateTime(r.savedAt)}`)}</Typography.Text>}
          </Space>
        </div>
      )}
      <Modal open={returning} title={t('Trả lại phiếu để doanh nghiệp sửa', 'Return for correction')} onCancel={() => setReturning(false)} onOk={() => void doReturn()} okText={t('Trả lại', 'Return')} cancelText={t('Hủy', 'Cancel')} okButtonProps={{ disabled: !comment.trim(), danger: true }}>
        <label htmlFor="return-comment">{t('Ý kiến (câu nào cần sửa, vì sao)', 'Comment (what to correct, why)')}</label>
        <Input.TextArea id="return-comment" maxLength={2000} autoSize={{ minRows: 3 }} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Modal>
    </Page>
  );
}
