// A line per series against the training step: the shape shared by the loss, weight-difference
// and step-time charts. Long runs are thinned to MAX_POINTS so redrawing stays cheap, and dots
// are drawn while a run is short enough for them to be told apart.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReactNode } from 'react';
import { useDisplay } from '../theme/DisplayContext';
import { axisStyle, legendStyle, tooltipStyle, yAxisFrame } from './axes';
import { ChartFrame, type ChartSize } from './ChartFrame';
import { downsample } from './downsample';
import { logAxisProps, logDomain } from './logScale';

export const MAX_POINTS = 400;
export const MAX_DOTS = 60;

export interface StepSeries {
  key: string;
  label: string;
  color: string;
  /** Drawn under the others, wide and translucent, so an identical series on top stays visible. */
  isUnderlay?: boolean;
  isDashed?: boolean;
}

export type StepRow = { step: number } & Record<string, number | undefined>;

interface StepLineChartProps extends ChartSize {
  name: string;
  title: string;
  note?: ReactNode;
  rows: StepRow[];
  series: StepSeries[];
  yLabel: string;
  isLog?: boolean;
  formatValue: (value: number, key: string, row: StepRow) => string;
  formatTick?: (value: number) => string;
}

export function StepLineChart(props: StepLineChartProps) {
  const { name, title, note, rows, series, yLabel, isLog, formatValue, width, height } = props;
  const display = useDisplay();
  const axis = axisStyle(display);
  const points = downsample(rows, MAX_POINTS);
  const showDots = points.length <= MAX_DOTS;
  const domain = isLog
    ? logDomain(points.flatMap((r) => series.map((s) => r[s.key] ?? 0)))
    : undefined;
  return (
    <ChartFrame name={name} title={title} note={note} width={width} height={height}>
      {(size) => (
        <LineChart {...size} data={points} margin={{ top: 12, right: 24, bottom: 28, left: 8 }}>
          <CartesianGrid stroke={axis.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="step"
            domain={points.length > 0 ? ['dataMin', 'dataMax'] : [0, 1]}
            allowDecimals={false}
            tick={axis.tick}
            stroke={axis.stroke}
            label={{ value: 'training step', position: 'insideBottom', offset: -18, ...axis.label }}
          />
          <YAxis
            {...(isLog && domain
              ? logAxisProps(domain)
              : { domain: ['auto', 'auto'], tickFormatter: props.formatTick })}
            {...yAxisFrame(axis, yLabel)}
          />
          <Tooltip
            {...tooltipStyle(display)}
            labelFormatter={(step) => `step ${String(step)}`}
            formatter={(value, seriesName, item) => [
              formatValue(Number(value), String(item.dataKey), item.payload as StepRow),
              seriesName,
            ]}
          />
          <Legend wrapperStyle={legendStyle(display)} verticalAlign="top" itemSorter={null} />
          {series.map((s) => (
            <Line
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stroke={s.color}
              strokeWidth={s.isUnderlay ? 6 : 2}
              strokeOpacity={s.isUnderlay ? 0.45 : 1}
              strokeDasharray={s.isDashed ? '7 5' : undefined}
              dot={showDots ? { r: s.isUnderlay ? 4 : 2.5, fill: s.color } : false}
              activeDot={{ r: 5 }}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
