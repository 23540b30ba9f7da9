import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';
import { useNarrow } from './useNarrow';

export interface Column<T> {
  key: string;
  title: ReactNode;
  width?: number;
  align?: 'left' | 'right' | 'center';
  render(row: T, index: number): ReactNode;
  /**
   * 'lt-dt-text' wraps the cell (the summary a clerk reads: never cut), 'lt-dt-clip' cuts it
   * with an ellipsis; on cards, 'lt-dt-text' and 'lt-dt-lead' take the whole width unlabelled.
   */
  className?: string;
  /** Sorts the loaded rows in the browser (short lists). */
  sorter?(a: T, b: T): number;
  /** Sorted by whoever holds the rows (the server): the header asks `onSort`. */
  sortable?: boolean;
  /** The direction of the first click (the most urgent first, the soonest deadline first). */
  firstDir?: SortDir;
}

export type SortDir = 'ascending' | 'descending';
export type Sort = { key: string; dir: SortDir } | null;

interface RowViewProps<T> {
  row: T;
  index: number;
  virtual: boolean;
  /** Drawn as a card: each value under its column's name (the header row is hidden). */
  card: boolean;
  columns: Column<T>[];
  clickable: boolean;
  rowClassName?(row: T): string;
  rowProps?(row: T): Record<string, string | number>;
  onRowClick?(row: T): void;
}

/**
 * One row. Memoised on the row object and stable callbacks: when the window moves, only
 * the rows that came into view render; the rest are left as they are.
 */
const RowView = memo(function RowView<T>({ row, index, virtual, card, columns, clickable, rowClassName, rowProps, onRowClick }: RowViewProps<T>) {
  return (
    <tr
      aria-rowindex={virtual ? index + 2 : undefined}
      className={`${clickable ? 'lt-click ' : ''}${rowClassName?.(row) ?? ''}`}
      onClick={onRowClick ? (e) => !(e.target as HTMLElement).closest('a,button,input,label') && onRowClick(row) : undefined}
      {...rowProps?.(row)}
    >
      {columns.map((c) => (
        <td key={c.key} className={c.className} style={c.align ? { textAlign: c.align } : undefined}>
          {card ? (
            <>
              {typeof c.title === 'string' && <span className="lt-dt-cell-label">{c.title}</span>}
              <span className="lt-dt-cell">{c.render(row, index)}</span>
            </>
          ) : (
            c.render(row, index)
          )}
        </td>
      ))}
    </tr>
  );
}) as <T>(p: RowViewProps<T>) => ReactNode;

/** Every row is this tall (styles.css: .lt-dt tbody tr); the window is computed from it. */
export const ROW_HEIGHT = 31;
const OVERSCAN = 5;
/** The window moves by whole chunks of rows: scrolling re-renders every few rows, not every pixel. */
const CHUNK = 4;

/**
 * A plain, dense HTML table: fast to render, semantic for screen readers, and free of the
 * weight of a full data-grid component. Rows open on click; the link inside each row is the
 * keyboard path. Beyond `virtualAfter` rows only the visible window of rows is rendered, so
 * ten thousand rows scroll as smoothly as fifty.
 *
 * Sorting: columns with `sorter` sort the loaded rows here; with `sortable`, the table shows
 * `sort` and asks `onSort` (the server sorts, so the order covers every row, loaded or not).
 */
