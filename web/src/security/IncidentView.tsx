import { useRef, useState } from 'react';
import { Alert, Button, Col, Descriptions, Form, Grid, Input, Row, Skeleton, Space, Table, Timeline } from 'antd';
import type { DescriptionsProps } from 'antd';
import { DownloadOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client, postFile } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDateTime, fmtSize } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { EVENT_KIND, IncidentStatusTag, SeverityTag } from './labels';
import type { AccessLogEntry, IncidentDetail } from './types';
import '../tasks/tasks.css';

type Dialog = 'acknowledge' | 'updates' | 'resolve' | 'final-report' | null;

/** One incident: the initial report, its deadlines, the response timeline, files, exports and (for the incident team) who read it. */
export default function IncidentView({ id }: { id: number }) {
  const { t, err, lang } = useI18n();
  const qc = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const incident = useQuery({ queryKey: ['security-incident', id], queryFn: async () => (await client.GET('/api/v1/security/incidents/{id}', { params: { path: { id } } })).data!, enabled: Number.isInteger(id) });
  const log = useQuery({ queryKey: ['security-incident', id, 'log'], queryFn: async () => (await client.GET('/api/v1/security/incidents/{id}/access-log', { params: { path: { id } } })).data!, enabled: !!incident.data?.can.accessLog });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const act = async (call: Promise<{ data?: IncidentDetail }>) => {
    const updated = await answer(call);
    qc.setQueryData(['security-incident', id], updated);
    void qc.invalidateQueries({ queryKey: ['security-incidents'] });
  };

  if (incident.error) {
    return (
      <Page title={t('Sự cố', 'Incident')}>
        <LoadError error={incident.error} retry={() => void incident.refetch()} />
        <Link to="/security/incidents">{t('← Danh sách sự cố', '← All incidents')}</Link>
      </Page>
    );
  }
  const d = incident.data;
  if (!d) return <Page title={t('Sự cố', 'Incident')}><Skeleton active paragraph={{ rows: 8 }} /></Page>;

  const info: DescriptionsProps['items'] = [
    { key: 'org', label: t('Cơ quan báo cáo', 'Reporting agency'), children: d.orgName },
    { key: 'who', label: t('Người báo cáo', 'Reported by'), children: `${d.reporterName}${d.reporterPhone ? ` · ${d.reporterPhone}` : ''}` },
    { key: 'severity', label: t('Mức độ', 'Severity'), children: <SeverityTag severity={d.severity} /> },
    { key: 'systems', label: t('Hệ thống bị ảnh hưởng', 'Affected systems'), children: d.systems.map((s) => `${s.name} (${t('cấp độ', 'level')} ${s.level})`).join('; ') || '—' },
    { key: 'detected', label: t('Phát hiện', 'Detected'), children: fmtDateTime(d.detectedAt) },
    {
      key: 'reported',
      label: t('Báo cáo ban đầu', 'Initial report'),
      children: (
        <span>
          {fmtDateTime(d.reportedAt)} <span className={d.initialOnTime ? 'lt-muted' : 'lt-task-late'}>({d.initialOnTime ? t('đúng hạn', 'on time') : t('muộn', 'late')}, {t('hạn', 'due')} {fmtDateTime(d.initialDue)})</span>
        </span>
      ),
    },
    { key: 'ack', label: t('Tiếp nhận', 'Acknowledged'), children: fmtDateTime(d.acknowledgedAt) || '—' },
    { key: 'handling', label: t('Bắt đầu xử lý', 'Handling since'), children: fmtDateTime(d.handlingAt) || '—' },
    { key: 'resolved', label: t('Kết thúc xử lý', 'Resolved'), children: fmtDateTime(d.resolvedAt) || '—' },
    {
      key: 'final',
      label: t('Báo cáo kết thúc', 'Final report'),
      children: (
        <span data-testid="final-due">
          {d.finalReportAt ? fmtDateTime(d.finalReportAt) : '—'}
          {d.finalDue && <span className={d.finalOverdue ? 'lt-task-late' : 'lt-muted'}> ({t('hạn', 'due')} {fmtDateTime(d.finalDue)}{d.finalOverdue ? `, ${t('quá hạn', 'overdue')}` : ''})</span>}
        </span>
      ),
    },
    { key: 'desc', label: t('Mô tả', 'Description'), span: 'filled', children: <div className="lt-pre">{d.description}</div> },
    { key: 'done', label: t('Biện pháp đã thực hiện', 'What was done'), span: 'filled', children: <div className="lt-pre">{d.actionsTaken ?? '—'}</div> },
    { key: 'help', label: t('Đề nghị hỗ trợ', 'Help wanted'), span: 'filled', children: <div className="lt-pre">{d.helpWanted ?? '—'}</div> },
    ...(d.cause
      ? [
          { key: 'cause', label: t('Nguyên nhân', 'Cause'), span: 'filled' as const, children: <div className="lt-pre">{d.cause}</div> },
          { key: 'damage', label: t('Thiệt hại', 'Damage'), span: 'filled' as const, children: <div className="lt-pre">{d.damage}</div> },
          { key: 'lessons', label: t('Bài học kinh nghiệm', 'Lessons'), span: 'filled' as const, children: <div className="lt-pre">{d.lessons}</div> },
        ]
      : []),
  ];

  const onFile = async (f: File | undefined) => {
    if (!f) return;
    setFileError(null);
    try {
      await postFile('/api/v1/security/incidents/{id}/files', { params: { path: { id } }, body: { file: f } });
      void incident.refetch();
    } catch (e) {
      setFileError(err(e));
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const can = d.can;
  return (
    <Page
      title={<span>{t('Sự cố', 'Incident')} #{d.id}: {d.title}</span>}
      sub={<span data-testid="incident-status"><IncidentStatusTag status={d.status} overdue={d.overdue} /></span>}
      extra={<Link to="/security/incidents">{t('← Danh sách sự cố', '← All incidents')}</Link>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {can.acknowledge && <Button type="primary" onClick={() => setDialog('acknowledge')}>{t('Tiếp nhận', 'Acknowledge')}</Button>}
        {can.update && <Button type={can.acknowledge ? 'default' : 'primary'} onClick={() => setDialog('updates')}>{t('Cập nhật xử lý', 'Add an update')}</Button>}
        {can.resolve && <Button onClick={() => setDialog('resolve')}>{t('Kết thúc xử lý', 'Mark resolved')}</Button>}
        {can.finalReport && <Button type="primary" onClick={() => setDialog('final-report')}>{t('Báo cáo kết thúc ứng phó', 'File the final report')}</Button>}
        <Button icon={<FilePdfOutlined />} href={`/api/v1/security/incidents/${id}/report.pdf`}>{t('Báo cáo theo mẫu (PDF)', 'Report form (PDF)')}</Button>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Panel className="lt-card" title={t('Báo cáo sự cố', 'Incident report')}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout={narrow ? 'vertical' : 'horizontal'} items={info} styles={{ label: narrow ? {} : { width: 140 } }} />
          </Panel>
          <Panel
            className="lt-card"
            title={t('Tệp đính kèm (nhật ký, ảnh chụp)', 'Files (logs, screenshots)')}
            extra={
              can.attach && (
                <>
                  <input ref={fileInput} type="file" hidden aria-label={t('Chọn tệp', 'Choose a file')} onChange={(e) => void onFile(e.target.files?.[0])} />
                  <Button size="small" icon={<PaperClipOutlined />} onClick={() => fileInput.current?.click()}>{t('Thêm tệp', 'Add a file')}</Button>
                </>
              )
            }
          >
            {fileError && <Alert type="error" showIcon role="alert" title={fileError} style={{ marginBottom: 8 }} />}
            {d.files.length === 0 ? <span className="lt-muted">{t('Chưa có tệp.', 'No files.')}</span> : (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {d.files.map((f) => (
                  <li key={f.id}>
                    <a href={`/api/v1/security/incidents/${id}/files/${f.id}`}><DownloadOutlined /> {f.fileName}</a> <span className="lt-muted">({fmtSize(f.size)}, {fmtDateTime(f.createdAt)})</span>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </Col>
        <Col xs={24} xl={10}>
          <Panel className="lt-card" title={t('Quá trình ứng phó', 'Response timeline')}>
            <Timeline
              className="lt-timeline lt-task-history"
              items={d.events.map((e) => ({
                key: e.id,
                color: e.kind === 'final_report' || e.kind === 'resolved' ? 'green' : e.kind === 'reported' ? 'red' : 'blue',
                content: (
                  <div className="lt-trail-item" data-event={e.kind}>
                    <div className="lt-trail-line">
                      <span><b>{EVENT_KIND[e.kind]?.[lang] ?? e.kind}</b><span className="lt-muted"> — {e.orgName}{e.userName ? `, ${e.userName}` : ''}</span></span>
                      <time className="lt-trail-time" dateTime={e.at}>{fmtDateTime(e.at)}</time>
                    </div>
                    {e.text && <div className="lt-trail-note lt-pre">{e.text}</div>}
                  </div>
                ),
              }))}
            />
          </Panel>
          {can.accessLog && (
            <Panel className="lt-card" title={t('Nhật ký truy cập', 'Access log')} data-testid="access-log">
              <Table<AccessLogEntry>
                size="small"
                rowKey="id"
                pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
                dataSource={log.data?.items ?? []}
                loading={log.isLoading}
                columns={[
                  { key: 'at', title: t('Thời điểm', 'When'), width: 130, render: (_: unknown, r) => fmtDateTime(r.at) },
                  { key: 'who', title: t('Người xem', 'Who'), render: (_: unknown, r) => <span>{r.userName}<div className="lt-muted">{r.orgName}</div></span> },
                  { key: 'what', title: t('Nội dung', 'What'), width: 110, render: (_: unknown, r) => (r.what === 'incident' ? t('Xem sự cố', 'Incident') : r.what === 'pdf' ? 'PDF' : t('Tải tệp', 'File')) },
                ]}
              />
            </Panel>
          )}
        </Col>
      </Row>
      <ActionModal<{ text?: string }> open={dialog === 'acknowledge'} title={t('Tiếp nhận sự cố', 'Acknowledge the incident')} okText={t('Tiếp nhận', 'Acknowledge')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/incidents/{id}/acknowledge', { params: { path: { id } }, body: v }))}>
        <Form.Item name="text" label={t('Ghi chú', 'Note')}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
      </ActionModal>
      <ActionModal<{ text: string }> open={dialog === 'updates'} title={t('Cập nhật quá trình xử lý', 'Handling update')} okText={t('Ghi nhận', 'Save')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/incidents/{id}/updates', { params: { path: { id } }, body: v }))}>
        <Form.Item name="text" label={t('Biện pháp đã thực hiện', 'Actions taken')} rules={[{ required: true, whitespace: true, message: t('Hãy ghi biện pháp.', 'Describe the actions.') }]}><Input.TextArea rows={4} maxLength={5000} /></Form.Item>
      </ActionModal>
      <ActionModal<{ text?: string }> open={dialog === 'resolve'} title={t('Kết thúc xử lý sự cố', 'Mark resolved')} okText={t('Kết thúc xử lý', 'Resolve')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/incidents/{id}/resolve', { params: { path: { id } }, body: v }))}>
        <Form.Item name="text" label={t('Kết quả', 'Outcome')}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
      </ActionModal>
      <ActionModal<{ cause: string; damage: string; lessons: string }> open={dialog === 'final-report'} title={t('Báo cáo kết thúc ứng phó (mẫu 04)', 'Final report (form 04)')} okText={t('Gửi báo cáo', 'Send')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/security/incidents/{id}/final-report', { params: { path: { id } }, body: v }))}>
        <Form.Item name="cause" label={t('Nguyên nhân', 'Cause')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
        <Form.Item name="damage" label={t('Thiệt hại', 'Damage')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
        <Form.Item name="lessons" label={t('Bài học kinh nghiệm', 'Lessons learnt')} rules={[{ required: true, whitespace: true }]}><Input.TextArea rows={3} maxLength={5000} /></Form.Item>
      </ActionModal>
    </Page>
  );
}
