import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n';
import { SEVERITY, SEVERITY_ORDER } from './labels';
import type { IncidentStats } from './types';

echarts.use([BarChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** echarts on a div, resized with it (echarts-for-react needs a tslib the lock file does not hoist). */
function EChart({ option, height }: { option: echarts.EChartsCoreOption; height: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = echarts.init(box.current!, undefined, { renderer: 'svg' });
    chart.setOption(option);
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(box.current!);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={box} style={{ height, width: '100%' }} />;
}

const COLORS: Record<string, string> = { critical: '#a8071a', high: '#d46b08', medium: '#d4b106', low: '#8c8c8c' };

/** Incidents by month (when detected, Vietnamese calendar) and severity: stacked bars. */
export default function IncidentChart({ stats }: { stats: IncidentStats }) {
  const { t, lang } = useI18n();
  const total = stats.months.reduce((n, m) => n + SEVERITY_ORDER.reduce((k, s) => k + m[s], 0), 0);
  const option = useMemo(
    () => ({
      aria: { enabled: true },
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 36, right: 12, top: 16, bottom: 56 },
      xAxis: { type: 'category', data: stats.months.map((m) => `${m.month.slice(5)}/${m.month.slice(0, 4)}`), axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [...SEVERITY_ORDER].reverse().map((s) => ({ name: SEVERITY[s][lang], type: 'bar', stack: 'n', itemStyle: { color: COLORS[s] }, data: stats.months.map((m) => m[s]) })),
    }),
    [stats, lang],
  );
  return (
    <figure style={{ margin: 0 }} aria-label={t(`Biểu đồ số sự cố theo tháng và mức độ, 12 tháng: ${total} sự cố`, `Incidents by month and severity, 12 months: ${total}`)}>
      <EChart height={260} option={option} />
    </figure>
  );
}
