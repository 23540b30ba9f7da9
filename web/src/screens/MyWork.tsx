import { useMemo, useState } from 'react';
import { Tag } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { answer, client, type QueryOf } from '../api/client';
import { useAuth, useMe } from '../auth';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { Deadline, StatusTag, UrgencyTag, URGENCY_RANK } from '../labels';
import { fmtDate } from '../format';
import { LoadError, Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { Panel } from '../components/Panel';
import { DenseTable, type Column } from '../components/DenseTable';
import type { InboxItem, InboxPage } from '../types';

const inbox = (query: QueryOf<'/api/v1/inbox', 'get'>) => () => answer(client.GET('/api/v1/inbox', { params: { query } }));

type Task = 'register' | 'assign' | 'process' | 'recall' | 'follow';
interface Row extends InboxItem {
  task: Task;
  key: string;
}

const TASK: Record<Task, { vi: string; en: string; color: string }> = {
  register: { vi: 'Vào sổ', en: 'Register', color: 'blue' },
  assign: { vi: 'Phân công', en: 'Assign', color: 'purple' },
  process: { vi: 'Xử lý', en: 'Process', color: 'gold' },
  recall: { vi: 'Trả lời thu hồi', en: 'Answer recall', color: 'magenta' },
  /** A leader's: overdue at one of the people he directs. */
  follow: { vi: 'Đôn đốc', en: 'Follow up', color: 'red' },
};

/** Overdue first, then the most urgent, then the nearest deadline, then the newest. */
export function byPriority(a: InboxItem, b: InboxItem): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const u = (URGENCY_RANK[b.urgency] ?? 0) - (URGENCY_RANK[a.urgency] ?? 0);
  if (u) return u;
  if (a.deadline !== b.deadline) {
    if (!a.deadline) return 1;
    if (!b.deadline) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  }
  return b.itemId - a.itemId;
}

