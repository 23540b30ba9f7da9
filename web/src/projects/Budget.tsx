import { useEffect, useRef, useState } from 'react';
import { Button, Grid, Select, Space, Table, Tag } from 'antd';
import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { client, href } from '../api/client';
import { useMe } from '../auth';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { useI18n } from '../i18n';
import { setQuery, useLocation } from '../router';
import { dong } from './labels';
import { BudgetDecisionModal, BudgetSpendingModal, NewBudgetLineModal, type BudgetStep } from './BudgetForms';
import type { BudgetLine } from './types';
import './projects.css';

const STATUS = {
  estimated: { vi: 'Đã lập dự toán', en: 'Estimate submitted', tone: 'default' },
  allocated: { vi: 'Đã giao dự toán', en: 'Allocated', tone: 'blue' },
  adjusted: { vi: 'Đã điều chỉnh', en: 'Adjusted', tone: 'gold' },
  settled: { vi: 'Đã quyết toán', en: 'Settled', tone: 'green' },
} as const;

/** The recurrent IT budget per agency and year: estimate → allocated → adjusted → spent by quarter → settled. */
export default function Budget() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const now = new Date().getFullYear();
  const year = Number(query.get('year')) || now;
  const q = useQuery({ queryKey: ['budget', year], queryFn: async () => (await client.GET('/api/v1/budget', { params: { query: { year } } })).data! });
  const me = useMe();
  const finance = me.roles.includes('finance_officer');
  const agencyOfficer = me.roles.some((r) => r === 'leader' || r === 'specialist');
  const [creating, setCreating] = useState(false);
  const [deciding, setDeciding] = useState<{ line: BudgetLine; step: BudgetStep } | null>(null);
  const [reporting, setReporting] = useState<BudgetLine | null>(null);
  const reload = () => void q.refetch();
  const narrow = Grid.useBreakpoint().md === false;
  // The table opens at its left edge, whatever moved it before (a window narrowed or widened, the year changed).
  const tableBox = useRef<HTMLDivElement>(null);
  const loaded = !!q.data;
  useEffect(() => {
    if (!loaded) return;
    tableBox.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body, .ant-table-header, .ant-table-summary').forEach((el) => {
      el.scrollLeft = 0;
    });
  }, [loaded, year, narrow]);
  const actions = (l: BudgetLine) => {
    const steps: { step: BudgetStep; label: string }[] = !finance || l.status === 'settled' ? [] : l.status === 'estimated' ? [{ step: 'allocate', label: t('Giao', 'Allocate') }] : [{ step: 'adjust', label: t('Điều chỉnh', 'Adjust') }, { step: 'settle', label: t('Quyết toán', 'Settle') }];
    const spends = agencyOfficer && l.orgId === me.agencyId && (l.status === 'allocated' || l.status === 'adjusted');
    return (
      <Space wrap size={4}>
        {steps.map((s) => (
          <Button key={s.step} size="small" onClick={() => setDeciding({ line: l, step: s.step })} aria-label={`${s.label}: ${l.name}`}>
            {s.label}
          </Button>
        ))}
        {spends && (
          <Button size="small" onClick={() => setReporting(l)} aria-label={`${t('Báo cáo quý', 'Report a quarter')}: ${l.name}`}>
            {t('Báo cáo quý', 'Report a quarter')}
          </Button>
        )}
      </Space>
    );
  };
  const money = (v: string | null) => <span className="lt-num">{dong(v)}</span>;
  return (
    <Page
      title={t(`Dự toán chi thường xuyên CNTT năm ${year}`, `Recurrent IT budget ${year}`)}
      sub={t('Sở Tài chính thấy toàn tỉnh; mỗi cơ quan thấy dự toán của mình.', 'Finance sees the province; an agency its own lines.')}
      extra={
        <Space wrap>
          {(finance || agencyOfficer) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('Lập dự toán', 'New estimate')}
            </Button>
          )}
          <Select aria-label={t('Năm', 'Year')} value={year} style={{ width: 110 }} onChange={(v) => setQuery({ year: v === now ? undefined : v })} options={[now - 1, now, now + 1].map((y) => ({ value: y, label: String(y) }))} />
          <Button icon={<FileExcelOutlined />} href={href('/api/v1/budget/export.xlsx', { query: { year } })}>
            {t('Xuất Excel', 'Export XLSX')}
          </Button>
        </Space>
      }
    >
      {q.error && <LoadError error={q.error} retry={() => void q.refetch()} />}
      {/* Wider than the screen beside the menu: the agency and its line stay at the left and the actions at the right while the figures scroll between (on a phone, everything scrolls). */}
      <div ref={tableBox}>
      <Table<BudgetLine>
        size="small"
        rowKey="id"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="budget-table"
        columns={[
          { key: 'org', title: t('Cơ quan, nội dung chi', 'Agency, budget line'), width: narrow ? 180 : 260, fixed: narrow ? undefined : 'left', render: (_: unknown, l) => <span>{l.orgName}<div className="lt-muted">{l.name}</div></span> },
          { key: 'status', title: t('Trạng thái', 'Status'), width: 140, render: (_: unknown, l) => <Tag color={STATUS[l.status].tone} className="lt-tag">{STATUS[l.status][lang]}</Tag> },
          { key: 'estimate', title: t('Dự toán đề nghị', 'Estimate'), width: 140, align: 'right', render: (_: unknown, l) => money(l.estimate) },
          { key: 'allocated', title: t('Dự toán giao', 'Allocated'), width: 150, align: 'right', render: (_: unknown, l) => <span>{money(l.allocated)}{l.allocatedDocument && <div><DocLink id={l.allocatedDocument.id} symbol={l.allocatedDocument.symbol} /></div>}</span> },
          { key: 'adjusted', title: t('Sau điều chỉnh', 'Adjusted'), width: 150, align: 'right', render: (_: unknown, l) => <span>{money(l.adjusted)}{l.adjustedDocument && <div><DocLink id={l.adjustedDocument.id} symbol={l.adjustedDocument.symbol} /></div>}</span> },
          ...[0, 1, 2, 3].map((i) => ({ key: `q${i}`, title: t(`Chi quý ${['I', 'II', 'III', 'IV'][i]}`, `Spent Q${i + 1}`), width: 130, align: 'right' as const, render: (_: unknown, l: BudgetLine) => money(l.spentByQuarter[i] ?? null) })),
          { key: 'rate', title: t('Tỷ lệ thực hiện', 'Spent rate'), width: 100, align: 'right', render: (_: unknown, l) => `${l.rate ?? 0}%` },
          { key: 'settled', title: t('Quyết toán', 'Settled'), width: 150, align: 'right', render: (_: unknown, l) => <span>{money(l.settled)}{l.settledDocument && <div><DocLink id={l.settledDocument.id} symbol={l.settledDocument.symbol} /></div>}</span> },
          ...(finance || agencyOfficer ? [{ key: 'actions', title: t('Thao tác', 'Actions'), width: 130, fixed: narrow ? undefined : ('right' as const), render: (_: unknown, l: BudgetLine) => actions(l) }] : []),
        ]}
        summary={() =>
          q.data ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <b>{t('Tổng cộng', 'Total')}</b>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} />
              <Table.Summary.Cell index={2} align="right">{money(q.data.totals.estimate)}</Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">{money(q.data.totals.allocated)}</Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                {money(q.data.totals.current)}
                <div className="lt-muted">{t('dự toán hiện hành', 'current budget')}</div>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} colSpan={4} align="right">
                {t('Lũy kế đã chi', 'Spent to date')}: {money(q.data.totals.spent)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={9} />
              <Table.Summary.Cell index={10} align="right">{money(q.data.totals.settled)}</Table.Summary.Cell>
              {(finance || agencyOfficer) && <Table.Summary.Cell index={11} />}
            </Table.Summary.Row>
          ) : null
        }
      />
      </div>
      <NewBudgetLineModal open={creating} year={year} finance={finance} onClose={() => setCreating(false)} onDone={reload} />
      {/* Keyed by line and step: each opening starts from that line's figures (a form keeps its first initial values otherwise). */}
      <BudgetDecisionModal key={deciding ? `${deciding.line.id}:${deciding.step}:${deciding.line.current}:${deciding.line.spent}` : 'closed'} line={deciding?.line ?? null} step={deciding?.step ?? 'allocate'} onClose={() => setDeciding(null)} onDone={reload} />
      <BudgetSpendingModal key={reporting ? `${reporting.id}:${reporting.spent}` : 'closed'} line={reporting} onClose={() => setReporting(null)} onDone={reload} />
    </Page>
  );
}
