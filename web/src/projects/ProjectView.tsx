import { useMemo, useState } from 'react';
import { Button, Form, Input, Radio, Skeleton, Space, Table, Timeline, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { answer, client } from '../api/client';
import { useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { DocLink } from '../components/DocLink';
import { ActionModal } from '../screens/document/ActionModal';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { Chart, type ChartTable } from '../components/Chart';
import { DateInput, MoneyInput, dateRules, moneyRules } from './fields';
import { DecisionPicker } from '../components/DecisionPicker';
import { PlanLinkButton, PlanLinkFacts, PlanLinkModal } from './PlanLink';
import { PaymentDocumentPicker } from './PaymentDocumentPicker';
import { DECISION_FITS, STAGE_DECISIONS } from '../../../src/domain/projects';
import { GROUP, KIND, RATING, SOURCE, STAGE, dong, ty } from './labels';
import { Flags, Rating, Variance } from './ProjectList';
import { AppraisalAnswerModal, AppraisalRequestModal, BaselineModal, CapitalAdjustModal, ProgressModal } from './ProjectForms';
import type { Appraisal, DocRef, ProjectDetail, VarianceDetail } from './types';
import './projects.css';

/** Bars of the actual / projected span: red when the milestone ends late, green otherwise. */
export const LATE = { onTime: '#237804', late: '#c0392b' } as const;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

function Doc({ d }: { d: DocRef | null }) {
  const { t } = useI18n();
  if (!d) return <span className="lt-muted">{t('(không có văn bản)', '(no document)')}</span>;
  return (
    <span>
      <DocLink id={d.id} symbol={d.symbol} /> {fmtDate(d.docDate)}
      {d.signerName && <span className="lt-muted"> · {d.signerName}</span>}
      <div className="lt-muted">{d.summary}</div>
    </span>
  );
}

/** A table that may be wider than a phone: it scrolls inside this box, which the keyboard can reach and scroll. */
function Scroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="lt-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

function VarianceTable({ v, title }: { v: VarianceDetail; title: string }) {
  const { t } = useI18n();
  return (
    <Scroll label={title}>
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      title={() => <b>{title}</b>}
      dataSource={v.milestones}
      columns={[
        { key: 'name', title: t('Mốc', 'Milestone'), render: (_: unknown, m) => `${m.code} · ${m.name}` },
        { key: 'end', title: t('Kết thúc KH → dự kiến', 'Planned → projected end'), render: (_: unknown, m) => `${fmtDate(m.plannedEnd)} → ${fmtDate(m.projectedEnd)}` },
        { key: 'sv', title: t('Tiến độ (ngày)', 'Schedule (days)'), render: (_: unknown, m) => <span className="lt-num">{m.scheduleDays > 0 ? '+' : ''}{m.scheduleDays}</span> },
        { key: 'cv', title: t('Chi phí', 'Cost'), render: (_: unknown, m) => <span className="lt-num">{dong(m.costDong)} ({(m.costBp ?? 0) / 100}%)</span> },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>
            <b>{t('Cả dự án', 'Whole project')}</b>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1}>{`${fmtDate(v.plannedEnd)} → ${fmtDate(v.projectedEnd)}`}</Table.Summary.Cell>
          <Table.Summary.Cell index={2}>
            <b className="lt-num">{v.scheduleDays} ({(v.scheduleBp ?? 0) / 100}%)</b>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={3}>
            <b className="lt-num">
              {dong(v.costDong)} ({(v.costBp ?? 0) / 100}%)
            </b>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
    </Scroll>
  );
}

/** One project: facts, stages with their documents, timeline, variance, baselines, ratings, capital and disbursement. */
export default function ProjectView({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const me = useMe();
  const q = useQuery({ queryKey: ['project', id], queryFn: async () => (await client.GET('/api/v1/projects/{id}', { params: { path: { id } } })).data! });
  const [dialog, setDialog] = useState<'rate' | 'stage' | 'disburse' | 'capital' | 'import' | 'baseline' | 'progress' | 'adjust' | 'appraisal' | 'answer' | 'plan' | null>(null);
  const [answering, setAnswering] = useState<Appraisal | null>(null);
  const p = q.data;

  const gantt = useMemo(() => {
    if (!p?.milestones.length) return null;
    const v = p.varianceCurrent.milestones;
    const min = Math.min(...p.milestones.map((m) => day(m.actualStart ?? m.plannedStart)), ...p.milestones.map((m) => day(m.plannedStart)));
    const names = p.milestones.map((m) => `${m.code} ${m.name}`).reverse();
    const rows = [...p.milestones].reverse();
    const vr = [...v].reverse();
    return {
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      // One series per colour, so each legend entry shows the colour of its bars.
      legend: { top: 0, data: [t('Kế hoạch', 'Planned'), t('Đúng hạn', 'On time'), t('Chậm', 'Late')] },
      grid: { left: 8, right: 24, bottom: 8, top: 36, containLabel: true },
      xAxis: { type: 'value', min: 0, splitNumber: 4, axisLabel: { hideOverlap: true, formatter: (d: number) => fmtDate(new Date((min + d) * 86_400_000).toISOString().slice(0, 10)) } },
      yAxis: { type: 'category', data: names, axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        { type: 'bar', stack: 'plan', itemStyle: { color: 'transparent' }, data: rows.map((m) => day(m.plannedStart) - min), tooltip: { show: false } },
        { name: t('Kế hoạch', 'Planned'), type: 'bar', stack: 'plan', itemStyle: { color: '#8c8c8c' }, data: rows.map((m) => day(m.plannedEnd) - day(m.plannedStart) + 1) },
        { type: 'bar', stack: 'real', itemStyle: { color: 'transparent' }, data: rows.map((m) => day(m.actualStart ?? m.plannedStart) - min), tooltip: { show: false } },
        ...(['onTime', 'late'] as const).map((k) => ({
          name: k === 'late' ? t('Chậm', 'Late') : t('Đúng hạn', 'On time'),
          type: 'bar',
          stack: 'real',
          itemStyle: { color: LATE[k] },
          data: rows.map((m, i) => ((vr[i]!.scheduleDays > 0) === (k === 'late') ? day(vr[i]!.projectedEnd) - day(m.actualStart ?? m.plannedStart) + 1 : '-')),
        })),
      ],
    };
  }, [p, t]);

  // The bars are offsets and spans in days: screen readers get the dates they stand for.
  const ganttTable = useMemo((): ChartTable | null => {
    if (!p?.milestones.length) return null;
    const v = p.varianceCurrent.milestones;
    return {
      columns: [t('Mốc', 'Milestone'), t('Bắt đầu KH', 'Planned start'), t('Kết thúc KH', 'Planned end'), t('Bắt đầu thực tế', 'Actual start'), t('Kết thúc thực tế/dự kiến', 'Actual/projected end'), t('Chậm (ngày)', 'Late (days)')],
      rows: p.milestones.map((m, i) => [`${m.code} ${m.name}`, fmtDate(m.plannedStart), fmtDate(m.plannedEnd), m.actualStart ? fmtDate(m.actualStart) : null, fmtDate(v[i]!.projectedEnd), v[i]!.scheduleDays]),
    };
  }, [p, t]);

  const curve = useMemo(() => {
    const plan = p?.capitalPlans.find((c) => c.year === p.currentYear);
    if (!p || !plan) return null;
    let a = 0n;
    let b = 0n;
    const planned = plan.monthly.map((m) => Number((a += BigInt(m)) / 1_000_000n) / 1000);
    const done = p.disbursedByMonth.map((m) => Number((b += BigInt(m)) / 1_000_000n) / 1000);
    return {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('Kế hoạch lũy kế (tỷ đồng)', 'Planned, cumulative (bn đồng)'), t('Giải ngân lũy kế (tỷ đồng)', 'Disbursed, cumulative (bn đồng)')] },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: plan.monthly.map((_, i) => `T${i + 1}`) },
      yAxis: { type: 'value' },
      series: [
        { name: t('Kế hoạch lũy kế (tỷ đồng)', 'Planned, cumulative (bn đồng)'), type: 'line', data: planned, itemStyle: { color: '#595959' } },
        { name: t('Giải ngân lũy kế (tỷ đồng)', 'Disbursed, cumulative (bn đồng)'), type: 'bar', data: done, itemStyle: { color: '#1d4ed8' } },
      ],
    };
  }, [p, t]);

  if (q.error) return <LoadError error={q.error} retry={() => void q.refetch()} />;
  if (!p) return <Skeleton active />;
  const done = (r: ProjectDetail) => {
    qc.setQueryData(['project', id], r);
    void qc.invalidateQueries({ queryKey: ['projects'] });
    setDialog(null);
  };
  const act = async (call: Promise<{ data?: ProjectDetail }>) => done(await answer(call));
  const plan = p.capitalPlans.find((c) => c.year === p.currentYear);

  return (
    <Page
      title={p.name}
      sub={
        <span className="lt-project-sub">
          <Link to="/projects">{t('Dự án CNTT', 'IT projects')}</Link> · {p.code} · {p.investingOrgName}
        </span>
      }
      extra={
        <Space wrap>
          {p.can.rate && <Button onClick={() => setDialog('rate')}>{t('Đánh giá rủi ro', 'Rate risk')}</Button>}
          {p.can.progress && p.nextStage && (
            <Button type="primary" onClick={() => setDialog('stage')}>
              {t('Chuyển giai đoạn', 'Next stage')}: {STAGE[p.nextStage][lang]}
            </Button>
          )}
          {p.can.disburse && plan && <Button onClick={() => setDialog('disburse')}>{t('Ghi giải ngân', 'Record disbursement')}</Button>}
          {p.can.capital && !plan && <Button onClick={() => setDialog('capital')}>{t(`Giao kế hoạch vốn ${p.currentYear}`, `Allocate ${p.currentYear} capital`)}</Button>}
          {p.can.progress && <Button onClick={() => setDialog('baseline')}>{p.baselineVersion ? t('Điều chỉnh tiến độ', 'Re-baseline') : t('Lập tiến độ', 'Enter the schedule')}</Button>}
          {p.can.progress && p.baselineVersion > 0 && <Button onClick={() => setDialog('progress')}>{t('Cập nhật thực hiện', 'Report progress')}</Button>}
          {p.can.appraise && <Button onClick={() => setDialog('appraisal')}>{t('Đề nghị thẩm định', 'Ask for an appraisal')}</Button>}
          {p.can.capital && plan && <Button onClick={() => setDialog('adjust')}>{t('Điều chỉnh kế hoạch vốn', 'Adjust the capital plan')}</Button>}
          {p.can.progress && <PlanLinkButton onClick={() => setDialog('plan')} />}
          {p.can.progress && <Button onClick={() => setDialog('import')}>{t('Nhập tiến độ từ Excel', 'Import schedule (XLSX)')}</Button>}
          <Button href={`/api/v1/projects/${id}/report.pdf`}>{t('Báo cáo PDF', 'PDF report')}</Button>
        </Space>
      }
    >
      <dl className="lt-project-facts">
        <div><dt>{t('Giai đoạn', 'Stage')}</dt><dd>{STAGE[p.stage][lang]}</dd></div>
        <div><dt>{t('Nhóm, loại', 'Group, kind')}</dt><dd>{GROUP[p.group]} · {KIND[p.kind]![lang]}</dd></div>
        <div><dt>{t('Nguồn vốn', 'Sources')}</dt><dd>{p.sources.map((s) => SOURCE[s]![lang]).join(', ')}</dd></div>
        <div><dt>{t('Thời gian', 'Period')}</dt><dd>{p.startYear}–{p.endYear}</dd></div>
        <div><dt>{t('Tổng mức đầu tư', 'Total investment')}</dt><dd className="lt-num">{dong(p.totalInvestment)}</dd></div>
        <div><dt>{t('Đã giải ngân', 'Spent')}</dt><dd className="lt-num">{dong(p.spent)}</dd></div>
        <div><dt>{t('Chênh lệch', 'Variance')}</dt><dd><Variance r={p} /></dd></div>
        <div><dt>{t('Đánh giá rủi ro', 'Risk rating')}</dt><dd><Rating r={p} /></dd></div>
        <div><dt>{t('Cảnh báo tự động', 'Automatic flags')}</dt><dd>{p.flags.length ? <Flags r={p} /> : t('Không có', 'None')}</dd></div>
        <PlanLinkFacts p={p} />
      </dl>
      <div className="lt-project-grid">
        <Panel title={t('Các giai đoạn và văn bản quyết định', 'Stages and their decisions')} data-testid="project-stages">
          <Timeline
            items={p.stages.map((s) => ({
              key: s.id,
              children: (
                <div>
                  <b>{STAGE[s.stage][lang]}</b> <span className="lt-muted">{fmtDate(s.at)}</span>
                  <div>
                    <Doc d={s.document} />
                  </div>
                </div>
              ),
            }))}
          />
          {p.appraisals.map((a) => (
            <div key={a.id} className="lt-muted" style={{ marginTop: 8 }}>
              {t('Thẩm định', 'Appraisal')} ({a.appraisingOrgName}): <Doc d={a.request} /> → {a.reply ? <Doc d={a.reply} /> : t('chờ trả lời', 'waiting for the answer')}
              {!a.closedAt && (p.can.progress || me.agencyId === a.appraisingOrgId) && (
                <div>
                  <Button
                    size="small"
                    onClick={() => {
                      setAnswering(a);
                      setDialog('answer');
                    }}
                  >
                    {t('Ghi kết quả thẩm định', 'Record the answer')}
                  </Button>
                </div>
              )}
            </div>
          ))}
        </Panel>
        <Panel title={t('Tiến độ các mốc', 'Milestone timeline')}>
          {gantt ? <Chart option={gantt} table={ganttTable} height={60 + p.milestones.length * 44} label={t('Biểu đồ tiến độ các mốc: kế hoạch và thực tế', 'Milestones: planned and actual')} testId="gantt" /> : <p className="lt-muted">{t('Chưa có tiến độ được duyệt.', 'No approved schedule yet.')}</p>}
        </Panel>
      </div>
      {p.baselineVersion > 0 && (
        <Panel title={t('Chênh lệch tiến độ, chi phí', 'Schedule and cost variance')}>
          <div className="lt-project-grid">
            <VarianceTable v={p.varianceCurrent} title={t(`So với tiến độ hiện hành (lần ${p.baselineVersion})`, `Against the current baseline (v${p.baselineVersion})`)} />
            <VarianceTable v={p.varianceOriginal} title={t('So với tiến độ ban đầu', 'Against the original baseline')} />
          </div>
        </Panel>
      )}
      <div className="lt-project-grid">
        <Panel title={t('Lịch sử tiến độ được duyệt', 'Baseline history')}>
          <Scroll label={t('Lịch sử tiến độ được duyệt', 'Baseline history')}>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.baselines}
            locale={{ emptyText: <span className="lt-muted">{t('Chưa có', 'None yet')}</span> }}
            columns={[
              { key: 'v', title: t('Lần', 'Version'), render: (_: unknown, b) => `${b.version}${b.current ? ` (${t('hiện hành', 'current')})` : ''}` },
              { key: 'doc', title: t('Quyết định', 'Decision'), render: (_: unknown, b) => <Doc d={b.document} /> },
              { key: 'cost', title: t('Chi phí', 'Cost'), render: (_: unknown, b) => <span className="lt-num">{dong(b.totalCost)}</span> },
              { key: 'reason', title: t('Lý do', 'Reason'), render: (_: unknown, b) => b.reason ?? '' },
            ]}
          />
          </Scroll>
        </Panel>
        <Panel title={t('Lịch sử đánh giá rủi ro', 'Rating history')} data-testid="ratings">
          {p.ratings.length === 0 && <p className="lt-muted">{t('Chưa có đánh giá.', 'No rating yet.')}</p>}
          <Timeline
            items={p.ratings.map((r) => ({
              key: r.id,
              color: r.band === 'red' ? 'red' : r.band === 'yellow' ? 'orange' : 'green',
              children: (
                <div>
                  <b>
                    {r.rating}/5 · {RATING[r.rating]![lang]}
                  </b>{' '}
                  <span className="lt-muted">
                    {fmtDate(r.at)} · {r.userName}
                  </span>
                  <div>{r.comment}</div>
                </div>
              ),
            }))}
          />
        </Panel>
      </div>
      <Panel title={t(`Kế hoạch vốn và giải ngân năm ${p.currentYear}`, `Capital plan and disbursement ${p.currentYear}`)}>
        {plan ? (
          <>
            <p>
              {t('Kế hoạch vốn', 'Capital plan')}: <b className="lt-num">{dong(plan.amount)}</b> ({ty(plan.amount)}) · {t('đã giải ngân', 'disbursed')} <b className="lt-num">{dong(plan.disbursed)}</b> · {t('tỷ lệ', 'rate')} <b>{plan.rate ?? 0}%</b> · <Doc d={plan.document} />
            </p>
            {curve && <Chart option={curve} label={t('Biểu đồ giải ngân lũy kế so với kế hoạch theo tháng', 'Cumulative disbursement against the monthly plan')} testId="disbursement-chart" />}
            {plan.changes.length > 1 && (
              <Scroll label={t('Giao và điều chỉnh kế hoạch vốn', 'Allocation and adjustments')}>
              <Table
                size="small"
                rowKey="at"
                pagination={false}
                title={() => <b>{t('Giao và điều chỉnh kế hoạch vốn', 'Allocation and adjustments')}</b>}
                dataSource={plan.changes}
                columns={[
                  { key: 'at', title: t('Ngày', 'Date'), render: (_: unknown, c) => fmtDate(c.at) },
                  { key: 'amount', title: t('Kế hoạch vốn', 'Capital plan'), render: (_: unknown, c) => <span className="lt-num">{c.from ? `${dong(c.from)} → ` : ''}{dong(c.to)}</span> },
                  { key: 'doc', title: t('Quyết định', 'Decision'), render: (_: unknown, c) => <Doc d={c.document} /> },
                  { key: 'reason', title: t('Lý do', 'Reason'), render: (_: unknown, c) => c.reason ?? '' },
                ]}
              />
              </Scroll>
            )}
            <Scroll label={t('Các lần giải ngân', 'Disbursement entries')}>
            <Table
              size="small"
              rowKey="id"
              data-testid="disbursements"
              pagination={{ pageSize: 12, hideOnSinglePage: true }}
              title={() => <b>{t('Các lần giải ngân', 'Disbursement entries')}</b>}
              dataSource={p.disbursements.filter((d) => d.year === p.currentYear)}
              locale={{ emptyText: <span className="lt-muted">{t('Chưa giải ngân năm nay.', 'Nothing disbursed this year.')}</span> }}
              columns={[
                { key: 'paidOn', title: t('Ngày', 'Date'), render: (_: unknown, d) => fmtDate(d.paidOn) },
                { key: 'amount', title: t('Số tiền', 'Amount'), align: 'right', render: (_: unknown, d) => <span className="lt-num">{dong(d.amount)}</span> },
                { key: 'ref', title: t('Số chứng từ', 'Voucher'), render: (_: unknown, d) => d.paymentRef },
                { key: 'doc', title: t('Văn bản', 'Document'), render: (_: unknown, d) => (d.document ? <Doc d={d.document} /> : '') },
              ]}
            />
            </Scroll>
          </>
        ) : (
          <p className="lt-muted">{t('Chưa có kế hoạch vốn năm nay.', 'No capital plan this year.')}</p>
        )}
      </Panel>

      <ActionModal<{ rating: number; comment: string }> open={dialog === 'rate'} title={t('Đánh giá rủi ro dự án', 'Rate the project')} okText={t('Ghi đánh giá', 'Save rating')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/projects/{id}/ratings', { params: { path: { id } }, body: v }))}>
        <Form.Item name="rating" label={t('Mức (1: rủi ro cao … 5: rủi ro thấp)', 'Rating (1 high risk … 5 low risk)')} rules={[{ required: true, message: t('Hãy chọn mức.', 'Pick a rating.') }]}>
          <Radio.Group options={[1, 2, 3, 4, 5].map((r) => ({ value: r, label: `${r} – ${RATING[r]![lang]}` }))} />
        </Form.Item>
        <Form.Item name="comment" label={t('Nhận xét', 'Comment')} rules={[{ required: true, message: t('Hãy nhập nhận xét.', 'Write a comment.') }]}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
      </ActionModal>
      <ActionModal<{ paidOn: string; amount: string; paymentRef: string; documentId?: number | null }> open={dialog === 'disburse'} title={t('Ghi giải ngân', 'Record a disbursement')} okText={t('Ghi', 'Save')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/projects/{id}/disbursements', { params: { path: { id } }, body: { paidOn: v.paidOn, amount: v.amount, paymentRef: v.paymentRef, documentId: v.documentId ?? null } }))}>
        <Form.Item name="paidOn" label={t('Ngày giải ngân (dd/mm/yyyy)', 'Paid on (dd/mm/yyyy)')} rules={dateRules(t)}>
          <DateInput />
        </Form.Item>
        <Form.Item name="amount" label={t('Số tiền (đồng, nhóm nghìn bằng dấu chấm)', 'Amount (đồng)')} rules={moneyRules(t)}>
          <MoneyInput />
        </Form.Item>
        <Form.Item name="paymentRef" label={t('Số chứng từ', 'Payment voucher')} rules={[{ required: true, message: t('Nhập số chứng từ.', 'Enter the voucher number.') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="documentId" label={t('Văn bản thanh toán (không bắt buộc)', 'Payment document (optional)')} extra={t(`Văn bản đã ban hành của chủ đầu tư (${p.investingOrgName}), do chủ đầu tư ban hành hoặc gửi đến: đề nghị thanh toán, giấy rút vốn…`, `An issued document of the investing agency (${p.investingOrgName}), issued by it or sent to it: payment request, withdrawal order…`)}>
          <PaymentDocumentPicker projectId={id} />
        </Form.Item>
      </ActionModal>
      <ActionModal<{ amount: string; documentId: number }> open={dialog === 'capital'} title={t(`Giao kế hoạch vốn năm ${p.currentYear}`, `Allocate the ${p.currentYear} capital plan`)} okText={t('Giao', 'Allocate')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/projects/{id}/capital-plans', { params: { path: { id } }, body: { year: p.currentYear, amount: v.amount, documentId: v.documentId } }))}>
        <Form.Item name="amount" label={t('Kế hoạch vốn (đồng)', 'Capital plan (đồng)')} rules={moneyRules(t)}>
          <MoneyInput />
        </Form.Item>
        <Form.Item name="documentId" label={t('Quyết định giao kế hoạch vốn', 'Allocation decision')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
          <DecisionPicker fit={DECISION_FITS.capital} />
        </Form.Item>
      </ActionModal>
      <ActionModal<{ documentId: number; reason?: string; file: { originFileObj: File }[] }>
        open={dialog === 'import'}
        title={t('Nhập tiến độ từ Excel (A mã mốc, B tên, C bắt đầu, D kết thúc, E chi phí)', 'Import the schedule (A code, B name, C start, D end, E cost)')}
        okText={t('Nhập', 'Import')}
        onClose={() => setDialog(null)}
        onSubmit={async (v) => {
          const bytes = new Uint8Array(await v.file[0]!.originFileObj.arrayBuffer());
          let bin = '';
          for (const b of bytes) bin += String.fromCharCode(b);
          await answer(client.POST('/api/v1/projects/{id}/milestones/import', { params: { path: { id } }, body: { file: btoa(bin), documentId: v.documentId, reason: v.reason || null } }));
          await q.refetch();
          setDialog(null);
        }}
      >
        <Form.Item name="file" label={t('Tệp XLSX (dòng 1 là tiêu đề)', 'XLSX file (row 1 is the header)')} valuePropName="fileList" getValueFromEvent={(e: { fileList: unknown[] }) => e.fileList.slice(-1)} rules={[{ required: true, message: t('Hãy chọn tệp.', 'Pick a file.') }]}>
          <Upload beforeUpload={() => false} maxCount={1} accept=".xlsx">
            <Button>{t('Chọn tệp', 'Choose a file')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="documentId" label={t('Quyết định phê duyệt (điều chỉnh) tiến độ', 'Approving decision')} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
          <DecisionPicker fit={p.baselineVersion > 0 ? DECISION_FITS.rebaseline : DECISION_FITS.baseline} />
        </Form.Item>
        {p.baselineVersion > 0 && (
          <Form.Item name="reason" label={t('Lý do điều chỉnh', 'Reason for the re-baseline')} rules={[{ required: true, message: t('Nêu lý do.', 'Give the reason.') }]}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </ActionModal>
      {p.nextStage && (
        <ActionModal<{ documentId: number; note?: string }> open={dialog === 'stage'} title={`${t('Chuyển sang giai đoạn', 'Move to stage')}: ${STAGE[p.nextStage][lang]}`} okText={t('Ghi nhận', 'Record')} onClose={() => setDialog(null)} onSubmit={(v) => act(client.POST('/api/v1/projects/{id}/stages', { params: { path: { id } }, body: { stage: p.nextStage!, documentId: v.documentId, note: v.note || null } }))}>
          <Form.Item name="documentId" label={t(STAGE_DECISIONS[p.nextStage].vi, STAGE_DECISIONS[p.nextStage].en)} extra={t('Văn bản đã ban hành trong sổ văn bản của cơ quan (đi hoặc đến).', "An issued document of your agency's registers (outgoing or incoming).")} rules={[{ required: true, message: t('Hãy chọn văn bản.', 'Pick the document.') }]}>
            <DecisionPicker fit={STAGE_DECISIONS[p.nextStage]} />
          </Form.Item>
          <Form.Item name="note" label={t('Ghi chú', 'Note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </ActionModal>
      )}
      {p.can.progress && <BaselineModal p={p} open={dialog === 'baseline'} onClose={() => setDialog(null)} onDone={done} />}
      {p.can.progress && p.baselineVersion > 0 && <ProgressModal p={p} open={dialog === 'progress'} onClose={() => setDialog(null)} onDone={done} />}
      {p.can.progress && <PlanLinkModal p={p} open={dialog === 'plan'} onClose={() => setDialog(null)} onDone={done} />}
      {p.can.capital && plan && <CapitalAdjustModal key={`${plan.year}:${plan.amount}`} p={p} plan={plan} open={dialog === 'adjust'} onClose={() => setDialog(null)} onDone={done} />}
      {p.can.appraise && (
        <AppraisalRequestModal
          p={p}
          open={dialog === 'appraisal'}
          onClose={() => setDialog(null)}
          onDone={() => {
            void q.refetch();
            setDialog(null);
          }}
        />
      )}
      <AppraisalAnswerModal p={p} a={answering} open={dialog === 'answer'} onClose={() => setDialog(null)} onDone={done} />
    </Page>
  );
}
