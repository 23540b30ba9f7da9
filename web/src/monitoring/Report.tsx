import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Descriptions, Grid, Input, InputNumber, Space, Table, Tag, Timeline } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from '../api/client';
import { useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { usePeriods } from './common';
import { BandTag, monthLabel, num, ReportTag } from './labels';
import type { Report as ReportData, ReportIndicator } from './types';
import './monitoring.css';

const EVENT: Record<string, { vi: string; en: string }> = {
  saved: { vi: 'lưu báo cáo', en: 'saved' },
  submitted: { vi: 'gửi báo cáo', en: 'sent' },
  returned: { vi: 'Sở KH&CN trả lại', en: 'returned' },
  accepted: { vi: 'Sở KH&CN tiếp nhận', en: 'accepted' },
};

type Given = Record<string, { value: number | null; numerator: number | null; denominator: number | null; note: string | null }>;

/** "Báo cáo tháng" of the signed-in user's agency: opens the current month's report. */
export function MyReport() {
  const me = useMe();
  const periods = usePeriods();
  useEffect(() => {
    if (periods.data) navigate(`/monitoring/reports/${periods.data.current}/${me.agencyId}`, { replace: true });
  }, [periods.data, me.agencyId]);
  return periods.error ? <LoadError error={periods.error} /> : null;
}

/**
 * An agency's monthly report: the automatic indicators filled in (each value opens its
 * records), the figures the agency gives, its narrative; sent by the deadline; the IT
 * department returns it with comments or accepts it.
 */
export default function Report({ month, orgId }: { month: string; orgId: number }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const screens = Grid.useBreakpoint();
  const qc = useQueryClient();
  const key = ['monitoring', 'report', month, orgId];
  const path = { params: { path: { month, orgId } } };
  const q = useQuery({ queryKey: key, queryFn: async (): Promise<ReportData> => (await client.GET('/api/v1/monitoring/reports/{month}/{orgId}', path)).data! });
  const r = q.data;
  const [given, setGiven] = useState<Given>({});
  const [text, setText] = useState({ results: '', problems: '', proposals: '' });
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (!r) return;
    setGiven(Object.fromEntries(r.indicators.filter((i) => i.origin === 'reported').map((i) => [i.code, { value: i.value, numerator: i.numerator, denominator: i.denominator, note: i.note }])));
    setText({ results: r.results ?? '', problems: r.problems ?? '', proposals: r.proposals ?? '' });
  }, [r]);
  const done = (d: ReportData, msg: string) => {
    qc.setQueryData(key, d);
    void qc.invalidateQueries({ queryKey: ['monitoring', 'dashboard'] });
    message.success(msg);
  };
  const body = () => ({ reported: given, results: text.results || null, problems: text.problems || null, proposals: text.proposals || null });
  const save = useMutation({ mutationFn: async () => (await client.PUT('/api/v1/monitoring/reports/{month}/{orgId}', { ...path, body: body() })).data!, onSuccess: (d) => done(d, t('Đã lưu báo cáo.', 'Report saved.')) });
  const submit = useMutation({
    mutationFn: async () => {
      await client.PUT('/api/v1/monitoring/reports/{month}/{orgId}', { ...path, body: body() });
      return (await client.POST('/api/v1/monitoring/reports/{month}/{orgId}/submit', path)).data!;
    },
    onSuccess: (d) => done(d, t('Đã gửi báo cáo tới Sở KH&CN.', 'Report sent to the IT department.')),
  });
  const decide = useMutation({ mutationFn: async (decision: 'return' | 'accept') => (await client.POST('/api/v1/monitoring/reports/{month}/{orgId}/decision', { ...path, body: { decision, ...(comment ? { comment } : {}) } })).data!, onSuccess: (d) => done(d, t('Đã ghi nhận.', 'Recorded.')) });
  const error = save.error ?? submit.error ?? decide.error;

  const valueCell = (i: ReportIndicator) =>
    i.origin === 'automatic' ? (
      i.value === null ? (
        <span className="lt-muted">{t('Không có dữ liệu', 'No data')}</span>
      ) : (
        <Link to={`/monitoring/drill/${month}/${orgId}/${encodeURIComponent(i.code)}`} aria-label={t(`${i.nameVi}: ${num(i.value, i.unit)}, xem chi tiết`, `${i.nameEn}: ${num(i.value, i.unit)}, see the records`)}>
          {num(i.value, i.unit)}
          {i.denominator !== null && <span className="lt-muted"> ({num(i.numerator)}/{num(i.denominator)})</span>}
          {i.p90 !== null && <span className="lt-muted"> · p90 {num(i.p90)}</span>}
        </Link>
      )
    ) : r?.can.edit ? (
      <Space wrap size={4}>
        <InputNumber aria-label={t(`${i.nameVi}: giá trị`, `${i.nameEn}: value`)} min={0} value={given[i.code]?.value ?? null} onChange={(v) => setGiven({ ...given, [i.code]: { ...(given[i.code] ?? { numerator: null, denominator: null, note: null }), value: v } })} />
        {i.denominatorDef && (
          <>
            <InputNumber aria-label={t(`${i.nameVi}: tử số`, `${i.nameEn}: numerator`)} placeholder={t('Tử số', 'Num.')} min={0} value={given[i.code]?.numerator ?? null} onChange={(v) => setGiven({ ...given, [i.code]: { ...(given[i.code] ?? { value: null, denominator: null, note: null }), numerator: v } })} />
            <InputNumber aria-label={t(`${i.nameVi}: mẫu số`, `${i.nameEn}: denominator`)} placeholder={t('Mẫu số', 'Den.')} min={0} value={given[i.code]?.denominator ?? null} onChange={(v) => setGiven({ ...given, [i.code]: { ...(given[i.code] ?? { value: null, numerator: null, note: null }), denominator: v } })} />
          </>
        )}
      </Space>
    ) : (
      num(i.value, i.unit)
    );

  const columns = [
    { key: 'name', title: t('Chỉ tiêu', 'Indicator'), render: (_: unknown, i: ReportIndicator) => <span><b>{i.code}</b> {lang === 'vi' ? i.nameVi : i.nameEn}<div className="lt-muted">{i.origin === 'automatic' ? i.method : `${t('Kiểm chứng', 'Evidence')}: ${i.evidence ?? '—'}`}</div></span> },
    { key: 'origin', title: t('Nguồn', 'Source'), width: 120, render: (_: unknown, i: ReportIndicator) => <Tag>{i.origin === 'automatic' ? t('Tự động', 'Automatic') : t('Cơ quan nhập', 'Agency')}</Tag> },
    { key: 'value', title: t('Giá trị', 'Value'), width: 280, render: (_: unknown, i: ReportIndicator) => valueCell(i) },
    { key: 'points', title: t('Điểm', 'Points'), width: 90, render: (_: unknown, i: ReportIndicator) => `${num(i.points)}/${i.maxPoints}` },
  ];
  const textField = (k: 'results' | 'problems' | 'proposals', label: string) => (
    <div style={{ marginTop: 12 }}>
      <label htmlFor={`mon-${k}`}><b>{label}</b></label>
      {r?.can.edit ? <Input.TextArea id={`mon-${k}`} autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20000} value={text[k]} onChange={(e) => setText({ ...text, [k]: e.target.value })} /> : <p id={`mon-${k}`} className="lt-mon-summary">{text[k] || '—'}</p>}
    </div>
  );

  return (
    <Page
      title={r ? t(`Báo cáo tháng ${monthLabel(month)} — ${r.orgName}`, `Report for ${monthLabel(month)} — ${r.orgName}`) : t('Báo cáo tháng', 'Monthly report')}
      sub={r && t(`Số liệu từ ${fmtDate(r.period.from)} đến ${fmtDate(r.period.to)}; hạn gửi ${fmtDate(r.period.deadline)}`, `Data ${fmtDate(r.period.from)}–${fmtDate(r.period.to)}; due ${fmtDate(r.period.deadline)}`)}
    >
      {q.error && <LoadError error={q.error} retry={() => void q.refetch()} />}
      {error && <LoadError error={error} />}
      {r && (
        <>
          <Descriptions size="small" column={screens.md ? 4 : 1} bordered>
            <Descriptions.Item label={t('Tình trạng', 'Status')}><ReportTag status={r.status} late={r.late} /></Descriptions.Item>
            <Descriptions.Item label={t('Ngày gửi', 'Sent')}>{fmtDateTime(r.submittedAt) || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('Điểm', 'Score')}>{num(r.score)}/100</Descriptions.Item>
            <Descriptions.Item label={t('Xếp loại, hạng', 'Band, rank')}><BandTag band={r.band} /> {r.rank ?? ''}</Descriptions.Item>
          </Descriptions>
          {r.overdue && <Alert style={{ marginTop: 12 }} type="error" showIcon title={t(`Đã quá hạn gửi báo cáo (${fmtDate(r.period.deadline)}).`, `The report is overdue (due ${fmtDate(r.period.deadline)}).`)} />}
          {r.status === 'returned' && r.comment && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('Sở KH&CN trả lại: ', 'Returned by the IT department: ') + r.comment} />}
          <Card size="small" title={t('Chỉ tiêu', 'Indicators')} style={{ marginTop: 12 }}>
            {screens.md === false ? (
              <div className="lt-mon-cards">
                {r.indicators.map((i) => (
                  <Card key={i.code} size="small">
                    <div><b>{i.code}</b> {lang === 'vi' ? i.nameVi : i.nameEn}</div>
                    <div style={{ marginTop: 4 }}>{valueCell(i)}</div>
                    <div className="lt-muted">{t('Điểm', 'Points')}: {num(i.points)}/{i.maxPoints}</div>
                  </Card>
                ))}
              </div>
            ) : (
              <Table rowKey="code" size="small" pagination={false} columns={columns} dataSource={r.indicators} />
            )}
          </Card>
          <Card size="small" title={t('Nội dung báo cáo', 'Narrative')} style={{ marginTop: 12 }}>
            {textField('results', t('Kết quả đạt được', 'Results'))}
            {textField('problems', t('Khó khăn, vướng mắc', 'Problems'))}
            {textField('proposals', t('Đề xuất, kiến nghị', 'Proposals'))}
          </Card>
          <Space wrap style={{ marginTop: 12 }}>
            {r.can.edit && <Button onClick={() => save.mutate()} loading={save.isPending}>{t('Lưu', 'Save')}</Button>}
            {r.can.submit && <Button type="primary" onClick={() => submit.mutate()} loading={submit.isPending}>{t('Gửi báo cáo', 'Send the report')}</Button>}
          </Space>
          {r.can.decide && (
            <Card size="small" title={t('Xem xét báo cáo (Sở KH&CN)', 'Review (IT department)')} style={{ marginTop: 12 }}>
              <label htmlFor="mon-comment">{t('Ý kiến (bắt buộc khi trả lại)', 'Comments (required to return)')}</label>
              <Input.TextArea id="mon-comment" autoSize={{ minRows: 2 }} maxLength={5000} value={comment} onChange={(e) => setComment(e.target.value)} />
              <Space style={{ marginTop: 8 }}>
                <Button danger onClick={() => decide.mutate('return')} disabled={!comment.trim()}>{t('Trả lại', 'Return')}</Button>
                <Button type="primary" onClick={() => decide.mutate('accept')}>{t('Tiếp nhận', 'Accept')}</Button>
              </Space>
            </Card>
          )}
          {r.events.length > 0 && (
            <Card size="small" title={t('Quá trình', 'History')} style={{ marginTop: 12 }}>
              <Timeline items={r.events.map((e) => ({ content: `${fmtDateTime(e.at)} — ${e.userName ?? ''}: ${EVENT[e.kind]?.[lang] ?? e.kind}${e.text ? ` (${e.text})` : ''}` }))} />
            </Card>
          )}
        </>
      )}
    </Page>
  );
}
