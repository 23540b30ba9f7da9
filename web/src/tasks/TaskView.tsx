import { useState } from 'react';
import { Button, Col, DatePicker, Descriptions, Form, Grid, Input, InputNumber, Progress, Radio, Row, Skeleton, Space, Timeline } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { DocLink } from '../components/DocLink';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDate, fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { EVENT_KIND, PRIORITY, RECURRENCE, TaskStatusTag } from './labels';
import { EvidencePicker } from './EvidencePicker';
import { DueCell } from './TaskList';
import type { TaskDetail, TaskEvent } from './types';
import './tasks.css';

type Dialog = 'progress' | 'contribution' | 'extension' | 'decideExtension' | 'done' | 'decideCompletion' | null;
const DATE = 'DD/MM/YYYY';

const tone = (k: TaskEvent['kind']) => ({ accepted: 'green', done: 'green', returned: 'red', extension_refused: 'red', extension_asked: 'orange', extension_granted: 'blue' })[k as string] ?? 'blue';

function History({ events }: { events: TaskEvent[] }) {
  const { lang, t } = useI18n();
  return (
    <Timeline
      className="lt-timeline lt-task-history"
      items={events.map((e) => ({
        key: e.id,
        color: tone(e.kind),
        content: (
          <div className="lt-trail-item" data-event={e.kind}>
            <div className="lt-trail-line">
              <span>
                <b>{EVENT_KIND[e.kind]?.[lang] ?? e.kind}</b>
                {e.percent !== null && e.kind === 'progress' && <span> · {e.percent}%</span>}
                <span className="lt-muted"> — {e.orgName}{e.userName ? `, ${e.userName}` : ''}</span>
              </span>
              <time className="lt-trail-time" dateTime={e.at}>{fmtDateTime(e.at)}</time>
            </div>
            {(e.deadlineTo || e.kind === 'extension_refused') && e.kind.startsWith('extension') && (
              <div className="lt-muted">
                {t('Hạn', 'Deadline')}: {fmtDate(e.deadlineFrom)} {e.deadlineTo ? `→ ${fmtDate(e.deadlineTo)}` : ''}
              </div>
            )}
            {e.text && <div className="lt-trail-note lt-pre">{e.text}</div>}
            {e.evidence.length > 0 && (
              <ul className="lt-task-evidence" aria-label={t('Văn bản kiểm chứng', 'Evidence')}>
                {e.evidence.map((x) => (
                  <li key={x.documentId}>
                    <DocLink id={x.documentId} symbol={x.symbol} /> {fmtDate(x.docDate)} — {x.summary}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** One task: the source document, who does it, its progress history and the actions of the caller's role. */
export default function TaskView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const task = useQuery({ queryKey: ['task', id], queryFn: () => answer(client.GET('/api/v1/tasks/{id}', { params: { path: { id } } })), enabled: Number.isInteger(id) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  const act = async (call: Promise<{ data?: TaskDetail }>) => {
    const updated = await answer(call);
    qc.setQueryData(['task', id], updated);
    void qc.invalidateQueries({ queryKey: ['tasks'] });
  };

  if (task.error) {
    return (
      <Page title={t('Nhiệm vụ', 'Task')}>
        <LoadError error={task.error} retry={() => void task.refetch()} />
        <Link to="/tasks">{t('← Về danh sách nhiệm vụ', '← Back to tasks')}</Link>
      </Page>
    );
  }
  const d = task.data;
  if (!d) return <Page title={t('Nhiệm vụ', 'Task')}><Skeleton active paragraph={{ rows: 8 }} /></Page>;

  const info: DescriptionsProps['items'] = [
    {
      key: 'doc',
      label: t('Văn bản giao', 'Source document'),
      span: 'filled',
      children: (
        <span data-testid="task-document">
          <DocLink id={d.document.id} symbol={d.document.symbol} /> {d.document.docDate && <>{t('ngày', 'of')} {fmtDate(d.document.docDate)}</>} — {d.document.summary}
        </span>
      ),
    },
    { key: 'content', label: t('Nội dung', 'Task'), span: 'filled', children: <div className="lt-pre">{d.content}</div> },
    { key: 'lead', label: t('Chủ trì', 'Lead agency'), children: d.leadOrgName },
    { key: 'coop', label: t('Phối hợp', 'Co-operating'), children: d.cooperating.map((c) => c.name).join('; ') || '—' },
    { key: 'due', label: t('Thời hạn', 'Deadline'), children: <><DueCell task={d} />{d.originalDeadline && d.originalDeadline !== d.deadline && <span className="lt-muted"> ({t('hạn ban đầu', 'first')} {fmtDate(d.originalDeadline)})</span>}</> },
    { key: 'recurrence', label: t('Loại thời hạn', 'Kind'), children: RECURRENCE[d.recurrence][lang] },
    { key: 'output', label: t('Sản phẩm', 'Expected output'), span: 'filled', children: d.expectedOutput ?? '—' },
    { key: 'priority', label: t('Ưu tiên', 'Priority'), children: PRIORITY[d.priority][lang] },
    { key: 'by', label: t('Cơ quan giao, theo dõi', 'Assigned by'), children: d.assignedByOrgName },
  ];

  const can = d.can;
  return (
    <Page
      title={<span>{t('Nhiệm vụ', 'Task')} {d.pointRef ?? `#${d.id}`}</span>}
      sub={<span data-testid="task-status"><TaskStatusTag status={d.status} overdue={d.overdue} /></span>}
      extra={<Link to="/tasks">{t('← Danh sách nhiệm vụ', '← All tasks')}</Link>}
    >
      <Space wrap style={{ marginBottom: 12 }} className="lt-task-actions">
        {can.report && <Button type="primary" onClick={() => setDialog('progress')}>{t('Báo cáo tiến độ', 'Report progress')}</Button>}
        {can.declareDone && <Button onClick={() => setDialog('done')}>{t('Báo cáo hoàn thành', 'Declare done')}</Button>}
        {can.askExtension && <Button onClick={() => setDialog('extension')}>{t('Đề nghị gia hạn', 'Ask for an extension')}</Button>}
        {can.contribute && <Button type="primary" onClick={() => setDialog('contribution')}>{t('Ghi nội dung phối hợp', 'Add our contribution')}</Button>}
        {can.decideExtension && <Button type="primary" onClick={() => setDialog('decideExtension')}>{t('Xem xét gia hạn', 'Decide the extension')}</Button>}
        {can.decideCompletion && <Button type="primary" onClick={() => setDialog('decideCompletion')}>{t('Xác nhận hoặc trả lại', 'Accept or return')}</Button>}
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Panel className="lt-card" title={t('Thông tin nhiệm vụ', 'Task')}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout={narrow ? 'vertical' : 'horizontal'} items={info} styles={{ label: narrow ? {} : { width: 140 } }} />
            <div style={{ marginTop: 12 }}>
              <Progress percent={d.percent} aria-label={t(`Tiến độ ${d.percent}%`, `Progress ${d.percent}%`)} />
            </div>
          </Panel>
        </Col>
        <Col xs={24} xl={10}>
          <Panel className="lt-card" title={t('Quá trình thực hiện', 'History')}>
            <History events={d.events} />
          </Panel>
        </Col>
      </Row>

      <ActionModal<{ text: string; percent: number; evidence?: number[] }>
        open={dialog === 'progress'}
        title={t('Báo cáo tiến độ', 'Report progress')}
        okText={t('Gửi báo cáo', 'Send report')}
        onClose={close}
        initialValues={{ percent: d.percent }}
        onSubmit={(v) => act(client.POST('/api/v1/tasks/{id}/progress', { params: { path: { id } }, body: { text: v.text, percent: v.percent, evidenceDocumentIds: v.evidence ?? [] } }))}
      >
        <Form.Item name="text" label={t('Nội dung đã thực hiện', 'What was done')} rules={[{ required: true, message: t('Hãy nhập nội dung báo cáo.', 'Write the report.') }]}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
        <Form.Item name="percent" label={t('Tiến độ (%)', 'Progress (%)')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item name="evidence" label={t('Văn bản kiểm chứng', 'Evidence documents')}>
          <EvidencePicker />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ text: string; evidence?: number[] }>
        open={dialog === 'contribution'}
        title={t('Nội dung phối hợp', 'Contribution')}
        okText={t('Ghi nhận', 'Save')}
        onClose={close}
        onSubmit={(v) => act(client.POST('/api/v1/tasks/{id}/contributions', { params: { path: { id } }, body: { text: v.text, evidenceDocumentIds: v.evidence ?? [] } }))}
      >
        <Form.Item name="text" label={t('Cơ quan đã phối hợp', 'What we contributed')} rules={[{ required: true, message: t('Hãy nhập nội dung.', 'Write it.') }]}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
        <Form.Item name="evidence" label={t('Văn bản kiểm chứng', 'Evidence documents')}>
          <EvidencePicker />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ until: Dayjs; reason: string }>
        open={dialog === 'extension'}
        title={t('Đề nghị gia hạn', 'Ask for an extension')}
        okText={t('Gửi đề nghị', 'Send the request')}
        onClose={close}
        onSubmit={(v) => act(client.POST('/api/v1/tasks/{id}/extension', { params: { path: { id } }, body: { until: v.until.format('YYYY-MM-DD'), reason: v.reason } }))}
      >
        <p>{t('Hạn hiện tại', 'Current deadline')}: <b>{fmtDate(d.deadline)}</b></p>
        <Form.Item name="until" label={t('Hạn mới đề nghị', 'Requested deadline')} rules={[{ required: true, message: t('Hãy chọn ngày.', 'Pick a date.') }]}>
          <DatePicker format={DATE} />
        </Form.Item>
        <Form.Item name="reason" label={t('Lý do', 'Reason')} rules={[{ required: true, message: t('Hãy nêu lý do.', 'Give a reason.') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ grant: boolean; reason?: string }>
        open={dialog === 'decideExtension'}
        title={t('Xem xét đề nghị gia hạn', 'Decide the extension request')}
        okText={t('Gửi ý kiến', 'Send the decision')}
        onClose={close}
        initialValues={{ grant: true }}
        onSubmit={(v) => act(client.POST('/api/v1/tasks/{id}/extension/decision', { params: { path: { id } }, body: { grant: v.grant, reason: v.reason || undefined } }))}
      >
        {(() => {
          const asked = [...d.events].reverse().find((e) => e.kind === 'extension_asked');
          return asked ? <p>{t('Đề nghị gia hạn đến', 'Asked until')} <b>{fmtDate(asked.deadlineTo)}</b>: {asked.text}</p> : null;
        })()}
        <Form.Item name="grant" label={t('Ý kiến', 'Decision')}>
          <Radio.Group options={[{ value: true, label: t('Đồng ý gia hạn', 'Grant') }, { value: false, label: t('Không đồng ý', 'Refuse') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('Lý do (bắt buộc khi không đồng ý)', 'Reason (required to refuse)')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ text: string; evidence?: number[] }>
        open={dialog === 'done'}
        title={t('Báo cáo hoàn thành', 'Declare done')}
        okText={t('Báo cáo hoàn thành', 'Declare done')}
        onClose={close}
        onSubmit={(v) => act(client.POST('/api/v1/tasks/{id}/done', { params: { path: { id } }, body: { text: v.text, evidenceDocumentIds: v.evidence ?? [] } }))}
      >
        <Form.Item name="text" label={t('Kết quả thực hiện', 'Result')} rules={[{ required: true, message: t('Hãy nêu kết quả.', 'Describe the result.') }]}>
          <Input.TextArea rows={4} maxLength={10000} />
        </Form.Item>
        <Form.Item name="evidence" label={t('Văn bản kiểm chứng', 'Evidence documents')}>
          <EvidencePicker />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ accept: boolean; reason?: string }>
        open={dialog === 'decideCompletion'}
        title={t('Xác nhận hoàn thành', 'Accept completion')}
        okText={t('Gửi ý kiến', 'Send the decision')}
        onClose={close}
        initialValues={{ accept: true }}
        onSubmit={(v) => act(client.POST('/api/v1/tasks/{id}/completion', { params: { path: { id } }, body: { accept: v.accept, reason: v.reason || undefined } }))}
      >
        <Form.Item name="accept" label={t('Ý kiến', 'Decision')}>
          <Radio.Group options={[{ value: true, label: t('Xác nhận hoàn thành', 'Accept') }, { value: false, label: t('Trả lại', 'Return') }]} />
        </Form.Item>
        <Form.Item name="reason" label={t('Ý kiến, lý do (bắt buộc khi trả lại)', 'Comment (required to return)')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>
    </Page>
  );
}
