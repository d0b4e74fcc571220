// The recharts charts, loaded on demand: their chunk is fetched once the page is idle (or when a
// chart is first drawn) and evaluated in a task of its own rather than while the page loads.
// Until it is in, each chart's place says so, at the chart's size, so the layout does not jump.
import { Suspense, type ComponentType } from 'react';
import { lazyModule } from '../lazyModule';
import { useDisplay } from '../theme/DisplayContext';
import { DEFAULT_CHART_HEIGHT } from './ChartFrame';

type Charts = typeof import('./gradientCharts');

// recharts' state and scale libraries are chunks of their own (vite.config.ts): importing one
// module of each first evaluates each chunk in a task of its own, then recharts in a third.
const charts = lazyModule(async () => {
  await import('@reduxjs/toolkit');
  await nextTask();
  await import('decimal.js-light');
  await nextTask();
  return import('./gradientCharts');
});

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Loads the charts' chunk before a chart needs it. */
export const preloadGradientCharts = () => charts.preload();

function ChartLoading({ height }: { height?: number }) {
  const { fontScale } = useDisplay();
  const drawHeight = height ?? Math.round(DEFAULT_CHART_HEIGHT * Math.sqrt(fontScale));
  return (
    <figure className="chart chart-loading" aria-busy="true">
      <div className="chart-canvas" style={{ minHeight: drawHeight }}>
        <p className="placeholder">Loading chart…</p>
      </div>
    </figure>
  );
}

function lazyChart<P extends { height?: number }>(
  name: string,
  pick: (loaded: Charts) => ComponentType<P>,
) {
  function Loaded(props: P) {
    const Chart = pick(charts.useModule());
    return <Chart {...props} />;
  }
  function LazyChart(props: P) {
    return (
      <Suspense fallback={<ChartLoading height={props.height} />}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  LazyChart.displayName = `Lazy${name}`;
  return LazyChart;
}

export const CostChart = lazyChart('CostChart', (loaded) => loaded.CostChart);
export const ErrorChart = lazyChart('ErrorChart', (loaded) => loaded.ErrorChart);
export const GradientScatterChart = lazyChart(
  'GradientScatterChart',
  (loaded) => loaded.GradientScatterChart,
);
export const NormChart = lazyChart('NormChart', (loaded) => loaded.NormChart);
