// The size of each layer's gradient, ‖dL/dW‖ (kernel and bias together), for the reference,
// the chained VJPs and the naive tapes: the first two match bar for bar, the naive ones do not.
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { norm } from '../../core/compare';
import type { MethodName } from '../../core/gradients/types';
import type { GradientsReport } from '../../worker/protocol';
import { scientific } from '../format/numbers';
import { METHOD_LABELS } from '../gradients/methods';
import { useDisplay } from '../theme/DisplayContext';
import { axisStyle, legendStyle, tooltipStyle, yAxisFrame } from './axes';
import { ChartFrame, type ChartSize } from './ChartFrame';
import { clampForLog, describeLogValue, logAxisProps, logDomain } from './logScale';
import { useTurnedValue } from '../hooks/useTurnedValue';

const NORM_METHODS: MethodName[] = ['reference', 'vjp', 'naive'];

type Row = { layer: string; raw: Partial<Record<MethodName, number>> } & Partial<
  Record<MethodName, number>
>;

/** ‖dL/dW‖ per weighted layer and method: the square root of the summed squares. */
export function layerNorms(report: GradientsReport): Row[] {
  const layers = [...new Set(report.weights.map((w) => w.layer))];
  const methods = report.methods.filter((m) => NORM_METHODS.includes(m.method) && !m.refused);
  return layers.map((layer) => {
    const first = report.weights.find((w) => w.layer === layer)!;
    const row: Row = {
      layer: `${layer} · model_${first.part}`,
      raw: {},
    };
    for (const m of methods) {
      let squares = 0;
      report.weights.forEach((w, i) => {
        if (w.layer === layer && m.weights[i]) squares += norm(m.weights[i].data) ** 2;
      });
      row.raw[m.method] = Math.sqrt(squares);
      row[m.method] = clampForLog(Math.sqrt(squares));
    }
    return row;
  });
}

interface NormChartProps extends ChartSize {
  report: GradientsReport;
}

export function NormChart({ report: latest, width, height }: NormChartProps) {
  const report = useTurnedValue(latest, width === undefined);
  const display = useDisplay();
  const axis = axisStyle(display);
  const rows = layerNorms(report);
  const methods = NORM_METHODS.filter((m) => rows.some((r) => r.raw[m] !== undefined));
  const domain = logDomain(rows.flatMap((r) => methods.map((m) => r[m] ?? 0)));
  return (
    <ChartFrame
      name="norms"
      title="Gradient norm of each weighted layer, ‖dL/dW‖ (log scale)"
      width={width}
      height={height}
      note="Reference and chained bars have the same height: the VJP chain carries the whole gradient across every cut. The naive tapes never receive dL/d(out), so their norms are unrelated to the loss."
    >
      {(size) => (
        <BarChart {...size} data={rows} margin={{ top: 12, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid stroke={axis.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="layer"
            tick={{ ...axis.tick, textAnchor: rows.length > 3 ? 'end' : 'middle' }}
            angle={rows.length > 3 ? -25 : 0}
            height={
              rows.length > 3 ? Math.round(axis.fontSize * 5) : Math.round(axis.fontSize * 2.5)
            }
            stroke={axis.stroke}
            interval={0}
            label={{
              value: 'weighted layer · part',
              position: 'insideBottom',
              offset: 0,
              ...axis.label,
            }}
          />
          <YAxis
            {...logAxisProps(domain)}
            {...yAxisFrame(axis, '‖dL/dW‖ (loss per unit weight)')}
          />
          <Tooltip
            {...tooltipStyle(display)}
            formatter={(_value, name, item) => {
              const raw = (item.payload as Row).raw[item.dataKey as MethodName];
              return [
                raw === undefined ? '—' : describeLogValue(raw, (x) => scientific(x, 3)),
                name,
              ];
            }}
          />
          <Legend wrapperStyle={legendStyle(display)} verticalAlign="top" itemSorter={null} />
          {methods.map((m) => (
            <Bar
              key={m}
              dataKey={m}
              name={METHOD_LABELS[m]}
              fill={display.palette.series[m]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
