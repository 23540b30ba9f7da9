import { Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Button, Checkbox, Input, Select, Space } from 'antd';
import { FileAddOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { answer, client } from '../api/client';
import { Panel } from '../components/Panel';
import { useI18n } from '../i18n';
import { navigate, setQuery, useLocation } from '../router';
import { Deadline, RoleTag, STATUS, StatusTag, URGENCY, UrgencyTag } from '../labels';
import { fmtDate } from '../format';
import { Page } from '../components/Page';
import { DocLink } from '../components/DocLink';
import { type Column, type Sort } from '../components/DenseTable';
import { PagedTable, useCursorList } from '../components/PagedTable';
import { ReloadButton } from '../components/ReloadButton';
import { markDataArrived, markRendered } from '../perf';
import type { InboxItem, InboxPage } from '../types';
import { lazyScreen } from '../lazy-screen';

const PAGE_SIZES = [50, 100, 200];

/** Columns the server sorts by (GET /api/v1/inbox?sort=…&dir=…), so the order covers every row. */
const SORT_OF: Record<string, string> = { no: 'arrivalNumber', arrived: 'arrived', deadline: 'deadline', urgency: 'urgency', status: 'status' };
const COLUMN_OF = Object.fromEntries(Object.entries(SORT_OF).map(([c, s]) => [s, c]));
const PaperModal = lazyScreen(() => import('./inbox/PaperModal'));

export default function Inbox() {
  const { t, lang } = useI18n();
  const { has } = useAuth();
  const [paper, setPaper] = useState(false);
  const { query } = useLocation();
  const status = query.get('status') ?? '';
  const urgency = query.get('urgency') ?? '';
  const overdue = query.get('overdue') === 'true';
  const mine = query.get('mine') === 'true';
  const recall = query.get('recall') === 'pending' ? 'pending' : '';
  const q = query.get('q') ?? '';
  const limit = Number(query.get('limit')) || 50;
  const sortParam = COLUMN_OF[query.get('sort') ?? ''] ? query.get('sort')! : '';
  const dir = query.get('dir') === 'asc' ? 'asc' : query.get('dir') === 'desc' ? 'desc' : '';
  const sort: Sort = sortParam ? { key: COLUMN_OF[sortParam]!, dir: dir === 'desc' || (!dir && sortParam === 'arrived') ? 'descending' : 'ascending' } : { key: 'arrived', dir: 'descending' };
  const [typed, setTyped] = useState(q);
  const firstSeen = useRef<Set<number> | null>(null);

  const filters = { status, urgency, overdue, mine, recall, q, limit, sort: sortParam, dir };
  const update = (patch: Partial<typeof filters>) => setQuery({ ...filters, limit: limit === 50 ? undefined : limit, ...patch });

  const { list, rows } = useCursorList<InboxPage, string>({
    queryKey: ['inbox', 'list', { status, urgency, overdue, mine, recall, limit, q, sort: sortParam, dir }],
    load: async (cursor, signal) => {
      // The inbox filters and sorts itself (text folded, no diacritics needed), so search and sort keep every column and the paging.
      const page = await answer(
        client.GET('/api/v1/inbox', {
          params: { query: { q: q.trim() || undefined, status: status || undefined, urgency: urgency || undefined, overdue, mine, recall: recall || undefined, limit, sort: sortParam || undefined, dir: dir || undefined, cursor } },
          signal,
        }),
      );
      markDataArrived('inbox');
      return page;
    },
    next: (last) => last.nextCursor,
  });
  if (rows.length && firstSeen.current === null) firstSeen.current = new Set(rows.map((r) => r.itemId));
  const isNew = useCallback((r: InboxItem) => !!firstSeen.current && !firstSeen.current.has(r.itemId), []);
  useLayoutEffect(() => {
    const last = list.data?.pages.at(-1);
    if (last) markRendered('inbox', last.items.length);
  }, [list.data]);

  // Stable columns and callbacks keep the memoised rows from re-rendering while the list scrolls.
  const columns = useMemo<Column<InboxItem>[]>(() => [
    { key: 'no', title: t('Số đến', 'No.'), width: 60, align: 'right', sortable: true, firstDir: 'descending', render: (r) => r.arrivalNumber ?? <span className="lt-muted">—</span> },
    { key: 'arrived', title: t('Ngày đến', 'Arrived'), width: 84, sortable: true, firstDir: 'descending', render: (r) => fmtDate(r.arrivedAt) || <span className="lt-muted">—</span> },
    {
      key: 'symbol',
      title: t('Số, ký hiệu', 'Number'),
      width: 132,
      className: 'lt-dt-clip lt-dt-lead',
      render: (r) => (
        <span className="lt-symbol-cell">
          <DocLink id={r.documentId} symbol={r.symbol} />
          {isNew(r) && <span className="lt-new">{t('mới', 'new')}</span>}
        </span>
      ),
    },
    { key: 'sender', title: t('Cơ quan gửi', 'Sender'), width: 140, className: 'lt-dt-text', render: (r) => <span title={r.senderName ?? ''}>{r.senderName}</span> },
    {
      key: 'summary',
      title: t('Trích yếu', 'Summary'),
      className: 'lt-dt-text',
      render: (r) => (
        <span title={r.summary} className={r.status.code === '01' ? 'lt-unread' : undefined}>
          {r.isPaper && <span className="lt-paper">{t('Giấy', 'Paper')}</span>}
          {r.summary}
        </span>
      ),
    },
    { key: 'urgency', title: t('Độ khẩn', 'Urgency'), width: 110, sortable: true, firstDir: 'descending', render: (r) => <UrgencyTag urgency={r.urgency} quiet /> },
    {
      key: 'deadline',
      title: t('Hạn xử lý', 'Deadline'),
      width: 104,
      sortable: true,
      render: (r) => <Deadline date={r.deadline} daysLeft={r.daysLeft} done={['02', '06'].includes(r.status.code)} />,
    },
    { key: 'role', title: t('Vai trò', 'My role'), width: 72, render: (r) => <RoleTag role={r.myRole} /> },
    {
      key: 'status',
      title: t('Trạng thái', 'Status'),
      width: 140,
      sortable: true,
      render: (r) => (
        <span data-testid="row-status">
          <StatusTag status={r.status} />
          {r.recallState === '13' && <StatusTag code="13" />}
        </span>
      ),
    },
  ], [t, isNew]);
  const rowClassName = useCallback((r: InboxItem) => (r.overdue ? (isNew(r) ? 'lt-row-overdue lt-row-new' : 'lt-row-overdue') : isNew(r) ? 'lt-row-new' : ''), [isNew]);
  const rowProps = useCallback((r: InboxItem) => ({ 'data-item': r.itemId, 'data-document': r.documentId }), []);
  const openRow = useCallback((r: InboxItem) => navigate(`/documents/${r.documentId}`), []);
  const onSort = (next: Sort) => {
    const apiSort = next ? SORT_OF[next.key] : undefined;
    const isDefault = !apiSort || (apiSort === 'arrived' && next!.dir === 'descending');
    update({ sort: isDefault ? '' : apiSort, dir: isDefault ? '' : next!.dir === 'ascending' ? 'asc' : 'desc' });
  };

  return (
    <Page
      title={t('Văn bản đến', 'Incoming documents')}
      sub={t('Văn bản đến của cơ quan, mới nhất trước. Văn bản mới đến hiện ra ngay, không cần tải lại trang.', 'Your agency’s incoming documents, newest first. New arrivals appear without reloading.')}
      extra={
        has('clerk') && (
          <Button icon={<FileAddOutlined />} onClick={() => setPaper(true)}>
            {t('Vào sổ văn bản giấy', 'Register a paper document')}
          </Button>
        )
      }
    >
      {paper && (
        <Suspense fallback={null}>
          <PaperModal onClose={() => setPaper(false)} />
        </Suspense>
      )}
      <Panel className="lt-filters">
        <Space wrap size={[8, 8]}>
          <Input.Search
            allowClear
            placeholder={t('Tìm số, ký hiệu, trích yếu, người ký…', 'Search number, summary, signer…')}
            aria-label={t('Tìm trong văn bản đến', 'Search incoming documents')}
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              if (!e.target.value) update({ q: '' });
            }}
            onSearch={(v) => update({ q: v.trim() })}
            style={{ width: 300 }}
          />
          <Select
            aria-label={t('Trạng thái', 'Status')}
            value={status}
            onChange={(v) => update({ status: v })}
            style={{ width: 190 }}
            options={[{ value: '', label: t('Mọi trạng thái', 'Any status') }, ...['01', '02', '03', '04', '05', '06'].map((c) => ({ value: c, label: `${c} · ${STATUS[c]![lang]}` }))]}
          />
          <Select
            aria-label={t('Độ khẩn', 'Urgency')}
            value={urgency}
            onChange={(v) => update({ urgency: v })}
            style={{ width: 150 }}
            options={[{ value: '', label: t('Mọi độ khẩn', 'Any urgency') }, ...Object.entries(URGENCY).map(([k, v]) => ({ value: k, label: v[lang] }))]}
          />
          <Checkbox checked={overdue} onChange={(e) => update({ overdue: e.target.checked })}>
            {t('Quá hạn', 'Overdue')}
          </Checkbox>
          <Checkbox checked={mine} onChange={(e) => update({ mine: e.target.checked })}>
            {t('Tôi được giao', 'Assigned to me')}
          </Checkbox>
          <Checkbox checked={!!recall} onChange={(e) => update({ recall: e.target.checked ? 'pending' : '' })} data-testid="filter-recall">
            {t('Thu hồi chờ trả lời', 'Recalls to answer')}
          </Checkbox>
          <Select
            aria-label={t('Số dòng mỗi lần tải', 'Rows per load')}
            value={limit}
            onChange={(v) => update({ limit: v })}
            style={{ width: 120 }}
            options={PAGE_SIZES.map((n) => ({ value: n, label: t(`${n} dòng/lần`, `${n} per load`) }))}
          />
          <ReloadButton reload={list.refetch} />
        </Space>
      </Panel>
      <PagedTable<InboxItem>
        list={list}
        rows={rows}
        unit="văn bản"
        limit={limit}
        status={q ? t(`${rows.length} kết quả tìm kiếm${list.hasNextPage ? ', còn nữa' : ''}`, `${rows.length} search results${list.hasNextPage ? ', more available' : ''}`) : undefined}
        rowKey={(r) => r.itemId}
        columns={columns}
        minWidth={960}
        caption={t('Văn bản đến', 'Incoming documents')}
        sortLabel={(c) => t(`Sắp xếp theo ${c}`, `Sort by ${c}`)}
        rowClassName={rowClassName}
        rowProps={rowProps}
        onRowClick={openRow}
        sort={sort}
        onSort={onSort}
        empty={t('Không có văn bản nào khớp bộ lọc.', 'No document matches the filters.')}
        data-testid="inbox-table"
      />
    </Page>
  );
}
