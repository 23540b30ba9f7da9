import { useMemo } from 'react';
import { Button, Card, Empty, Grid, Progress, Select, Space, Table, Tag } from 'antd';
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { answer, client, href } from '../api/client';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { useOrganizations } from '../data';
import { fmtDate } from '../format';
import { useI18n } from '../i18n';
import { Link, setQuery, useLocation } from '../router';
import { RECURRENCE, TASK_STATUS, TASK_STATUS_ORDER, TaskStatusTag } from './labels';
import type { Task, TaskStatus } from './types';
import './tasks.css';

const SORTS = ['overdue', 'deadline', 'agency', 'document'] as const;

export function DueCell({ task }: { task: Task }) {
  const { lang } = useI18n();
  if (task.recurrence === 'none') return <span className={task.overdue ? 'lt-task-late' : undefined}>{fmtDate(task.deadline)}</span>;
  return (
    <span>
      {RECURRENCE[task.recurrence][lang]}
      {task.dueDate && <span className="lt-muted"> · {fmtDate(task.dueDate)}</span>}
    </span>
  );
}

/**
 * Nhiệm vụ: the task board. The UBND Office, the IT department and province administrators
 * see every task; an agency sees its own. Views: overdue first, by deadline, by agency, by
 * document; the count of each status filters the list.
 */
