import { useMemo, useState } from 'react';
import { Alert, Button, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Tag, Timeline } from 'antd';
import type { DescriptionsProps } from 'antd';
import { DownloadOutlined, EyeOutlined, FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useMe } from '../auth';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { ASSIGN_ROLE, CONFIDENTIALITY, Deadline, StatusTag, STATUS, UrgencyTag } from '../labels';
import { daysBetween, fmtDate, fmtDateTime, fmtSize, todayIso } from '../format';
import { useDocumentTypes } from '../data';
import { LoadError, Page } from '../components/Page';
import { ActionBar } from './document/ActionBar';
import { EdxmlExportButton, EdxmlOrigin } from '../interop/DocumentEdxml';
import { DocumentTasksButton } from '../tasks/DocumentTasksButton';
import { ReplyButton } from '../drafting/ReplyButton';
import { SignaturePanel } from './document/SignaturePanel';
import { takeFocusBackFrom } from '../focus';
import type { DocumentDetail, Trail, TrailEvent } from '../types';

const colorOf = (code: string) => ({ '02': 'red', '06': 'green', '13': 'red', '15': 'gray', '16': 'gray' })[code] ?? 'blue';

function TrailTimeline({ events }: { events: TrailEvent[] }) {
  const { t, lang } = useI18n();
  return (
    <Timeline
      className="lt-timeline"
      items={events.map((e, i) => ({
        key: i,
        color: colorOf(e.status.code),
        content: (
          <div className="lt-trail-item">
            <div className="lt-trail-line">
              <span>
                <span className="lt-code">{e.status.code}</span> <b>{STATUS[e.status.code]?.[lang] ?? e.status[lang]}</b>
                {e.by && <span className="lt-muted"> — {e.by}</span>}
              </span>
              <time className="lt-trail-time" dateTime={e.at}>{fmtDateTime(e.at)}</time>
            </div>
            {e.note && <div className="lt-trail-note">{e.note}</div>}
            {e.internalNote && (
              <div className="lt-trail-note lt-direction" data-testid="trail-internal-note">
                <b>{e.status.code === '04' ? t('Ý kiến chỉ đạo (nội bộ)', 'Direction (internal)') : t('Ghi chú nội bộ', 'Internal note')}:</b> {e.internalNote}
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

export default function DocumentView({ id }: { id: number }) {
  const me = useMe();
  const { t, lang } = useI18n();
  const types = useDocumentTypes();
  const doc = useQuery({ queryKey: ['document', id], queryFn: () => answer(client.GET('/api/v1/documents/{id}', { params: { path: { id } } })), enabled: Number.isInteger(id) });
  const d = doc.data;
  const isSender = !!d && (d.senderOrgId === me.agencyId || me.isProvinceAdmin);
  const trail = useQuery({ queryKey: ['trail', id], queryFn: () => answer(client.GET('/api/v1/documents/{id}/trail', { params: { path: { id } } })), enabled: !!d && d.state === 'issued' });
  const [preview, setPreview] = useState<number | null>(null);
  const typeName = types.data?.find((x) => x.code === d?.typeCode)?.name ?? d?.typeCode ?? '';

  const pdfs = useMemo(() => d?.attachments.filter((a) => a.mime === 'application/pdf') ?? [], [d]);
  const shownPdf = preview ?? pdfs.find((a) => a.role === 'main')?.id ?? pdfs[0]?.id ?? null;

  if (doc.error) {
    return (
      <Page title={t('Văn bản', 'Document')}>
        <LoadError error={doc.error} retry={() => void doc.refetch()} />
        <Link to="/inbox">{t('← Về văn bản đến', '← Back to incoming')}</Link>
      </Page>
    );
  }
  if (!d) return <Page title={t('Văn bản', 'Document')}><Skeleton active paragraph={{ rows: 8 }} /></Page>;

  const inc = d.incoming;
  const today = todayIso();
  const info: DescriptionsProps['items'] = [
    { key: 'symbol', label: t('Số, ký hiệu', 'Number, symbol'), children: d.symbol ? <b className="lt-symbol-big">{d.symbol}</b> : <Tag>{t('Dự thảo — chưa cấp số', 'Draft — no number yet')}</Tag> },
    { key: 'date', label: t('Ngày văn bản', 'Date'), children: fmtDate(d.docDate) || '—' },
    { key: 'type', label: t('Loại văn bản', 'Type'), children: typeName + (d.copyKind ? ` · ${t('bản', 'copy')} ${d.copyKind}` : '') },
    { key: 'sender', label: t('Cơ quan ban hành', 'Issued by'), children: d.senderName ?? '—' },
    { key: 'summary', label: t('Trích yếu', 'Summary'), span: 'filled', children: <span className="lt-summary">{d.summary}</span> },
    { key: 'signer', label: t('Người ký', 'Signed by'), children: [d.signerCompetence, d.signerPosition, d.signerName].filter(Boolean).join(' ') || '—' },
    { key: 'urgency', label: t('Độ khẩn', 'Urgency'), children: <UrgencyTag urgency={d.urgency} /> },
    { key: 'conf', label: t('Độ mật', 'Confidentiality'), children: d.confidentiality === 'thuong' ? CONFIDENTIALITY.thuong![lang] : <Tag color="red">{CONFIDENTIALITY[d.confidentiality]?.[lang]}</Tag> },
    { key: 'due', label: t('Hạn trả lời', 'Reply by'), children: d.dueDate ? fmtDate(d.dueDate) : '—' },
  ];
  if (d.draftingUnit) info.push({ key: 'unit', label: t('Đơn vị soạn thảo', 'Drafting unit'), children: d.draftingUnit });
  if (d.content) info.push({ key: 'content', label: t('Nội dung', 'Content'), span: 'filled', children: <div className="lt-pre">{d.content}</div> });
  if (d.copyOfId) info.push({ key: 'copyof', label: t('Sao từ văn bản', 'Copy of'), children: <Link to={`/documents/${d.copyOfId}`}>#{d.copyOfId}</Link> });
  if (d.replyToId) info.push({ key: 'reply', label: t('Trả lời văn bản', 'Answers'), children: <Link to={`/documents/${d.replyToId}`}>#{d.replyToId}</Link> });
  if (d.notes) info.push({ key: 'notes', label: t('Ghi chú', 'Notes'), span: 'filled', children: d.notes });

  const incInfo: DescriptionsProps['items'] = inc
    ? [
        { key: 'st', label: t('Trạng thái', 'Status'), children: <span data-testid="incoming-status"><StatusTag status={inc.status} />{inc.recallState && <StatusTag code={inc.recallState} />}</span> },
        { key: 'no', label: t('Số đến', 'Arrival no.'), children: inc.arrivalNumber ? <b>{inc.arrivalNumber}/{inc.arrivalYear}</b> : <span className="lt-muted">{t('chưa vào sổ', 'not registered')}</span> },
        { key: 'arr', label: t('Ngày đến', 'Arrived'), children: fmtDateTime(inc.arrivedAt) },
        { key: 'reg', label: t('Vào sổ lúc', 'Registered'), children: fmtDateTime(inc.registeredAt) || '—' },
        { key: 'dl', label: t('Hạn xử lý', 'Deadline'), children: <Deadline date={inc.deadline} daysLeft={inc.deadline ? daysBetween(today, inc.deadline) : null} done={['02', '06'].includes(inc.status.code)} /> },
        { key: 'kind', label: t('Hình thức', 'Form'), children: inc.isPaper ? t('Văn bản giấy', 'Paper') : t('Văn bản điện tử', 'Electronic') },
        ...(inc.resultNote ? [{ key: 'res', label: t('Kết quả xử lý', 'Result'), children: <div className="lt-pre">{inc.resultNote}</div> }] : []),
      ]
    : [];

  const attachmentUrl = (aid: number, inline = false) => `/api/v1/documents/${d.id}/attachments/${aid}${inline ? '?inline=1' : ''}`;

  return (
    <Page
      title={
        <span>
          {d.symbol ?? t('Dự thảo văn bản', 'Draft document')} <span className="lt-h1-type">{typeName}</span>
        </span>
      }
      sub={d.summary}
      extra={
        <Space wrap>
          <ReplyButton doc={d} />
          <DocumentTasksButton doc={d} />
          <EdxmlExportButton doc={d} />
          <Button onClick={() => (window.history.length > 1 ? window.history.back() : navigate('/inbox'))}>{t('← Quay lại', '← Back')}</Button>
        </Space>
      }
    >
      <ActionBar key={d.id} doc={d} />
      <SignaturePanel doc={d} />
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Panel className="lt-card" title={t('Thông tin văn bản', 'Document')}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} items={info} styles={{ label: { width: 150 } }} />
          </Panel>
          <Panel className="lt-card" title={<span><PaperClipOutlined aria-hidden /> {t(`Tệp đính kèm (${d.attachments.length})`, `Attachments (${d.attachments.length})`)}</span>}>
            {d.attachments.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={d.confidentiality !== 'thuong' ? t('Văn bản mật: không lưu tệp trên hệ thống.', 'Secret document: no files are stored.') : t('Không có tệp đính kèm.', 'No attachments.')} />
            ) : (
              <>
                <ul className="lt-files">
                  {d.attachments.map((a) => (
                    <li key={a.id} className={a.id === shownPdf ? 'lt-file-on' : undefined}>
                      <FilePdfOutlined aria-hidden className="lt-file-icon" />
                      <span className="lt-file-name">{a.fileName}</span>
                      <Tag className="lt-tag">{a.role === 'main' ? t('Văn bản chính', 'Main') : a.role === 'scan' ? t('Bản quét', 'Scan') : t('Phụ lục', 'Appendix')}</Tag>
                      <span className="lt-muted">{fmtSize(a.size)}</span>
                      {a.text?.state === 'none' && <Tag className="lt-tag" title={t(a.text.label, a.text.labelEn)}>{t('Không có lớp chữ', 'No text layer')}</Tag>}
                      <Space size={4} className="lt-file-actions">
                        {a.mime === 'application/pdf' && (
                          <Button size="small" icon={<EyeOutlined />} onClick={() => setPreview(a.id)} aria-label={t(`Xem ${a.fileName}`, `Preview ${a.fileName}`)}>
                            {t('Xem', 'Preview')}
                          </Button>
                        )}
                        <Button size="small" icon={<DownloadOutlined />} href={attachmentUrl(a.id)} aria-label={t(`Tải về ${a.fileName}`, `Download ${a.fileName}`)}>
                          {t('Tải về', 'Download')}
                        </Button>
                      </Space>
                    </li>
                  ))}
                </ul>
                {shownPdf !== null && (
                  <iframe
                    key={shownPdf}
                    className="lt-pdf"
                    title={t('Xem trước tệp PDF', 'PDF preview')}
                    src={attachmentUrl(shownPdf, true)}
                    data-testid="pdf-preview"
                    // Chromium's PDF viewer takes the focus when it loads: give it back to where it
                    // was (the result of an action just done), or to the page's heading.
                    onLoad={(e) => {
                      e.currentTarget.dataset.loaded = '1';
                      takeFocusBackFrom(e.currentTarget, document.querySelector<HTMLElement>('#main h1'));
                    }}
                  />
                )}
                {shownPdf !== null && (
                  <Button className="lt-pdf-open" icon={<EyeOutlined />} href={attachmentUrl(shownPdf, true)} target="_blank" rel="noopener" data-testid="pdf-open">
                    {t('Mở tệp PDF', 'Open the PDF')}
                  </Button>
                )}
              </>
            )}
          </Panel>
        </Col>
        <Col xs={24} xl={10}>
          {inc && (
            <Panel className="lt-card" title={t('Xử lý tại cơ quan', 'At your agency')}>
              <Descriptions size="small" bordered column={1} items={incInfo} styles={{ label: { width: 120 } }} />
              {d.origin === 'edxml' && <EdxmlOrigin documentId={d.id} />}
              {inc.assignments.length > 0 && (
                <>
                  <h3 className="lt-h3">{t('Phân công', 'Assignments')}</h3>
                  <Table
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={inc.assignments}
                    columns={[
                      { title: t('Người / đơn vị', 'Person / unit'), dataIndex: 'name' },
                      { title: t('Vai trò', 'Role'), dataIndex: 'role', width: 92, render: (r: string) => <Tag color={ASSIGN_ROLE[r]?.color} className="lt-tag">{ASSIGN_ROLE[r]?.[lang] ?? r}</Tag> },
                      { title: t('Hạn', 'Deadline'), dataIndex: 'deadline', width: 86, render: (v: string | null) => fmtDate(v) || '—' },
                      { title: t('Xong', 'Done'), dataIndex: 'doneAt', width: 86, render: (v: string | null) => (v ? fmtDate(v) : '—') },
                    ]}
                  />
                  {inc.assignments[0]?.direction && (
                    <div className="lt-direction">
                      <b>{t('Ý kiến chỉ đạo', 'Direction')}:</b> {inc.assignments[0].direction}
                    </div>
                  )}
                </>
              )}
            </Panel>
          )}
          {d.state === 'issued' && (
            <Panel className="lt-card" title={isSender ? t(`Tình hình xử lý tại ${d.recipients.length} nơi nhận`, `Processing at ${d.recipients.length} recipients`) : t('Quá trình xử lý', 'Trail')}>
              {trail.error && <LoadError error={trail.error} retry={() => void trail.refetch()} />}
              {!trail.data ? (
                <Skeleton active />
              ) : isSender ? (
                <TrailTable trail={trail.data} doc={d} />
              ) : (
                <>
                  <AnsweredBy reply={trail.data.recipients[0]?.answeredBy ?? null} />
                  <TrailTimeline events={trail.data.recipients[0]?.events ?? []} />
                </>
              )}
            </Panel>
          )}
          {d.state === 'draft' && d.recipients.length > 0 && (
            <Panel className="lt-card" title={t(`Nơi nhận (${d.recipients.length})`, `Recipients (${d.recipients.length})`)}>
              <ul className="lt-plain-list">
                {d.recipients.map((r) => (
                  <li key={r.orgId}>{r.name}</li>
                ))}
              </ul>
            </Panel>
          )}
          {d.confidentiality !== 'thuong' && d.state === 'issued' && (
            <Alert type="warning" showIcon title={t('Văn bản mật chỉ phát hành bản giấy, không gửi qua mạng.', 'Secret documents are delivered on paper only.')} />
          )}
        </Col>
      </Row>
    </Page>
  );
}

/** "Trả lời bởi 12/STC-KHTC": the reply that completed the item, opened where it arrived. */
function AnsweredBy({ reply }: { reply: Trail['recipients'][number]['answeredBy'] }) {
  const { t } = useI18n();
  if (!reply) return null;
  const symbol = reply.symbol ?? `#${reply.documentId}`;
  return (
    <div className="lt-answered-by lt-small" data-testid="answered-by">
      {t('Trả lời bởi', 'Answered by')}{' '}
      {reply.openable ? (
        <Link to={`/documents/${reply.documentId}`} aria-label={t(`Mở văn bản trả lời số ${symbol}`, `Open the reply ${symbol}`)}>
          {symbol}
        </Link>
      ) : (
        <b>{symbol}</b>
      )}
    </div>
  );
}

function TrailTable({ trail, doc }: { trail: Trail; doc: DocumentDetail }) {
  const { t } = useI18n();
  const rows = doc.recipients.map((r) => {
    const tr = trail.recipients.find((x) => x.orgId === r.orgId);
    const last = tr?.events.at(-1);
    const current = tr?.current ?? r.status;
    return { key: r.orgId, name: r.name, current, events: tr?.events ?? [], answeredBy: tr?.answeredBy ?? null, last, recall: r.recallState, withdrawn: r.withdrawn, deadline: r.deadline, daysLeft: r.daysLeft, overdue: r.overdue, done: !current || ['02', '06'].includes(current.code) || r.withdrawn };
  });
  const overdue = rows.filter((r) => r.overdue).length;
  const [open, setOpen] = useState<number[]>(() => (rows.length <= 4 ? rows.map((r) => r.key) : []));
  return (
    <>
    {overdue > 0 && (
      <Alert className="lt-trail-overdue" type="error" showIcon data-testid="trail-overdue" title={t(`${overdue} nơi nhận quá hạn xử lý`, `${overdue} recipient${overdue > 1 ? 's' : ''} past the deadline`)} />
    )}
    <Table
      size="small"
      pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
      dataSource={rows}
      rowClassName={(r) => (r.overdue ? 'lt-row-overdue' : '')}
      onRow={(r) => ({ 'data-overdue': r.overdue ? 'true' : undefined }) as React.HTMLAttributes<HTMLElement>}
      data-testid="trail-table"
      expandable={{
        expandedRowKeys: open,
        onExpandedRowsChange: (k) => setOpen(k as number[]),
        expandedRowRender: (r) => <TrailTimeline events={r.events} />,
        rowExpandable: (r) => r.events.length > 0,
      }}
      columns={[
        { title: t('Nơi nhận', 'Recipient'), dataIndex: 'name', ellipsis: true },
        {
          title: t('Trạng thái', 'Status'),
          dataIndex: 'current',
          width: 176,
          render: (_v, r) => (
            <span data-testid={`trail-status-${r.key}`} data-status={r.current?.code}>
              <StatusTag status={r.current} />
              {r.recall && r.recall !== r.current?.code && <StatusTag code={r.recall} />}
              <AnsweredBy reply={r.answeredBy} />
            </span>
          ),
        },
        {
          title: t('Hạn xử lý', 'Deadline'),
          dataIndex: 'deadline',
          width: 150,
          render: (_v, r) => (
            <span data-testid={`trail-deadline-${r.key}`}>
              <Deadline date={r.deadline} daysLeft={r.daysLeft} done={r.done} />
              {r.overdue && <Tag color="red" className="lt-tag">{t('Quá hạn', 'Overdue')}</Tag>}
            </span>
          ),
        },
      ]}
    />
    </>
  );
}

export function useRefreshDocument(id: number) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: ['document', id] });
    void qc.invalidateQueries({ queryKey: ['trail', id] });
    void qc.invalidateQueries({ queryKey: ['inbox'] });
    void qc.invalidateQueries({ queryKey: ['work'] });
    void qc.invalidateQueries({ queryKey: ['outbox'] });
  };
}

