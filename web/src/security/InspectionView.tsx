import { useState } from 'react';
import { Button, Descriptions, Form, Input, Select, Skeleton, Space, Tag, Timeline } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { DocLink } from '../components/DocLink';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { REC_EVENT_KIND, INSPECTION_STATUS, RECOMMENDATION_STATUS, SEVERITY, SEVERITY_ORDER, SeverityTag } from './labels';
import type { Body } from '../api/client';
import type { Inspection, Recommendation } from './types';
import '../tasks/tasks.css';

type Dialog = { kind: 'report' | 'close' | 'reopen'; rec: Recommendation } | { kind: 'record' | 'conclude' } | null;
const recOf = (d: Dialog) => (d && 'rec' in d ? d.rec : null);

/** One inspection: team, date, findings, the conclusion (a document of the exchange) and each recommendation's follow-up. */
export default function InspectionView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['security-inspection', id], queryFn: async () => (await client.GET('/api/v1/security/inspections/{id}', { params: { path: { id } } })).data!, enabled: Number.isInteger(id) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const act = async (call: Promise<{ data?: Inspection }>) => {
    const updated = await answer(call);
    qc.setQueryData(['security-inspection', id], updated);
    void qc.invalidateQueries({ queryKey: ['security-plans'] });
    void qc.invalidateQueries({ queryKey: ['security-recs-by-agency'] });
  };
  if (q.error) return <Page title={t('Cuộc kiểm tra', 'Inspection')}><LoadError error={q.error} retry={() => void q.refetch()} /></Page>;
  const d = q.data;
  if (!d) return <Page title={t('Cuộc kiểm tra', 'Inspection')}><Skeleton active /></Page>;

  return (
    <Page title={t(`Kiểm tra tại ${d.targetOrgName}`, `Inspection of ${d.targetOrgName}`)} sub={`${d.planTitle} · ${INSPECTION_STATUS[d.status][lang]}`} extra={<Link to="/security/inspections">{t('← Kế hoạch kiểm tra', '← Inspection plans')}</Link>}>
      <Space wrap style={{ marginBottom: 12 }}>
        {d.can.record && <Button type={d.status === 'planned' ? 'primary' : 'default'} onClick={() => setDialog({ kind: 'record' })}>{t('Ghi kết quả kiểm tra', 'Record the inspection')}</Button>}
        {d.can.conclude && <Button type="primary" onClick={() => setDialog({ kind: 'conclude' })}>{t('Ban hành kết luận', 'Issue the conclusion')}</Button>}
      </Space>
      <Panel className="lt-card" title={t('Cuộc kiểm tra', 'Inspection')}>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'by', label: t('Cơ quan kiểm tra', 'Inspecting agency'), children: d.planOrgName },
            { key: 'month', label: t('Tháng theo kế hoạch', 'Planned month'), children: `${d.plannedMonth}/${d.year}` },
            { key: 'scope', label: t('Nội dung', 'Scope'), span: 'filled', children: d.scope },
            { key: 'team', label: t('Đoàn kiểm tra', 'Team'), span: 'filled', children: d.team ?? '—' },
            { key: 'on', label: t('Ngày kiểm tra', 'Inspected on'), children: fmtDate(d.inspectedOn) || '—' },
            {
              key: 'conclusion',
              label: t('Kết luận', 'Conclusion'),
              children: d.conclusion ? <span data-testid="conclusion"><DocLink id={d.conclusion.id} symbol={d.conclusion.symbol} /> {fmtDate(d.conclusion.docDate)} — {d.conclusion.signerName}</span> : '—',
            },
          ]}
        />
      </Panel>
      <Panel className="lt-card" title={t('Phát hiện', 'Findings')}>
        {d.findings.length === 0 ? <span className="lt-muted">—</span> : (
          <ol style={{ margin: 0, paddingLeft: 20 }}>
            {d.findings.map((f) => <li key={f.id}>{f.text} <SeverityTag severity={f.severity} /></li>)}
          </ol>
        )}
      </Panel>
      <Panel className="lt-card" title={t('Kiến nghị', 'Recommendations')} data-testid="recommendations">
        {d.recommendations.map((r, k) => (
          <div key={r.id} className="lt-fieldset" data-recommendation={r.id} data-status={r.status}>
            <div>
              <b>{k + 1}.</b> {r.text}
            </div>
            <Space wrap style={{ margin: '4px 0' }}>
              <Tag color={RECOMMENDATION_STATUS[r.status].color} className="lt-tag">{RECOMMENDATION_STATUS[r.status][lang]}</Tag>
              <span className={r.overdue ? 'lt-task-late' : 'lt-muted'}>{t('Hạn', 'Due')} {fmtDate(r.deadline)}{r.overdue ? ` — ${t('quá hạn', 'overdue')}` : ''}</span>
              {r.can.report && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'report', rec: r })}>{t('Báo cáo thực hiện', 'Report action')}</Button>}
              {r.can.decide && r.status !== 'closed' && <Button size="small" onClick={() => setDialog({ kind: 'close', rec: r })}>{t('Đóng', 'Close')}</Button>}
              {r.can.decide && r.status !== 'reopened' && <Button size="small" danger onClick={() => setDialog({ kind: 'reopen', rec: r })}>{t('Mở lại', 'Reopen')}</Button>}
            </Space>
            {r.events.length > 0 && (
              <Timeline
                className="lt-timeline"
                items={r.events.map((e) => ({
                  key: e.id,
                  content: (
                    <div>
                      <b>{REC_EVENT_KIND[e.kind]?.[lang] ?? e.kind}</b> <span className="lt-muted">— {e.orgName}{e.userName ? `, ${e.userName}` : ''} · {fmtDateTime(e.at)}</span>
                      {e.text && <div className="lt-pre">{e.text}</div>}
                    </div>
                  ),
                }))}
              />
            )}
          </div>
        ))}
        {d.recommendations.length === 0 && <span className="lt-muted">{t('Chưa có kiến nghị (chưa kết luận).', 'No recommendations yet (not concluded).')}</span>}
      </Panel>
      <ActionModal<{ text: string }> open={dialog?.kind === 'report'} title={t('Báo cáo kết quả thực hiện kiến nghị', 'Report what was done')} okText={t('Gửi', 'Send')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/recommendations/{id}/report', { params: { path: { id: recOf(dialog)!.id } }, body: v }))}>
        <Form.Item name="text" label={t('Kết quả thực hiện', 'What was done')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={4} maxLength={5000} /></Form.Item>
      </ActionModal>
      <ActionModal<{ text?: string }> open={dialog?.kind === 'close'} title={t('Đóng kiến nghị', 'Close the recommendation')} okText={t('Đóng', 'Close')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/recommendations/{id}/decision', { params: { path: { id: recOf(dialog)!.id } }, body: { close: true, text: v.text } }))}>
        <Form.Item name="text" label={t('Ý kiến', 'Comment')}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      </ActionModal>
      <ActionModal<{ text: string }> open={dialog?.kind === 'reopen'} title={t('Mở lại kiến nghị', 'Reopen the recommendation')} okText={t('Mở lại', 'Reopen')} danger onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/recommendations/{id}/decision', { params: { path: { id: recOf(dialog)!.id } }, body: { close: false, text: v.text } }))}>
        <Form.Item name="text" label={t('Lý do', 'Reason')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={2000} /></Form.Item>
      </ActionModal>
      <ActionModal<{ team: string; inspectedOn: string; findings?: Body<'/api/v1/security/inspections/{id}/record', 'post'>['findings'] }>
        open={dialog?.kind === 'record'}
        title={t('Kết quả kiểm tra', 'Inspection record')}
        okText={t('Lưu', 'Save')}
        width={680}
        onClose={() => setDialog(null)}
        onSubmit={(v) => act(client.POST('/api/v1/security/inspections/{id}/record', { params: { path: { id } }, body: { ...v, findings: v.findings ?? [] } }))}
        initialValues={{ team: d.team ?? '', inspectedOn: d.inspectedOn ? fmtDate(d.inspectedOn) : '', findings: d.findings.map((f) => ({ text: f.text, severity: f.severity })) }}
      >
        <Form.Item name="team" label={t('Đoàn kiểm tra', 'Team')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
        <Form.Item name="inspectedOn" label={t('Ngày kiểm tra (dd/mm/yyyy)', 'Inspected on (dd/mm/yyyy)')} rules={[{ required: true }]}><Input maxLength={10} style={{ width: 160 }} /></Form.Item>
        <Form.List name="findings">
          {(fields, { add, remove }) => (
            <fieldset className="lt-fieldset">
              <legend>{t('Phát hiện', 'Findings')}</legend>
              {fields.map((f, k) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true }]} style={{ width: 380 }}><Input.TextArea rows={2} maxLength={2000} aria-label={t(`Phát hiện ${k + 1}`, `Finding ${k + 1}`)} /></Form.Item>
                  <Form.Item name={[f.name, 'severity']} rules={[{ required: true }]}><Select style={{ width: 150 }} aria-label={t(`Mức độ phát hiện ${k + 1}`, `Severity of finding ${k + 1}`)} options={SEVERITY_ORDER.map((x) => ({ value: x, label: SEVERITY[x][lang] }))} /></Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t(`Bỏ phát hiện ${k + 1}`, `Remove finding ${k + 1}`)} />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ severity: 'medium' })}>{t('Thêm phát hiện', 'Add a finding')}</Button>
            </fieldset>
          )}
        </Form.List>
      </ActionModal>
      <ActionModal<{ summary: string; signerName?: string; signerPosition?: string; recommendations: { text: string; deadline: string }[] }>
        open={dialog?.kind === 'conclude'}
        title={t('Kết luận kiểm tra (gửi cơ quan được kiểm tra qua hệ thống)', 'Conclusion (sent to the inspected agency)')}
        okText={t('Ban hành kết luận', 'Issue')}
        width={680}
        onClose={() => setDialog(null)}
        onSubmit={(v) => act(client.POST('/api/v1/security/inspections/{id}/conclude', { params: { path: { id } }, body: v }))}
        initialValues={{ recommendations: [{ text: '', deadline: '' }], signerPosition: 'Trưởng đoàn kiểm tra' }}
      >
        <Form.Item name="summary" label={t('Nội dung kết luận', 'Conclusion')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={4} maxLength={10000} /></Form.Item>
        <Space wrap>
          <Form.Item name="signerName" label={t('Người ký', 'Signed by')}><Input maxLength={200} /></Form.Item>
          <Form.Item name="signerPosition" label={t('Chức vụ', 'Position')}><Input maxLength={200} /></Form.Item>
        </Space>
        <Form.List name="recommendations">
          {(fields, { add, remove }) => (
            <fieldset className="lt-fieldset">
              <legend>{t('Kiến nghị và hạn thực hiện', 'Recommendations and deadlines')}</legend>
              {fields.map((f, k) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'text']} rules={[{ required: true, whitespace: true }]} style={{ width: 380 }}><Input.TextArea rows={2} maxLength={2000} aria-label={t(`Kiến nghị ${k + 1}`, `Recommendation ${k + 1}`)} /></Form.Item>
                  <Form.Item name={[f.name, 'deadline']} rules={[{ required: true }]}><Input maxLength={10} placeholder="dd/mm/yyyy" style={{ width: 130 }} aria-label={t(`Hạn kiến nghị ${k + 1}`, `Deadline of recommendation ${k + 1}`)} /></Form.Item>
                  {fields.length > 1 && <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t(`Bỏ kiến nghị ${k + 1}`, `Remove recommendation ${k + 1}`)} />}
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ text: '', deadline: '' })}>{t('Thêm kiến nghị', 'Add a recommendation')}</Button>
            </fieldset>
          )}
        </Form.List>
      </ActionModal>
    </Page>
  );
}