export function DenseTable<T>({
  columns,
  rows,
  rowKey,
  onRowClick,
  rowClassName,
  rowProps,
  empty,
  caption,
  loading,
  minWidth,
  virtualAfter = 300,
  height = 'calc(100vh - 250px)',
  onEndReached,
  sortLabel,
  sort: sortProp,
  onSort,
  ...rest
}: {
  columns: Column<T>[];
  rows: T[];
  rowKey(row: T): Key;
  onRowClick?(row: T): void;
  rowClassName?(row: T): string;
  rowProps?(row: T): Record<string, string | number>;
  empty?: ReactNode;
  caption?: string;
  loading?: boolean;
  minWidth?: number;
  virtualAfter?: number;
  height?: string;
  /** Called when the user scrolls near the last row (to load more). */
  onEndReached?(): void;
  sortLabel?: (title: string) => string;
  sort?: Sort;
  onSort?(sort: Sort): void;
  'data-testid'?: string;
}) {
  const [localSort, setLocalSort] = useState<Sort>(null);
  const sort = onSort ? (sortProp ?? null) : localSort;
  const sorted = useMemo(() => {
    const col = !onSort && sort && columns.find((c) => c.key === sort.key);
    if (!col || !col.sorter) return rows;
    const out = [...rows].sort(col.sorter);
    return sort!.dir === 'descending' ? out.reverse() : out;
  }, [rows, sort, columns, onSort]);
  // In the browser: ascending, descending, unsorted. On the server there is always an order: a click flips it.
  const nextSort = (c: Column<T>): Sort => {
    if (sort?.key !== c.key) return { key: c.key, dir: c.firstDir ?? 'ascending' };
    if (onSort) return { key: c.key, dir: sort.dir === 'ascending' ? 'descending' : 'ascending' };
    return sort.dir === 'ascending' ? { key: c.key, dir: 'descending' } : null;
  };

  // Cards have rows of different heights: on a phone every loaded row is drawn (50 at a time).
  const narrow = useNarrow();
  const virtual = !narrow && sorted.length > virtualAfter;
  const scroller = useRef<HTMLDivElement>(null);
  const [win, setWin] = useState({ start: 0, end: virtualAfter });
  const endReached = useRef(onEndReached);
  endReached.current = onEndReached;
  const update = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const first = Math.floor(el.scrollTop / ROW_HEIGHT);
    const last = Math.ceil((el.scrollTop + el.clientHeight) / ROW_HEIGHT);
    const start = Math.max(0, Math.floor((first - OVERSCAN) / CHUNK) * CHUNK);
    const end = Math.min(sorted.length, Math.ceil((last + OVERSCAN) / CHUNK) * CHUNK);
    setWin((w) => (w.start === start && w.end === end ? w : { start, end }));
    // Only a list that scrolls in its own box asks for more by itself; short lists have a button.
    if (endReached.current && el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight > el.scrollHeight - ROW_HEIGHT * 10) endReached.current();
  }, [sorted.length]);
  useLayoutEffect(update, [update, virtual]);

  const shown = virtual ? sorted.slice(win.start, win.end) : sorted;
  const offset = virtual ? win.start : 0;

  const head = (
    <thead>
      <tr>
        {columns.map((c) => {
          const on = sort?.key === c.key;
          const canSort = onSort ? !!c.sortable : !!c.sorter;
          return (
            <th key={c.key} scope="col" style={{ textAlign: c.align ?? 'left' }} aria-sort={on ? sort!.dir : canSort ? 'none' : undefined}>
              {canSort ? (
                <button
                  type="button"
                  className="lt-dt-sort"
                  onClick={() => (onSort ? onSort(nextSort(c)) : setLocalSort(nextSort(c)))}
                  title={sortLabel && typeof c.title === 'string' ? sortLabel(c.title) : undefined}
                >
                  {c.title}
                  <span className="lt-dt-arrow" aria-hidden>
                    {on ? (sort!.dir === 'ascending' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              ) : (
                c.title
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );

  return (
    // A box that scrolls must be reachable with the keyboard (arrow keys scroll it once focused).
    <div
      className={`lt-dt-wrap${virtual ? ' lt-dt-virtual' : ''}`}
      role="region"
      aria-label={caption}
      tabIndex={0}
      aria-busy={loading || undefined}
      ref={scroller}
      onScroll={virtual ? update : undefined}
      style={virtual ? { maxHeight: height } : undefined}
    >
      <table className="lt-dt" style={minWidth ? { minWidth } : undefined} aria-rowcount={virtual ? sorted.length + 1 : undefined} {...rest}>
        {caption && <caption className="lt-sr">{caption}</caption>}
        <colgroup>
          {columns.map((c) => (
            <col key={c.key} style={c.width ? { width: c.width } : undefined} />
          ))}
        </colgroup>
        {head}
        <tbody>
          {sorted.length === 0 ? (
            <tr className="lt-dt-empty">
              <td colSpan={columns.length}>{loading ? '…' : empty}</td>
            </tr>
          ) : (
            <>
              {virtual && offset > 0 && <tr aria-hidden className="lt-dt-spacer" style={{ height: offset * ROW_HEIGHT }} />}
              {shown.map((r, i) => (
                <RowView<T>
                  key={rowKey(r)}
                  row={r}
                  index={offset + i}
                  virtual={virtual}
                  card={narrow}
                  columns={columns}
                  clickable={!!onRowClick}
                  rowClassName={rowClassName}
                  rowProps={rowProps}
                  onRowClick={onRowClick}
                />
              ))}
              {virtual && win.end < sorted.length && <tr aria-hidden className="lt-dt-spacer" style={{ height: (sorted.length - win.end) * ROW_HEIGHT }} />}
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}