export default function MyWork() {
  const me = useMe();
  const { has } = useAuth();
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<Task | 'overdue' | 'all'>('all');
  const clerk = has('clerk');
  const leader = has('leader');
  const agencyUser = has('clerk', 'leader', 'specialist');

  const lists = useQueries({
    queries: [
      { queryKey: ['work', 'register'], queryFn: inbox({ status: '01', limit: 200 }), enabled: clerk },
      { queryKey: ['work', 'assign'], queryFn: inbox({ status: '03', limit: 200 }), enabled: leader },
      { queryKey: ['work', 'mine'], queryFn: inbox({ mine: true, limit: 200 }), enabled: agencyUser },
      { queryKey: ['work', 'recall'], queryFn: inbox({ recall: 'pending', limit: 200 }), enabled: clerk || leader },
    ],
  });
  const overdue = useQuery({ queryKey: ['work', 'overdue'], queryFn: () => answer(client.GET('/api/v1/overdue')), enabled: agencyUser });
  const [reg, asg, mine, recalls] = lists;

  const rows = useMemo(() => {
    const out: Row[] = [];
    const add = (task: Task, page?: InboxPage) => page?.items.forEach((i) => out.push({ ...i, task, key: `${task}-${i.itemId}` }));
    add('register', reg?.data);
    add('assign', asg?.data);
    add(
      'process',
      mine?.data && { ...mine.data, items: mine.data.items.filter((i) => i.status.code === '04' || i.status.code === '05') },
    );
    add('recall', recalls?.data);
    // What is overdue among the people a leader directs, unless it is already one of his tasks.
    const held = new Set(out.map((r) => r.itemId));
    for (const i of overdue.data?.directed?.items ?? []) if (!held.has(i.itemId)) out.push({ ...i, task: 'follow', key: `follow-${i.itemId}` });
    return out.sort(byPriority);
  }, [reg?.data, asg?.data, mine?.data, recalls?.data, overdue.data]);

  const count = (task: Task) => rows.filter((r) => r.task === task).length;
  const more = (q?: { data?: InboxPage }) => (q?.data?.nextBeforeId ? '+' : '');
  const overdueCount = new Set(rows.filter((r) => r.overdue).map((r) => r.itemId)).size;
  const shown = filter === 'all' ? rows : filter === 'overdue' ? rows.filter((r) => r.overdue) : rows.filter((r) => r.task === filter);
  const loading = lists.some((q) => q.isLoading) || overdue.isLoading;
  const failed = lists.find((q) => q.error) ?? (overdue.error ? overdue : undefined);

  const cards: { key: typeof filter; label: string; value: string | number; tone: string; show: boolean; hint: string }[] = [
    { key: 'overdue', label: t('Quá hạn', 'Overdue'), value: overdueCount, tone: 'danger', show: agencyUser, hint: overdue.data?.directed ? t(`Quá hạn tại ${overdue.data.directed.name}, gồm việc của những người anh/chị chỉ đạo`, `Overdue at ${overdue.data.directed.name}, the work of the people you direct included`) : t(`Cơ quan: ${overdue.data?.organisation.count ?? 0} văn bản quá hạn`, `Agency: ${overdue.data?.organisation.count ?? 0} overdue`) },
    { key: 'register', label: t('Chờ vào sổ', 'To register'), value: `${count('register')}${more(reg)}`, tone: 'blue', show: clerk, hint: t('Văn bản đến trạng thái 01', 'Incoming at status 01') },
    { key: 'assign', label: t('Chờ phân công', 'To assign'), value: `${count('assign')}${more(asg)}`, tone: 'purple', show: leader, hint: t('Đã vào sổ, chưa giao xử lý (03)', 'Registered, not assigned (03)') },
    { key: 'process', label: t('Tôi xử lý', 'Mine to process'), value: `${count('process')}${more(mine)}`, tone: 'gold', show: agencyUser, hint: t('Được giao cho tôi (04, 05)', 'Assigned to me (04, 05)') },
    { key: 'recall', label: t('Thu hồi chờ trả lời', 'Recalls to answer'), value: `${count('recall')}${more(recalls)}`, tone: 'magenta', show: clerk || leader, hint: t('Nơi gửi yêu cầu thu hồi (13)', 'The sender asks to recall (13)') },
  ];

  const columns: Column<Row>[] = [
    { key: 'task', title: t('Việc', 'Task'), width: 104, render: (r) => <Tag color={TASK[r.task].color} className="lt-tag">{TASK[r.task][lang]}</Tag> },
    { key: 'no', title: t('Số đến', 'No.'), width: 60, align: 'right', render: (r) => r.arrivalNumber ?? <span className="lt-muted">—</span> },
    { key: 'symbol', title: t('Số, ký hiệu', 'Number'), width: 132, className: 'lt-dt-clip lt-dt-lead', render: (r) => <DocLink id={r.documentId} symbol={r.symbol} /> },
    { key: 'summary', title: t('Trích yếu', 'Summary'), className: 'lt-dt-text', render: (r) => <span title={r.summary}>{r.summary}</span> },
    { key: 'sender', title: t('Nơi gửi', 'Sender'), width: 140, className: 'lt-dt-text', render: (r) => <span title={r.senderName ?? ''}>{r.senderName}</span> },
    { key: 'urgency', title: t('Độ khẩn', 'Urgency'), width: 110, render: (r) => <UrgencyTag urgency={r.urgency} quiet /> },
    { key: 'arrived', title: t('Ngày đến', 'Arrived'), width: 84, render: (r) => fmtDate(r.arrivedAt) },
    { key: 'deadline', title: t('Hạn xử lý', 'Deadline'), width: 104, render: (r) => <Deadline date={r.deadline} daysLeft={r.daysLeft} /> },
    { key: 'status', title: t('Trạng thái', 'Status'), width: 140, render: (r) => <StatusTag status={r.status} /> },
  ];

  if (!agencyUser) {
    return (
      <Page title={t('Việc cần làm', 'My work')} sub={me.fullName}>
        <Panel>
          <p>{t('Tài khoản quản trị không xử lý văn bản. Các việc quản trị:', 'An administrator account does not process documents. Administration:')}</p>
          <ul className="lt-links">
            <li><Link to="/admin/organizations">{t('Cây tổ chức', 'Organisation tree')}</Link></li>
            <li><Link to="/admin/users">{t('Người dùng và vai trò', 'Users and roles')}</Link></li>
            <li><Link to="/admin/tokens">{t('Khóa API', 'API tokens')}</Link></li>
            <li><Link to="/admin/audit">{t('Nhật ký và kiểm tra chuỗi', 'Audit log and chain check')}</Link></li>
          </ul>
        </Panel>
      </Page>
    );
  }

  return (
    <Page title={t('Việc cần làm', 'My work')} sub={t('Những văn bản đang chờ bạn, quá hạn và khẩn trước.', 'What waits for you: overdue and urgent first.')}>
      {failed && <LoadError error={failed.error} retry={() => lists.forEach((q) => void q.refetch())} />}
      <div className="lt-cards" role="group" aria-label={t('Lọc theo loại việc', 'Filter by task')}>
        {cards
          .filter((c) => c.show)
          .map((c) => (
              <button
                key={c.key}
                type="button"
                className={`lt-stat lt-stat-${c.tone}${filter === c.key ? ' lt-stat-on' : ''}`}
                aria-pressed={filter === c.key}
                onClick={() => setFilter(filter === c.key ? 'all' : c.key)}
                title={c.hint}
              >
                <span className="lt-stat-value" data-testid={`count-${c.key}`}>{loading ? '…' : c.value}</span>
                <span className="lt-stat-label">{c.label}</span>
              </button>
          ))}
      </div>
      <Panel
        title={filter === 'all' ? t('Tất cả việc đang chờ', 'Everything waiting') : cards.find((c) => c.key === filter)?.label}
        extra={<Link to="/inbox">{t('Mở danh sách văn bản đến →', 'Open the incoming documents →')}</Link>}
      >
        <DenseTable<Row>
          rowKey={(r) => r.key}
          columns={columns}
          rows={shown}
          loading={loading}
          minWidth={960}
          caption={t('Việc đang chờ', 'Work waiting')}
          rowClassName={(r) => (r.overdue ? 'lt-row-overdue' : '')}
          onRowClick={(r) => navigate(`/documents/${r.documentId}`)}
          empty={<span className="lt-muted">{t('Không có việc nào đang chờ.', 'Nothing is waiting.')}</span>}
          data-testid="work-table"
        />
      </Panel>
      {(overdue.data?.people.length ?? 0) > 0 && (leader || clerk) && (
        <Panel title={t('Quá hạn theo người xử lý', 'Overdue by person')}>
          <DenseTable
            rowKey={(p) => p.userId}
            rows={overdue.data!.people}
            columns={[
              { key: 'name', title: t('Người xử lý', 'Handler'), render: (p) => p.fullName },
              { key: 'count', title: t('Số văn bản quá hạn', 'Overdue documents'), width: 160, align: 'right', render: (p) => p.count },
            ]}
          />
        </Panel>
      )}
    </Page>
  );
}
