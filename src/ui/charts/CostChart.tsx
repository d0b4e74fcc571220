// The seed answer's "gotcha", measured: the Jacobian method's memory or time against the
// chained VJP's as the model's input grows. Where the Jacobians would not fit (or take too
// long) they were not built: the planned size is drawn dashed instead.
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { CostPoint } from '../../worker/protocol';
import { formatBytes, formatMs, withSeparators } from '../format/numbers';
import { useDisplay } from '../theme/DisplayContext';
import { axisStyle, legendStyle, tooltipStyle } from './axes';
import { ChartFrame, type ChartSize } from './ChartFrame';
import { binaryTicks, logDomain, logTicks } from './logScale';
import { useTurnedValue } from '../hooks/useTurnedValue';

interface CostChartProps extends ChartSize {
  points: CostPoint[];
  measure: 'memory' | 'time';
  /** "input side (pixels)" for images, "input length" for vectors. */
  sizeLabel: string;
}

type Row = {
  size: number;
  params: number;
  jacobian?: number;
  planned?: number;
  vjp: number;
};

const bytesTick = (v: number) => formatBytes(v).replace('.0 ', ' ');
const msTick = (v: number) => (v >= 1000 ? `${v / 1000} s` : `${v} ms`);

export function CostChart({ points: latest, measure, sizeLabel, width, height }: CostChartProps) {
  const points = useTurnedValue(latest, width === undefined);
  const display = useDisplay();
  const axis = axisStyle(display);
  const isMemory = measure === 'memory';
  const rows: Row[] = points.map((p) => ({
    size: p.size,
    params: p.params,
    jacobian: (isMemory ? p.jacobianBytes : p.jacobianMs) ?? undefined,
    planned: isMemory ? p.jacobianPlannedBytes : undefined,
    vjp: isMemory ? p.vjpBytes : p.vjpMs,
  }));
  const values = rows
    .flatMap((r) => [r.jacobian, r.planned, r.vjp])
    .filter((v): v is number => v !== undefined && v > 0);
  const domain = logDomain(values);
  const format = isMemory ? formatBytes : formatMs;
  const skipped = points.filter((p) => p.jacobianMs === null).map((p) => p.size);
  return (
    <ChartFrame
      name={`cost-${measure}`}
      title={
        isMemory
          ? 'Peak memory of one gradient computation (log scale)'
          : 'Time of one gradient computation (log scale)'
      }
      width={width}
      height={height}
      note={
        skipped.length > 0 && isMemory
          ? `At size ${skipped.join(', ')} the Jacobians were too large or too slow to build; the dashed line is their planned size.`
          : undefined
      }
    >
      {(size) => (
        <LineChart {...size} data={rows} margin={{ top: 12, right: 24, bottom: 28, left: 8 }}>
          <CartesianGrid stroke={axis.grid} strokeDasharray="3 3" />
          <XAxis
            type="number"
            dataKey="size"
            domain={['dataMin', 'dataMax']}
            ticks={rows.map((r) => r.size)}
            tick={axis.tick}
            stroke={axis.stroke}
            label={{ value: sizeLabel, position: 'insideBottom', offset: -18, ...axis.label }}
          />
          <YAxis
            scale="log"
            domain={domain}
            ticks={isMemory ? binaryTicks(domain) : logTicks(domain, 6)}
            tickFormatter={isMemory ? bytesTick : msTick}
            allowDataOverflow
            interval={0}
            width={Math.round(axis.yAxisWidth * 1.1)}
            tick={axis.tick}
            stroke={axis.stroke}
            label={{
              value: isMemory ? 'peak tensor memory (bytes)' : 'wall time (ms)',
              angle: -90,
              position: 'insideLeft',
              style: { textAnchor: 'middle' },
              ...axis.label,
            }}
          />
          <Tooltip
            {...tooltipStyle(display)}
            labelFormatter={(_label, payload) => {
              const row = payload?.[0]?.payload as Row | undefined;
              return row
                ? `size ${row.size} — ${withSeparators(row.params)} parameters`
                : String(_label);
            }}
            formatter={(value, name) => [format(Number(value)), name]}
          />
          <Legend wrapperStyle={legendStyle(display)} verticalAlign="top" itemSorter={null} />
          <Line
            dataKey="jacobian"
            name="jacobian (measured)"
            stroke={display.palette.series.jacobian}
            strokeWidth={2}
            dot={{ r: 4, fill: display.palette.series.jacobian }}
            isAnimationActive={false}
          />
          {isMemory ? (
            <Line
              dataKey="planned"
              name="jacobian (planned size)"
              legendType="plainline"
              stroke={display.palette.series.jacobian}
              strokeDasharray="6 4"
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
          <Line
            dataKey="vjp"
            name="vjp (chained)"
            stroke={display.palette.series.vjp}
            strokeWidth={2}
            dot={{ r: 4, fill: display.palette.series.vjp }}
            isAnimationActive={false}
          />
        </LineChart>
      )}
    </ChartFrame>
  );
}