export default function TaskList() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const screens = Grid.useBreakpoint();
  const orgs = useOrganizations();
  const status = (query.get('status') ?? '') as TaskStatus | '';
  const sort = (query.get('sort') ?? 'overdue') as (typeof SORTS)[number];
  const orgId = Number(query.get('orgId')) || undefined;
  const documentId = Number(query.get('documentId')) || undefined;
  const filters = { status: status || undefined, sort, orgId, documentId };
  const list = useQuery({ queryKey: ['tasks', filters], queryFn: () => answer(client.GET('/api/v1/tasks', { params: { query: { ...filters, limit: 500 } } })) });
  const counts = useQuery({ queryKey: ['tasks', 'counts', orgId, documentId], queryFn: () => answer(client.GET('/api/v1/tasks', { params: { query: { orgId, documentId, limit: 1 } } })) });
  const agencies = useMemo(() => (orgs.data ?? []).filter((o) => o.active && (o.kind === 'agency' || o.kind === 'enterprise')).map((o) => ({ value: o.id, label: o.name })), [orgs.data]);
  const set = (patch: Record<string, string | number | undefined>) => setQuery({ status: status || undefined, sort: sort === 'overdue' ? undefined : sort, orgId, documentId, ...patch });
  const total = counts.data ? Object.values(counts.data.counts).reduce((a, b) => a + b, 0) : 0;
  const document = list.data?.items[0]?.document;

  const sortLabel: Record<(typeof SORTS)[number], string> = {
    overdue: t('Quá hạn trước', 'Overdue first'),
    deadline: t('Theo hạn', 'By deadline'),
    agency: t('Theo cơ quan chủ trì', 'By lead agency'),
    document: t('Theo văn bản giao', 'By document'),
  };

  const columns = [
    {
      key: 'task',
      title: t('Nhiệm vụ', 'Task'),
      render: (_: unknown, r: Task) => (
        <div>
          <Link to={`/tasks/${r.id}`} className="lt-task-link">
            {r.pointRef ? <b>{r.pointRef}: </b> : null}
            <span className="lt-task-content">{r.content}</span>
          </Link>
          {r.expectedOutput && <div className="lt-muted lt-task-output">{t('Sản phẩm', 'Output')}: {r.expectedOutput}</div>}
        </div>
      ),
    },
    {
      key: 'document',
      title: t('Văn bản giao', 'Assigned by'),
      width: 150,
      render: (_: unknown, r: Task) => (
        <span>
          <DocLink id={r.document.id} symbol={r.document.symbol} />
          <div className="lt-muted">{fmtDate(r.document.docDate)}</div>
        </span>
      ),
    },
    { key: 'lead', title: t('Chủ trì', 'Lead agency'), width: 190, render: (_: unknown, r: Task) => <span>{r.leadOrgName}{r.myRole && <Tag className="lt-tag" style={{ marginLeft: 4 }}>{r.myRole === 'lead' ? t('Cơ quan mình chủ trì', 'We lead') : t('Cơ quan mình phối hợp', 'We co-operate')}</Tag>}</span> },
    { key: 'due', title: t('Thời hạn', 'Deadline'), width: 150, render: (_: unknown, r: Task) => <DueCell task={r} /> },
    { key: 'percent', title: t('Tiến độ', 'Progress'), width: 120, render: (_: unknown, r: Task) => <Progress percent={r.percent} size="small" aria-label={t(`Tiến độ ${r.percent}%`, `Progress ${r.percent}%`)} /> },
    { key: 'status', title: t('Trạng thái', 'Status'), width: 190, render: (_: unknown, r: Task) => <TaskStatusTag status={r.status} overdue={r.overdue} /> },
  ];

  return (
    <Page
      title={t('Nhiệm vụ được giao', 'Assigned tasks')}
      sub={t('Theo dõi nhiệm vụ UBND tỉnh giao qua văn bản: ai làm gì, đến đâu, việc nào quá hạn.', 'Tasks the People’s Committee assigns through its documents: who does what, how far, what is overdue.')}
      extra={
        <Space wrap>
          <Button icon={<FileExcelOutlined />} href={href('/api/v1/tasks/export.xlsx', { query: filters })}>
            {t('Xuất Excel', 'Export XLSX')}
          </Button>
          <Button icon={<FilePdfOutlined />} href={href('/api/v1/tasks/export.pdf', { query: filters })}>
            {t('In danh sách (PDF)', 'Print (PDF)')}
          </Button>
        </Space>
      }
    >
      {counts.error && <LoadError error={counts.error} retry={() => void counts.refetch()} />}
      <nav aria-label={t('Lọc theo trạng thái', 'Filter by status')} className="lt-task-counts">
        <Space wrap size={[6, 6]}>
          <Button size="small" type={!status ? 'primary' : 'default'} aria-pressed={!status} onClick={() => set({ status: undefined })}>
            {t('Tất cả', 'All')} ({total})
          </Button>
          {TASK_STATUS_ORDER.map((s) => (
            <Button key={s} size="small" type={status === s ? 'primary' : 'default'} aria-pressed={status === s} onClick={() => set({ status: s })} data-status={s}>
              {TASK_STATUS[s][lang]} ({counts.data?.counts[s] ?? 0})
            </Button>
          ))}
        </Space>
      </nav>
      <Space wrap style={{ margin: '12px 0' }}>
        <Select
          aria-label={t('Cơ quan (chủ trì hoặc phối hợp)', 'Agency (lead or co-operating)')}
          placeholder={t('Mọi cơ quan', 'Every agency')}
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: screens.md ? 300 : '100%', minWidth: 220 }}
          options={agencies}
          value={orgId}
          onChange={(v) => set({ orgId: v })}
        />
        <Select aria-label={t('Cách xem', 'View')} style={{ width: 200 }} value={sort} onChange={(v) => set({ sort: v === 'overdue' ? undefined : v })} options={SORTS.map((s) => ({ value: s, label: sortLabel[s] }))} />
        {documentId && (
          <Tag closable onClose={() => set({ documentId: undefined })} className="lt-tag">
            {t('Văn bản', 'Document')} {document?.symbol ?? `#${documentId}`}
          </Tag>
        )}
      </Space>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      {screens.md === false ? (
        <div className="lt-task-cards" data-testid="task-cards">
          {list.data?.items.length === 0 && <Empty description={t('Không có nhiệm vụ nào.', 'No tasks.')} />}
          {list.data?.items.map((r) => (
            <Card key={r.id} size="small" className="lt-task-card" data-task={r.id}>
              <Link to={`/tasks/${r.id}`} className="lt-task-link">
                {r.pointRef ? <b>{r.pointRef}: </b> : null}
                <span className="lt-task-content">{r.content}</span>
              </Link>
              <div className="lt-muted" style={{ margin: '4px 0' }}>
                {r.leadOrgName} · <DueCell task={r} />
              </div>
              <Space wrap>
                <TaskStatusTag status={r.status} overdue={r.overdue} />
                <span>{r.percent}%</span>
              </Space>
            </Card>
          ))}
        </div>
      ) : (
        <Table<Task>
          size="small"
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          scroll={{ x: 1000 }}
          pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-task': r.id, 'data-status': r.status }) as React.HTMLAttributes<HTMLElement>}
          locale={{ emptyText: t('Không có nhiệm vụ nào.', 'No tasks.') }}
          data-testid="tasks-table"
        />
      )}
    </Page>
  );
}
