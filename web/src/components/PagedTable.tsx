import { useMemo, type ReactNode } from 'react';
import { Button } from 'antd';
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useI18n } from '../i18n';
import { DenseTable } from './DenseTable';
import { LoadError } from './Page';
import { Panel } from './Panel';

/**
 * A list the server hands out a page at a time, newest first: `load` reads the page starting
 * at `cursor` (none for the first), `next` says where the page after `last` starts (null at
 * the end). Answers the query and every row loaded so far.
 */
export function useCursorList<P extends { items: unknown[] }, C extends string | number>(o: {
  queryKey: QueryKey;
  load(cursor: C | undefined, signal: AbortSignal): Promise<P>;
  next(last: P): C | null | undefined;
  enabled?: boolean;
  staleTime?: number;
}) {
  const list = useInfiniteQuery({
    queryKey: o.queryKey,
    initialPageParam: undefined as C | undefined,
    getNextPageParam: (last: P) => o.next(last) ?? undefined,
    // The page parameter is `C | undefined` (initialPageParam, getNextPageParam); TypeScript cannot see it through the generic.
    queryFn: ({ pageParam, signal }) => o.load(pageParam as C | undefined, signal),
    enabled: o.enabled ?? true,
    // Only when the screen sets one: an explicit undefined would override the client's default (App.tsx).
    ...(o.staleTime === undefined ? {} : { staleTime: o.staleTime }),
  });
  const rows = useMemo(() => (list.data?.pages.flatMap((p) => p.items) ?? []) as P['items'], [list.data]);
  return { list, rows };
}

/** What the table needs of the query of `useCursorList`. */
export interface PagedQuery {
  error: unknown;
  isLoading: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
  refetch(): Promise<unknown>;
}

type TableProps<T> = Omit<Parameters<typeof DenseTable<T>>[0], 'rows' | 'loading' | 'onEndReached'>;

/**
 * The rows of a paged list in a dense table: the next page loads when the user scrolls near
 * the end or presses "Tải thêm", with a spoken count of what is shown; a failed load shows
 * above with a retry. `unit` is the Vietnamese noun counted ("thư", "văn bản"); `status`
 * replaces the count (search results); `children` stand between the table and the pager.
 */
export function PagedTable<T>({ list, rows, unit, limit, status, children, ...table }: TableProps<T> & { list: PagedQuery; rows: T[]; unit: string; limit: number; status?: ReactNode; children?: ReactNode }) {
  const { t } = useI18n();
  const more = list.hasNextPage;
  return (
    <>
      {list.error && <LoadError error={list.error} retry={() => void list.refetch()} />}
      <Panel>
        <DenseTable<T> {...table} rows={rows} loading={list.isLoading} onEndReached={() => more && !list.isFetchingNextPage && void list.fetchNextPage()} />
        {children}
        <div className="lt-pager">
          <span className="lt-muted" aria-live="polite">
            {status ?? t(`Đang hiện ${rows.length} ${unit}${more ? ', còn nữa' : ''}`, `Showing ${rows.length}${more ? ', more available' : ''}`)}
          </span>
          <Button disabled={!more} loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {t(`Tải thêm ${limit} ${unit}`, `Load ${limit} more`)}
          </Button>
        </div>
      </Panel>
    </>
  );
}
