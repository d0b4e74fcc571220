// Per weight tensor, each method's max relative error against the reference on a log axis,
// with the allclose tolerance (rtol 1e-5) drawn across: vjp and jacobian sit far below it,
// naive far above.
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { RTOL } from '../../core/compare';
import type { MethodName } from '../../core/gradients/types';
import type { GradientsReport } from '../../worker/protocol';
import { scientific } from '../format/numbers';
import { ALL_METHODS, METHOD_LABELS } from '../gradients/methods';
import { seedWeightNames } from '../../core/format';
import { useDisplay } from '../theme/DisplayContext';
import { axisStyle, legendStyle, tooltipStyle, yAxisFrame } from './axes';
import { ChartFrame, type ChartSize } from './ChartFrame';
import { clampForLog, describeLogValue, LOG_FLOOR, logAxisProps, logDomain } from './logScale';
import { useTurnedValue } from '../hooks/useTurnedValue';

interface ErrorChartProps extends ChartSize {
  report: GradientsReport;
}

type Row = { name: string; raw: Partial<Record<MethodName, number>> } & Partial<
  Record<MethodName, number>
>;

/** The methods a chart compares against the reference: those that ran. */
export const comparedMethods = (report: GradientsReport) =>
  ALL_METHODS.flatMap((name) =>
    report.methods.filter((m) => m.method === name && name !== 'reference' && !m.refused),
  );

export function ErrorChart({ report: latest, width, height }: ErrorChartProps) {
  // A measured chart redraws on its turn, not in the same task as its neighbours.
  const report = useTurnedValue(latest, width === undefined);
  const display = useDisplay();
  const axis = axisStyle(display);
  const methods = comparedMethods(report);
  const names = seedWeightNames(report.weights);
  const rows: Row[] = names.map((name, i) => {
    const row: Row = { name, raw: {} };
    for (const m of methods) {
      const value = m.weightComparisons[i]?.maxRelError;
      if (value === undefined) continue;
      row.raw[m.method] = value;
      row[m.method] = clampForLog(value);
    }
    return row;
  });
  const drawn = rows.flatMap((r) => methods.map((m) => r[m.method] ?? LOG_FLOOR));
  const domain = logDomain([...drawn, RTOL]);
  const hasZero = rows.some((r) => methods.some((m) => r.raw[m.method] === 0));
  const longest = Math.max(...names.map((n) => n.length), 4);
  return (
    <ChartFrame
      name="error"
      title="Max relative error of each weight gradient against the reference (log scale)"
      width={width}
      height={height}
      note={
        <>
          Relative error = max |method − reference| / max |reference|, per tensor. The dashed line
          is allclose&apos;s rtol = {scientific(RTOL, 0)}.
          {hasZero ? ' An error of exactly 0 is drawn at 1e-12, since log 0 is undefined.' : ''}
        </>
      }
    >
      {(size) => (
        <LineChart
          {...size}
          data={rows}
          margin={{ top: 12, right: 24, bottom: 8, left: 8 }}
          accessibilityLayer
        >
          <CartesianGrid stroke={axis.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="name"
            tick={{ ...axis.tick, textAnchor: 'end' }}
            angle={-30}
            interval={0}
            padding={{ left: 40, right: 24 }}
            height={Math.round(axis.fontSize * (longest * 0.3 + 2.5))}
            stroke={axis.stroke}
            label={{
              value: 'weight tensor (seed name)',
              position: 'insideBottom',
              offset: 0,
              ...axis.label,
            }}
          />
          <YAxis {...logAxisProps(domain)} {...yAxisFrame(axis, 'max relative error (no unit)')} />
          <ReferenceLine
            y={RTOL}
            stroke={display.palette.tolerance}
            strokeDasharray="6 4"
            strokeWidth={2}
            label={{
              value: `rtol ${scientific(RTOL, 0)}`,
              position: 'insideTopRight',
              fill: display.palette.tolerance,
              fontSize: axis.fontSize,
            }}
          />
          <Tooltip
            {...tooltipStyle(display)}
            formatter={(_value, name, item) => {
              const method = item.dataKey as MethodName;
              const raw = (item.payload as Row).raw[method];
              return [raw === undefined ? '—' : describeLogValue(raw, scientific), name];
            }}
          />
          <Legend wrapperStyle={legendStyle(display)} verticalAlign="top" itemSorter={null} />
          {methods.map((m) => (
            <Line
              key={m.method}
              dataKey={m.method}
              name={METHOD_LABELS[m.method]}
              stroke={display.palette.series[m.method]}
              strokeWidth={2}
              dot={{ r: 5, fill: display.palette.series[m.method] }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </ChartFrame>
  );
}
