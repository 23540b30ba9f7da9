import { useMemo } from 'react';
import { Chart } from '../components/Chart';
import { useI18n } from '../i18n';
import { SEVERITY, SEVERITY_ORDER } from './labels';
import type { IncidentStats } from './types';

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
    <Chart
      option={option}
      height={260}
      renderer="svg"
      categoryLabel={t('Tháng', 'Month')}
      label={t(`Biểu đồ số sự cố theo tháng và mức độ, 12 tháng: ${total} sự cố`, `Incidents by month and severity, 12 months: ${total}`)}
    />
  );
}
