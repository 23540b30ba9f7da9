import { useEffect, useId, useMemo, useRef, useState, type CSSProperties } from 'react';
import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../i18n';

/** echarts is fetched with the first chart drawn, once. */
let loading: Promise<typeof import('./echarts')> | null = null;
const loadEcharts = () => (loading ??= import('./echarts'));

export interface ChartTable {
  columns: string[];
  rows: (string | number | null)[][];
}

type Cell = number | string | null | undefined | { value?: unknown; name?: string };
type Series = { name?: string; type?: string; data?: Cell[] };
type Axis = { type?: string; name?: string; data?: (string | number)[] };

const valueOf = (c: Cell): string | number | null => {
  const v = c !== null && typeof c === 'object' ? c.value : c;
  if (Array.isArray(v)) return v.at(-1) as number;
  return typeof v === 'number' || typeof v === 'string' ? v : null;
};
const first = (a: unknown): Axis | undefined => (Array.isArray(a) ? (a[0] as Axis | undefined) : (a as Axis | undefined));

/**
 * The figures a chart draws, as a table: the categories of its category axis (or a pie's
 * slices) down, one column per series. Null when the option is not of that shape.
 */
export function tableOf(option: EChartsCoreOption, categoryLabel: string): ChartTable | null {
  const series = ([] as Series[]).concat((option.series as Series | Series[] | undefined) ?? []);
  if (!series.length) return null;
  const axis = [first(option.xAxis), first(option.yAxis)].find((a) => a?.type === 'category' && Array.isArray(a.data));
  if (axis) {
    const columns = [axis.name ?? categoryLabel, ...series.map((s, i) => s.name ?? String(i + 1))];
    return { columns, rows: axis.data!.map((c, i) => [c, ...series.map((s) => valueOf(s.data?.[i]))]) };
  }
  if (series.length === 1 && series[0]!.type === 'pie') {
    return { columns: [categoryLabel, series[0]!.name ?? ''], rows: (series[0]!.data ?? []).map((d) => [typeof d === 'object' && d ? (d.name ?? '') : '', valueOf(d)]) };
  }
  return null;
}

export interface ChartProps {
  option: EChartsCoreOption;
  /** What the chart shows, in a few words: its accessible name. */
  label: string;
  /** A longer text alternative (what to read in it), announced with the name. */
  description?: string;
  /** The figures for screen readers; derived from the option when it has a category axis or is a pie. */
  table?: ChartTable | null;
  /** The header of the categories' column of the derived table. */
  categoryLabel?: string;
  height?: number;
  className?: string;
  style?: CSSProperties;
  testId?: string;
  /** SVG draws crisper for a few bars and prints sharper; canvas is faster for many points. */
  renderer?: 'canvas' | 'svg';
}

/**
 * The app's chart: echarts (loaded on first use), the app's theme, resized with its box, a
 * name and description for assistive technologies and the figures as a table only they read.
 */
export function Chart({ option, label, description, table, categoryLabel, height, className, style, testId, renderer = 'canvas' }: ChartProps) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const [ready, setReady] = useState(false);
  const descId = useId();
  useEffect(() => {
    let gone = false;
    let observer: ResizeObserver | undefined;
    void loadEcharts().then(({ echarts, THEME }) => {
      const el = box.current;
      if (gone || !el) return;
      const c = echarts.init(el, THEME, { renderer });
      chart.current = c;
      observer = new ResizeObserver(() => c.resize());
      observer.observe(el);
      setReady(true);
    });
    return () => {
      gone = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
      setReady(false);
    };
  }, [renderer]);
  useEffect(() => {
    if (ready) chart.current?.setOption({ aria: { enabled: true }, ...option }, true);
  }, [option, ready]);
  const figures = useMemo(() => (table === undefined ? tableOf(option, categoryLabel ?? t('Mục', 'Item')) : table), [table, option, categoryLabel, t]);
  const boxStyle: CSSProperties = { width: '100%', ...(height !== undefined || (!className && !style?.height) ? { height: height ?? 300 } : {}), ...style };
  return (
    <figure className="lt-chart" style={{ margin: 0 }} data-testid={testId}>
      <div ref={box} className={className} style={boxStyle} role="img" aria-label={label} aria-describedby={description ? descId : undefined} />
      {description && (
        <p id={descId} className="lt-sr">
          {description}
        </p>
      )}
      {/* Hidden in a block: a table is never narrower than its cells, whatever its own width says. */}
      {figures && figures.rows.length > 0 && (
        <div className="lt-sr">
          <table>
            <caption>{label}</caption>
            <thead>
              <tr>
                {figures.columns.map((c, i) => (
                  <th key={i} scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {figures.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((c, j) => (j === 0 ? <th key={j} scope="row">{c ?? '—'}</th> : <td key={j}>{c === null ? '—' : typeof c === 'number' ? c.toLocaleString('vi-VN') : c}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}
