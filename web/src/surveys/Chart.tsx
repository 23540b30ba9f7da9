import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, AriaComponent, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/**
 * An echarts chart (bar charts only, tree-shaken) that follows its box's size. echarts
 * directly rather than echarts-for-react, whose build imports tslib without declaring it.
 */
export function Chart({ option, className, style, label }: { option: echarts.EChartsCoreOption; className?: string; style?: CSSProperties; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current!;
    const chart = echarts.init(el);
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, []);
  useEffect(() => {
    echarts.getInstanceByDom(ref.current!)?.setOption(option, true);
  }, [option]);
  return <div ref={ref} className={className} style={style} role="img" aria-label={label} />;
}
