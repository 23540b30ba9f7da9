import { useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Form, Grid, Input, InputNumber, Popconfirm, Progress, Radio, Row, Select, Skeleton, Space, Table, Tag, Timeline, Upload } from 'antd';
import type { DescriptionsProps } from 'antd';
import { DownloadOutlined, FileExcelOutlined, FilePdfOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api';
import { answer, client, postFile, type Body } from '../api/client';
import { DecisionPicker } from '../components/DecisionPicker';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { DocLink } from '../components/DocLink';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDate, fmtDateTime, fmtSize } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { EvidencePicker } from '../tasks/EvidencePicker';
import { FIELD, FUND_SOURCE, PLAN_KIND, PLAN_PRIORITY, PLAN_STATUS, PROGRESS, PlanStatusTag, ProgressTag, fmtDong } from './labels';
import type { DocRef, FundSource, PlanDetail, PlanItem, PlanPriority, ProgressReported } from './types';
import './plans.css';

const DATE = 'DD/MM/YYYY';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Dialog = { kind: 'item'; item: PlanItem | null } | { kind: 'comment'; item: PlanItem | null } | { kind: 'progress'; item: PlanItem } | { kind: 'submit' | 'answer' | 'approve' | 'adjust' | 'import' } | null;

/**
 * The item form: the API's item body, its dates as one range picked in the calendar and the
 * text fields the API takes as null left empty (undefined) until sent.
 */
type ItemBody = Body<'/api/v1/plans/{id}/items', 'post'>;
type ItemForm = Pick<ItemBody, 'content' | 'leadUnit' | 'fundSource' | 'priority'> & {
  [K in 'objective' | 'cooperatingUnits' | 'expectedOutput' | 'cost']?: NonNullable<ItemBody[K]>;
} & { targetIds?: ItemBody['targetIds']; range: [Dayjs, Dayjs] };

function Doc({ d, label }: { d: DocRef | null; label: string }) {
  if (!d) return null;
  return (
    <span data-testid={`plan-doc-${label}`}>
      <DocLink id={d.id} symbol={d.symbol} /> <span className="lt-muted">{fmtDate(d.docDate)}{d.signerName ? ` · ${d.signerName}` : ''}</span>
    </span>
  );
}

