import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

/**
 * The part of echarts the app draws with (tree-shaken), and its theme: the colours and the
 * font of the back office (theme.ts). Imported only by Chart.tsx, on demand, so echarts
 * stays out of every chunk but the first chart's.
 */
echarts.use([BarChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export const THEME = 'lienthong';
echarts.registerTheme(THEME, {
  color: ['#1b4f8f', '#2e7d32', '#b45309', '#6a3d9a', '#b3261e', '#0f766e', '#8c8c8c'],
  backgroundColor: 'transparent',
  textStyle: { fontFamily: "Inter, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif", color: '#1c2430' },
  legend: { textStyle: { color: '#1c2430' } },
  categoryAxis: { axisLine: { lineStyle: { color: '#8c96a3' } }, axisLabel: { color: '#3d4653' }, splitLine: { show: false } },
  valueAxis: { axisLine: { lineStyle: { color: '#8c96a3' } }, axisLabel: { color: '#3d4653' }, splitLine: { lineStyle: { color: '#e4e8ee' } } },
});

export { echarts };
