import { memo, useLayoutEffect, useMemo, useRef, useState, type Key, type ReactNode } from 'react';

export interface Column<T> {
  key: string;
  title: ReactNode;
  width?: number;
  align?: 'left' | 'right' | 'center';
  className?: string;
  render(row: T, index: number): ReactNode;
  /** Makes the header a sort button. */
  sorter?(a: T, b: T): number;
}

type Sort = { key: string; dir: 'ascending' | 'descending' } | null;

interface RowViewProps<T> {
  row: T;
  index: number;
  rowIndex?: number;
  columns: Column<T>[];
  className: string;
  onRowClick?(row: T): void;
  extra?: Record<string, string | number>;
}

/** One row; memoised so that scrolling draws only the rows that came into view. */
const RowView = memo(function RowView<T>({ row, index, rowIndex, columns, className, onRowClick, extra }: RowViewProps<T>) {
  return (
    <tr aria-rowindex={rowIndex} className={className} onClick={onRowClick ? (e) => !(e.target as HTMLElement).closest('a,button,input,label') && onRowClick(row) : undefined} {...extra}>
      {columns.map((c) => (
        <td key={c.key} className={c.className} style={c.align ? { textAlign: c.align } : undefined}>
          {c.render(row, index)}
        </td>
      ))}
    </tr>
  );
}) as <T>(p: RowViewProps<T>) => ReactNode;

const ROW_HEIGHT = 31;
const OVERSCAN = 12;

/**
 * A plain, dense HTML table: fast to render, semantic for screen readers, and free of the
 * weight of a full data-grid component. Rows open on click; the link inside each row is the
 * keyboard path. Beyond `virtualAfter` rows only the visible window of rows is rendered, so
 * ten thousand rows scroll as smoothly as fifty.
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
  'data-testid'?: string;
}) {
  const [sort, setSort] = useState<Sort>(null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    if (!col?.sorter) return rows;
    const out = [...rows].sort(col.sorter);
    return sort!.dir === 'descending' ? out.reverse() : out;
  }, [rows, sort, columns]);

  const virtual = sorted.length > virtualAfter;
  const scroller = useRef<HTMLDivElement>(null);
  const [win, setWin] = useState({ start: 0, end: virtualAfter });
  const update = () => {
    const el = scroller.current;
    if (!el) return;
    const start = Math.max(0, Math.floor(el.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const end = Math.min(sorted.length, Math.ceil((el.scrollTop + el.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    setWin((w) => (w.start === start && w.end === end ? w : { start, end }));
    // Only a list that scrolls in its own box asks for more by itself; short lists have a button.
    if (onEndReached && virtual && el.scrollHeight > el.clientHeight && el.scrollTop + el.clientHeight > el.scrollHeight - ROW_HEIGHT * 10) onEndReached();
  };
  useLayoutEffect(update, [sorted.length, virtual]);

  const shown = virtual ? sorted.slice(win.start, win.end) : sorted;
  const offset = virtual ? win.start : 0;

  const head = (
    <thead>
      <tr>
        {columns.map((c) => {
          const on = sort?.key === c.key;
          return (
            <th key={c.key} scope="col" style={{ textAlign: c.align ?? 'left' }} aria-sort={on ? sort!.dir : c.sorter ? 'none' : undefined}>
              {c.sorter ? (
                <button
                  type="button"
                  className="lt-dt-sort"
                  onClick={() => setSort(on ? (sort!.dir === 'ascending' ? { key: c.key, dir: 'descending' } : null) : { key: c.key, dir: 'ascending' })}
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
    <div
      className={`lt-dt-wrap${virtual ? ' lt-dt-virtual' : ''}`}
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
              {virtual && offset > 0 && <tr aria-hidden style={{ height: offset * ROW_HEIGHT }} />}
              {shown.map((r, i) => (
                <RowView<T>
                  key={rowKey(r)}
                  row={r}
                  index={offset + i}
                  rowIndex={virtual ? offset + i + 2 : undefined}
                  columns={columns}
                  className={`${onRowClick ? 'lt-click ' : ''}${rowClassName?.(r) ?? ''}`}
                  onRowClick={onRowClick}
                  extra={rowProps?.(r)}
                />
              ))}
              {virtual && win.end < sorted.length && <tr aria-hidden style={{ height: (sorted.length - win.end) * ROW_HEIGHT }} />}
            </>
          )}
        </tbody>
      </table>
    </div>
  );
}