function DiffPanel({ plan }: { plan: PlanDetail }) {
  const { t, lang } = useI18n();
  const older = plan.versions.filter((v) => v.version < plan.version);
  const [from, setFrom] = useState<number | undefined>(older.at(-1)?.id);
  const diff = useQuery({ queryKey: ['plan-diff', plan.id, from], queryFn: () => answer(client.GET('/api/v1/plans/{id}/diff', { params: { path: { id: plan.id }, query: { from: from! } } })), enabled: !!from });
  if (!older.length) return null;
  const show = (f: string, v: string | null) => (v === null ? '—' : f === 'cost' ? fmtDong(v) : f.endsWith('Date') ? fmtDate(v) : f === 'fundSource' ? FUND_SOURCE[v as FundSource]?.[lang] ?? v : f === 'priority' ? PLAN_PRIORITY[v as PlanPriority]?.[lang] ?? v : v);
  return (
    <Panel className="lt-card" title={t('So sánh với phiên bản trước', 'Compared with an earlier version')} data-testid="plan-diff">
      <Space style={{ marginBottom: 8 }}>
        <label htmlFor="diff-from">{t('So với', 'Against')}</label>
        <Select id="diff-from" value={from} onChange={setFrom} style={{ width: 180 }} options={older.map((v) => ({ value: v.id, label: `${t('Phiên bản', 'Version')} ${v.version}` }))} />
      </Space>
      {diff.data?.rows.length === 0 && <p className="lt-muted">{t('Không có thay đổi.', 'No changes.')}</p>}
      <div className="lt-plan-cards lt-plan-diff">
        {diff.data?.rows.map((r) => (
          <Card key={r.key} size="small" className={`lt-plan-diff-${r.change}`} data-change={r.change}>
            <Tag color={r.change === 'added' ? 'green' : r.change === 'removed' ? 'red' : 'gold'} className="lt-tag">
              {r.change === 'added' ? t('Thêm', 'Added') : r.change === 'removed' ? t('Bỏ', 'Removed') : t('Thay đổi', 'Changed')}
            </Tag>
            <b>{r.content}</b>
            {r.fields.length > 0 && (
              <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
                {r.fields.map((f) => (
                  <li key={f.field}>
                    {FIELD[f.field]?.[lang] ?? f.field}: <del>{show(f.field, f.from)}</del> → <ins>{show(f.field, f.to)}</ins>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ))}
      </div>
    </Panel>
  );
}

/** One version of a plan: its items (cards on a phone), the review, versions and progress, with the caller's actions. */
export default function PlanView({ id }: { id: number }) {
  const { t, lang, err } = useI18n();
  const qc = useQueryClient();
  const narrow = Grid.useBreakpoint().md === false;
  const plan = useQuery({ queryKey: ['plan', id], queryFn: () => answer(client.GET('/api/v1/plans/{id}', { params: { path: { id } } })), enabled: Number.isInteger(id) });
  // The targets an item may serve are those of the plan's own programme (the one whose period
  // covers the plan's first year), not of the programme in force today.
  const programmeId = plan.data?.programmeId;
  const programme = useQuery({
    queryKey: ['programme', programmeId],
    queryFn: () => answer(client.GET('/api/v1/programmes/{id}', { params: { path: { id: programmeId! } } })),
    enabled: programmeId !== undefined,
    staleTime: 5 * 60_000,
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [file, setFile] = useState<File | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [proofs, setProofs] = useState<File[]>([]);
  const close = () => setDialog(null);
  const done = (updated: PlanDetail) => {
    qc.setQueryData(['plan', updated.id], updated);
    void qc.invalidateQueries({ queryKey: ['plans'] });
    void qc.invalidateQueries({ queryKey: ['plan-diff'] });
    // Other versions of the plan show what this one did (an adjustment open, a version superseded).
    void qc.invalidateQueries({ queryKey: ['plan'], predicate: (q) => q.queryKey[1] !== updated.id });
    if (updated.id !== id) navigate(`/plans/${updated.id}`);
  };
  const act = async (call: Promise<{ data?: PlanDetail }>) => done(await answer(call));

  if (plan.error) {
    return (
      <Page title={t('Kế hoạch', 'Plan')}>
        <LoadError error={plan.error} retry={() => void plan.refetch()} />
        <Link to="/plans">{t('← Về danh sách kế hoạch', '← Back to plans')}</Link>
      </Page>
    );
  }
  const d = plan.data;
  if (!d) return <Page title={t('Kế hoạch', 'Plan')}><Skeleton active paragraph={{ rows: 8 }} /></Page>;
  const can = d.can;
  const targets = (programme.data?.goals ?? []).flatMap((g) => g.targets.map((x) => ({ value: x.id, label: `${x.indicatorCode} — ${x.title}` })));
  const comments = (itemId: number) => d.events.filter((e) => e.kind === 'comment' && e.itemId === itemId);

  const info: DescriptionsProps['items'] = [
    { key: 'agency', label: t('Cơ quan', 'Agency'), children: d.agencyName },
    { key: 'period', label: t('Kỳ kế hoạch', 'Period'), children: `${PLAN_KIND[d.kind][lang]} ${d.yearFrom === d.yearTo ? d.yearFrom : `${d.yearFrom}–${d.yearTo}`}` },
    { key: 'cost', label: t('Tổng kinh phí dự kiến', 'Estimated total'), children: <span className="lt-plan-money" data-testid="plan-total">{d.totalCostText}</span> },
    { key: 'version', label: t('Phiên bản', 'Version'), children: (
      <Space wrap size={4}>
        {d.versions.map((v) => (v.id === d.id ? <Tag key={v.id} color="blue" className="lt-tag">{v.version}</Tag> : <Link key={v.id} to={`/plans/${v.id}`}>{t('Phiên bản', 'Version')} {v.version} ({PLAN_STATUS[v.status][lang]})</Link>))}
      </Space>
    ) },
    ...(d.reason ? [{ key: 'reason', label: t('Lý do điều chỉnh', 'Reason for the adjustment'), span: 'filled' as const, children: d.reason }] : []),
    ...(d.letter ? [{ key: 'letter', label: t('Tờ trình', 'Submission letter'), children: <Doc d={d.letter} label="letter" /> }] : []),
    ...(d.answer ? [{ key: 'answer', label: t('Ý kiến Sở KH&CN', 'IT department answer'), children: <Doc d={d.answer} label="answer" /> }] : []),
    ...(d.decision ? [{ key: 'decision', label: t('Quyết định phê duyệt', 'Approving decision'), children: <Doc d={d.decision} label="decision" /> }] : []),
    ...(d.effectiveFrom ? [{ key: 'effective', label: t('Hiệu lực từ', 'In force from'), children: fmtDate(d.effectiveFrom) }] : []),
  ];

  const itemActions = (r: PlanItem) => (
    <Space wrap size={4}>
      {can.edit && <Button size="small" onClick={() => setDialog({ kind: 'item', item: r })}>{t('Sửa', 'Edit')}</Button>}
      {can.edit && (
        <Popconfirm title={t('Bỏ nhiệm vụ này?', 'Remove this item?')} onConfirm={() => act(client.DELETE('/api/v1/plan-items/{itemId}', { params: { path: { itemId: r.id } } })).catch(() => {})} okText={t('Bỏ', 'Remove')} cancelText={t('Thôi', 'Cancel')}>
          <Button size="small" danger>{t('Bỏ', 'Remove')}</Button>
        </Popconfirm>
      )}
      {can.review && <Button size="small" onClick={() => setDialog({ kind: 'comment', item: r })}>{t('Góp ý', 'Comment')}</Button>}
      {can.report && <Button size="small" type="primary" onClick={() => setDialog({ kind: 'progress', item: r })}>{t('Báo cáo tiến độ', 'Report')}</Button>}
    </Space>
  );

  const itemBody = (r: PlanItem) => (
    <div>
      <div className="lt-plan-item-content">{r.content}</div>
      {r.objective && <div className="lt-muted">{t('Mục tiêu', 'Objective')}: {r.objective}</div>}
      {r.expectedOutput && <div className="lt-muted">{t('Sản phẩm', 'Output')}: {r.expectedOutput}</div>}
      {r.targets.length > 0 && <Space wrap size={4} style={{ marginTop: 2 }}>{r.targets.map((x) => <Tag key={x.id} className="lt-tag" title={x.title}>{x.indicatorCode}</Tag>)}</Space>}
      {comments(r.id).map((c) => (
        <div key={c.id} className="lt-plan-comment" data-testid="plan-comment">
          <b>{c.orgName}</b> ({fmtDate(c.at)}): {c.text}
        </div>
      ))}
    </div>
  );

  const columns = [
    { key: 'n', title: t('TT', 'No.'), width: 48, render: (_: unknown, _r: PlanItem, i: number) => i + 1 },
    { key: 'content', title: t('Nhiệm vụ', 'Item'), render: (_: unknown, r: PlanItem) => itemBody(r) },
    { key: 'units', title: t('Chủ trì / phối hợp', 'Lead / co-operating'), width: 170, render: (_: unknown, r: PlanItem) => <span>{r.leadUnit}{r.cooperatingUnits && <div className="lt-muted">{r.cooperatingUnits}</div>}</span> },
    { key: 'time', title: t('Thời gian', 'Time'), width: 120, render: (_: unknown, r: PlanItem) => <span>{fmtDate(r.startDate)}<br />{fmtDate(r.endDate)}</span> },
    { key: 'cost', title: t('Kinh phí', 'Cost'), width: 170, render: (_: unknown, r: PlanItem) => <span><span className="lt-plan-money">{r.costText}</span><div className="lt-muted">{FUND_SOURCE[r.fundSource][lang]} · {PLAN_PRIORITY[r.priority][lang]}</div></span> },
    { key: 'progress', title: t('Tiến độ', 'Progress'), width: 150, render: (_: unknown, r: PlanItem) => <span><Progress percent={r.progress.percent} size="small" aria-label={t(`Tiến độ ${r.progress.percent}%`, `Progress ${r.progress.percent}%`)} /><ProgressTag status={r.progress.status} /></span> },
    ...(can.edit || can.review || can.report ? [{ key: 'act', title: t('Thao tác', 'Actions'), width: 150, render: (_: unknown, r: PlanItem) => itemActions(r) }] : []),
  ];

  const editing = dialog?.kind === 'item' ? dialog.item : null;
  const itemInitial: Partial<ItemForm> = editing
    ? { content: editing.content, objective: editing.objective ?? undefined, targetIds: editing.targetIds, leadUnit: editing.leadUnit, cooperatingUnits: editing.cooperatingUnits ?? undefined, range: [dayjs(editing.startDate), dayjs(editing.endDate)], expectedOutput: editing.expectedOutput ?? undefined, cost: fmtDong(editing.cost).replace(' ₫', ''), fundSource: editing.fundSource, priority: editing.priority }
    : { fundSource: 'recurrent', priority: 'normal', cost: '0' };

  return (
    <Page title={d.title} sub={<span data-testid="plan-status"><PlanStatusTag status={d.status} /></span>} extra={<Link to="/plans">{t('← Kế hoạch CNTT', '← IT plans')}</Link>}>
      <Space wrap style={{ marginBottom: 12 }}>
        {can.edit && <Button icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'item', item: null })}>{t('Thêm nhiệm vụ', 'Add an item')}</Button>}
        {can.edit && <Button icon={<UploadOutlined />} onClick={() => { setImportError(null); setFile(null); setDialog({ kind: 'import' }); }}>{t('Nhập từ Excel', 'Import XLSX')}</Button>}
        {can.submit && <Button type="primary" disabled={!d.items.length} onClick={() => setDialog({ kind: 'submit' })}>{t('Trình Sở KH&CN', 'Submit to the IT department')}</Button>}
        {can.review && <Button onClick={() => setDialog({ kind: 'comment', item: null })}>{t('Góp ý chung', 'General comment')}</Button>}
        {can.review && <Button type="primary" onClick={() => setDialog({ kind: 'answer' })}>{t('Trả lời cơ quan', 'Answer the agency')}</Button>}
        {can.approve && <Button type="primary" onClick={() => setDialog({ kind: 'approve' })}>{t('Phê duyệt', 'Approve')}</Button>}
        {can.adjust && <Button onClick={() => setDialog({ kind: 'adjust' })}>{t('Điều chỉnh kế hoạch', 'Adjust the plan')}</Button>}
        <Button icon={<FilePdfOutlined />} href={`/api/v1/plans/${d.id}/export.pdf`}>PDF</Button>
        <Button icon={<FileExcelOutlined />} href={`/api/v1/plans/${d.id}/export.xlsx`}>XLSX</Button>
      </Space>
      <Row gutter={[12, 12]}>
        <Col xs={24}>
          <Panel className="lt-card" title={t('Thông tin kế hoạch', 'Plan')}>
            <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} layout={narrow ? 'vertical' : 'horizontal'} items={info} />
          </Panel>
        </Col>
        <Col xs={24}>
          <Panel className="lt-card" title={`${t('Nhiệm vụ', 'Items')} (${d.items.length})`}>
            {narrow ? (
              <div className="lt-plan-cards" data-testid="plan-item-cards">
                {d.items.map((r, i) => (
                  <Card key={r.id} size="small" data-item={r.id}>
                    <div className="lt-muted">{t('Nhiệm vụ', 'Item')} {i + 1}</div>
                    {itemBody(r)}
                    <div className="lt-muted" style={{ margin: '4px 0' }}>{r.leadUnit} · {fmtDate(r.startDate)} – {fmtDate(r.endDate)}</div>
                    <div><span className="lt-plan-money">{r.costText}</span> · {FUND_SOURCE[r.fundSource][lang]}</div>
                    <Space wrap style={{ margin: '4px 0' }}><ProgressTag status={r.progress.status} /><span>{r.progress.percent}%</span></Space>
                    {itemActions(r)}
                  </Card>
                ))}
              </div>
            ) : (
              <Table<PlanItem> size="small" rowKey="id" dataSource={d.items} columns={columns} pagination={false} scroll={{ x: 1000 }} onRow={(r) => ({ 'data-item': r.id, 'data-progress': r.progress.status }) as React.HTMLAttributes<HTMLElement>} locale={{ emptyText: t('Chưa có nhiệm vụ nào.', 'No items yet.') }} data-testid="plan-items" />
            )}
          </Panel>
        </Col>
        {d.versions.length > 1 && d.version > 1 && (
          <Col xs={24}>
            <DiffPanel plan={d} />
          </Col>
        )}
        <Col xs={24}>
          <Panel className="lt-card" title={t('Quá trình', 'History')}>
            <Timeline
              className="lt-timeline"
              items={d.events.map((e) => ({
                key: e.id,
                content: (
                  <div data-event={e.kind}>
                    <b>{{ created: t('Lập dự thảo', 'Drafted'), submitted: t('Trình Sở KH&CN', 'Submitted'), comment: t('Ý kiến thẩm định', 'Review comment'), revision_requested: t('Đề nghị chỉnh sửa', 'Revision requested'), agreed: t('Thống nhất', 'Agreed'), approved: t('Phê duyệt', 'Approved'), adjusted: t('Điều chỉnh', 'Adjusted'), imported: t('Nhập từ Excel', 'Imported') }[e.kind]}</b>
                    <span className="lt-muted"> — {e.orgName}{e.userName ? `, ${e.userName}` : ''} · {fmtDateTime(e.at)}</span>
                    {e.document && <div><DocLink id={e.document.id} symbol={e.document.symbol} /> {e.document.summary}</div>}
                    {e.text && <div className="lt-pre">{e.text}</div>}
                  </div>
                ),
              }))}
            />
          </Panel>
        </Col>
      </Row>

      <ActionModal<ItemForm>
        key={`item-${editing?.id ?? 'new'}-${dialog?.kind}`}
        open={dialog?.kind === 'item'}
        title={editing ? t('Sửa nhiệm vụ', 'Edit the item') : t('Thêm nhiệm vụ', 'Add an item')}
        okText={t('Lưu', 'Save')}
        width={680}
        onClose={close}
        initialValues={itemInitial}
        onSubmit={(v) => {
          const body = { content: v.content, objective: v.objective || null, targetIds: v.targetIds ?? [], leadUnit: v.leadUnit, cooperatingUnits: v.cooperatingUnits || null, startDate: v.range[0].format('YYYY-MM-DD'), endDate: v.range[1].format('YYYY-MM-DD'), expectedOutput: v.expectedOutput || null, cost: v.cost || '0', fundSource: v.fundSource, priority: v.priority };
          return editing ? act(client.PUT('/api/v1/plan-items/{itemId}', { params: { path: { itemId: editing.id } }, body })) : act(client.POST('/api/v1/plans/{id}/items', { params: { path: { id: d.id } }, body }));
        }}
      >
        <Form.Item name="content" label={t('Nội dung nhiệm vụ', 'Item')} rules={[{ required: true, message: t('Hãy nhập nội dung.', 'Enter the item.') }]}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="objective" label={t('Mục tiêu', 'Objective')}>
          <Input maxLength={2000} />
        </Form.Item>
        <Form.Item name="targetIds" label={t('Chỉ tiêu của chương trình phục vụ', 'Programme targets served')}>
          <Select mode="multiple" options={targets} showSearch={{ optionFilterProp: 'label' }} maxCount={20} />
        </Form.Item>
        <Form.Item name="leadUnit" label={t('Đơn vị chủ trì', 'Lead unit')} rules={[{ required: true, message: t('Hãy nhập đơn vị chủ trì.', 'Enter the lead unit.') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="cooperatingUnits" label={t('Đơn vị phối hợp', 'Co-operating units')}>
          <Input maxLength={1000} />
        </Form.Item>
        <Form.Item name="range" label={t('Thời gian thực hiện', 'Time')} rules={[{ required: true, message: t('Hãy chọn thời gian.', 'Pick the dates.') }]}>
          <DatePicker.RangePicker format={DATE} />
        </Form.Item>
        <Form.Item name="expectedOutput" label={t('Sản phẩm dự kiến', 'Expected output')}>
          <Input maxLength={2000} />
        </Form.Item>
        <Form.Item name="cost" label={t('Kinh phí dự kiến (đồng)', 'Estimated cost (đồng)')} extra={t('Số nguyên đồng, nhóm nghìn bằng dấu chấm: 1.250.000.000', 'Whole đồng, thousands grouped with dots')}>
          <Input inputMode="numeric" maxLength={25} />
        </Form.Item>
        <Form.Item name="fundSource" label={t('Nguồn vốn', 'Fund source')}>
          <Select options={(Object.keys(FUND_SOURCE) as FundSource[]).map((k) => ({ value: k, label: FUND_SOURCE[k][lang] }))} />
        </Form.Item>
        <Form.Item name="priority" label={t('Mức ưu tiên', 'Priority')}>
          <Radio.Group options={(Object.keys(PLAN_PRIORITY) as PlanPriority[]).map((k) => ({ value: k, label: PLAN_PRIORITY[k][lang] }))} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ signerName?: string; signerPosition?: string; note?: string }>
        open={dialog?.kind === 'submit'}
        title={t('Trình kế hoạch tới Sở KH&CN', 'Submit the plan')}
        okText={t('Phát hành tờ trình', 'Issue the letter')}
        onClose={close}
        initialValues={{ signerPosition: 'Giám đốc' }}
        onSubmit={(v) => act(client.POST('/api/v1/plans/{id}/submit', { params: { path: { id: d.id } }, body: { signerName: v.signerName || undefined, signerPosition: v.signerPosition || undefined, note: v.note || undefined } }))}
      >
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('Tờ trình được cấp số trong sổ văn bản đi của cơ quan và gửi tới Sở KH&CN, kèm kế hoạch (PDF) và danh mục nhiệm vụ (XLSX).', "A numbered letter goes from the agency's register to the IT department with the plan as PDF and XLSX.")} />
        <Form.Item name="signerName" label={t('Người ký', 'Signer')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="signerPosition" label={t('Chức vụ', 'Position')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('Nội dung tờ trình', 'Letter text')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ text: string }>
        key={`comment-${dialog?.kind === 'comment' ? dialog.item?.id ?? 'all' : ''}`}
        open={dialog?.kind === 'comment'}
        title={dialog?.kind === 'comment' && dialog.item ? `${t('Góp ý nhiệm vụ', 'Comment on')}: ${dialog.item.content}` : t('Góp ý chung về kế hoạch', 'General comment')}
        okText={t('Ghi ý kiến', 'Save the comment')}
        onClose={close}
        onSubmit={(v) => act(client.POST('/api/v1/plans/{id}/comments', { params: { path: { id: d.id } }, body: { text: v.text, itemId: dialog?.kind === 'comment' ? dialog.item?.id : undefined } }))}
      >
        <Form.Item name="text" label={t('Ý kiến', 'Comment')} rules={[{ required: true, message: t('Hãy nhập ý kiến.', 'Write the comment.') }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ agree: boolean; text?: string }>
        open={dialog?.kind === 'answer'}
        title={t('Trả lời cơ quan', 'Answer the agency')}
        okText={t('Phát hành công văn', 'Issue the letter')}
        onClose={close}
        initialValues={{ agree: false }}
        onSubmit={(v) => act(client.POST('/api/v1/plans/{id}/review', { params: { path: { id: d.id } }, body: { agree: v.agree, text: v.text || undefined } }))}
      >
        <Form.Item name="agree" label={t('Ý kiến', 'Answer')}>
          <Radio.Group options={[{ value: false, label: t('Đề nghị chỉnh sửa', 'Ask for a revision') }, { value: true, label: t('Thống nhất', 'Agree') }]} />
        </Form.Item>
        <Form.Item name="text" label={t('Nội dung (bắt buộc khi đề nghị chỉnh sửa)', 'Text (required for a revision)')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <p className="lt-muted">{t('Các ý kiến theo từng nhiệm vụ được gửi kèm công văn (PDF).', 'The comments item by item go with the letter (PDF).')}</p>
      </ActionModal>

      <ActionModal<{ decisionDocumentId: number; effectiveFrom?: Dayjs }>
        open={dialog?.kind === 'approve'}
        title={t('Phê duyệt kế hoạch', 'Approve the plan')}
        okText={t('Phê duyệt', 'Approve')}
        onClose={close}
        onSubmit={(v) => act(client.POST('/api/v1/plans/{id}/approve', { params: { path: { id: d.id } }, body: { decisionDocumentId: v.decisionDocumentId, effectiveFrom: v.effectiveFrom?.format('YYYY-MM-DD') } }))}
      >
        <Form.Item name="decisionDocumentId" label={t('Quyết định phê duyệt (đã ban hành)', 'Approving decision (issued)')} rules={[{ required: true, message: t('Hãy chọn quyết định.', 'Pick the decision.') }]}>
          <DecisionPicker typeCode="QD" />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('Hiệu lực từ (mặc định: ngày quyết định)', 'In force from (default: date of the decision)')}>
          <DatePicker format={DATE} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ reason: string }>
        open={dialog?.kind === 'adjust'}
        title={t('Điều chỉnh kế hoạch', 'Adjust the plan')}
        okText={t('Tạo phiên bản điều chỉnh', 'Create the new version')}
        onClose={close}
        onSubmit={(v) => act(client.POST('/api/v1/plans/{id}/adjust', { params: { path: { id: d.id } }, body: v }))}
      >
        <p>{t('Kế hoạch đã phê duyệt không sửa trực tiếp: phiên bản mới được lập, trình và phê duyệt như kế hoạch.', 'An approved plan is never edited: a new version is written, submitted and approved.')}</p>
        <Form.Item name="reason" label={t('Lý do điều chỉnh', 'Reason')} rules={[{ required: true, message: t('Hãy nêu lý do.', 'Give a reason.') }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ percent: number; status: ProgressReported; note?: string; evidence?: number[] }>
        key={`progress-${dialog?.kind === 'progress' ? dialog.item.id : ''}`}
        open={dialog?.kind === 'progress'}
        title={dialog?.kind === 'progress' ? `${t('Tiến độ', 'Progress')}: ${dialog.item.content}` : ''}
        okText={t('Gửi báo cáo', 'Send')}
        onClose={close}
        initialValues={dialog?.kind === 'progress' ? { percent: dialog.item.progress.percent, status: dialog.item.progress.reported ?? 'on_track', note: dialog.item.progress.note ?? undefined } : {}}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'progress') return;
          const itemId = dialog.item.id;
          const saved = await answer(client.POST('/api/v1/plan-items/{itemId}/progress', { params: { path: { itemId } }, body: { percent: v.percent, status: v.status, note: v.note || undefined, evidenceDocumentIds: v.evidence ?? [] } }));
          if (proofs.length) {
            // The files go on the report just made, named by the answer (not the newest report:
            // another planner may have reported in between).
            const progressId = saved.progressId;
            for (const f of proofs) await postFile('/api/v1/plan-items/{itemId}/progress/{progressId}/files', { params: { path: { itemId, progressId } }, body: { file: f } });
            void qc.invalidateQueries({ queryKey: ['plan-progress', itemId] });
          }
          setProofs([]);
          done(saved.plan);
        }}
      >
        <Form.Item name="percent" label={t('Tiến độ (%)', 'Progress (%)')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item name="status" label={t('Tình trạng', 'Status')}>
          <Radio.Group options={(['on_track', 'late', 'done', 'dropped'] as const).map((k) => ({ value: k, label: PROGRESS[k][lang] }))} />
        </Form.Item>
        <Form.Item name="note" label={t('Ghi chú', 'Note')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="evidence" label={t('Văn bản kiểm chứng', 'Evidence documents')}>
          <EvidencePicker />
        </Form.Item>
        <Form.Item label={t('Tệp kiểm chứng (PDF, ảnh, Word/Excel)', 'Evidence files (PDF, image, Word/Excel)')}>
          <Upload
            multiple
            maxCount={10}
            accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff,.docx,.xlsx,.doc,.xls,.odt,.ods"
            fileList={proofs.map((f, i) => ({ uid: `${i}-${f.name}`, name: f.name, size: f.size, status: 'done' as const }))}
            beforeUpload={(f) => { setProofs((list) => [...list, f]); return false; }}
            onRemove={(f) => setProofs((list) => list.filter((x, i) => `${i}-${x.name}` !== f.uid))}
          >
            <Button icon={<UploadOutlined />} data-testid="progress-files">{t('Chọn tệp', 'Choose files')}</Button>
          </Upload>
        </Form.Item>
        {dialog?.kind === 'progress' && <ProgressReports itemId={dialog.item.id} />}
      </ActionModal>

      <ActionModal<object>
        open={dialog?.kind === 'import'}
        title={t('Nhập nhiệm vụ từ Excel', 'Import items from XLSX')}
        okText={t('Nhập', 'Import')}
        onClose={close}
        onSubmit={async () => {
          if (!file) throw new ApiError(400, 'file', 'Hãy chọn tệp XLSX.', 'Pick an XLSX file.', 'file');
          setImportError(null);
          try {
            await postFile('/api/v1/plans/{id}/import', { params: { path: { id: d.id } }, body: file, contentType: XLSX });
          } catch (e) {
            setImportError(err(e));
            throw e;
          }
          await plan.refetch();
          void qc.invalidateQueries({ queryKey: ['plans'] });
        }}
      >
        <p>
          <a href="/api/v1/plans/import-template.xlsx"><DownloadOutlined /> {t('Tải mẫu XLSX', 'Download the template')}</a>
        </p>
        <Upload accept=".xlsx" maxCount={1} beforeUpload={(f) => { setFile(f); return false; }} onRemove={() => setFile(null)}>
          <Button icon={<UploadOutlined />}>{t('Chọn tệp', 'Choose a file')}</Button>
        </Upload>
        {importError && <div className="lt-muted" style={{ marginTop: 8 }} data-testid="import-problems">{importError}</div>}
        <p className="lt-muted" style={{ marginTop: 8 }}>{t('Tệp có lỗi bị từ chối toàn bộ; mọi lỗi được nêu với dòng và cột.', 'A file with errors is refused whole; every error is named with its row and column.')}</p>
      </ActionModal>
    </Page>
  );
}


/** The item's earlier reports with their evidence documents and files (name, size, download). */
function ProgressReports({ itemId }: { itemId: number }) {
  const { t, lang } = useI18n();
  const q = useQuery({ queryKey: ['plan-progress', itemId], queryFn: () => answer(client.GET('/api/v1/plan-items/{itemId}/progress', { params: { path: { itemId } } })) });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-label={t('Các lần báo cáo', 'Earlier reports')} data-testid="progress-reports">
      <h4>{t('Các lần báo cáo', 'Earlier reports')}</h4>
      <ul className="lt-plan-reports">
        {items.slice(0, 10).map((r) => (
          <li key={r.id}>
            <span>{r.at ? fmtDateTime(r.at) : ''} · {r.percent}% · {r.status ? PROGRESS[r.status][lang] : ''}{r.userName ? ` · ${r.userName}` : ''}</span>
            {r.note && <div className="lt-pre">{r.note}</div>}
            {(r.evidence ?? []).map((e) => <div key={e.documentId}>{e.documentId && <DocLink id={e.documentId} symbol={e.symbol ?? null} />} {e.summary}</div>)}
            {(r.files ?? []).map((f) => (
              <div key={f.id}>
                <a href={`/api/v1/plan-items/${itemId}/progress-files/${f.id}`} download={f.fileName}><DownloadOutlined /> {f.fileName}</a> <span className="lt-muted">({fmtSize(f.size)})</span>
              </div>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
