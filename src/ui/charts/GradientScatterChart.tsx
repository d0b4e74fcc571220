// One tensor's gradient, element by element: a method's value against the reference's. Chained
// VJPs land on y = x; the naive tapes scatter away from it. A selector picks the tensor.
import { useId, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  ReferenceLine,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { MethodName } from '../../core/gradients/types';
import type { GradientsReport, TensorData } from '../../worker/protocol';
import { scientific, withSeparators } from '../format/numbers';
import { METHOD_LABELS } from '../gradients/methods';
import { boundaryName, seedWeightNames } from '../../core/format';
import { useDisplay } from '../theme/DisplayContext';
import { axisStyle, legendStyle, tooltipStyle } from './axes';
import { ChartFrame, type ChartSize } from './ChartFrame';
import { comparedMethods } from './ErrorChart';
import { linearTicks } from './logScale';
import { useTurnedValue } from '../hooks/useTurnedValue';

/** More SVG circles than this makes the page slow; larger tensors are sampled evenly. */
export const MAX_SCATTER_POINTS = 1500;

interface GradientScatterChartProps extends ChartSize {
  report: GradientsReport;
  /** Which tensor to start with: "w0" for weight 0, "b1" for the gradient at cut 1. */
  initialTensor?: string;
}

interface TensorChoice {
  key: string;
  label: string;
  pick: (m: GradientsReport['methods'][number]) => TensorData | undefined;
}

function tensorChoices(report: GradientsReport): TensorChoice[] {
  const names = seedWeightNames(report.weights);
  return [
    ...report.weights.map((w, i) => ({
      key: `w${i}`,
      label: `${names[i]} — ${w.name} [${w.shape.join('×')}]`,
      pick: (m: GradientsReport['methods'][number]) => m.weights[i],
    })),
    ...report.boundaries.map((b, k) => ({
      key: `b${k}`,
      label: `${boundaryName(k)} — dL/d(out of model_${k}) [${b.shape.join('×')}]`,
      pick: (m: GradientsReport['methods'][number]) => m.boundaries[k],
    })),
  ];
}

const tickLabel = (v: number) => (v === 0 ? '0' : scientific(v, 1));

/** Evenly spaced element indices, at most `limit` of them. */
const sampleIndices = (length: number, limit: number) =>
  length <= limit
    ? Array.from({ length }, (_, i) => i)
    : Array.from({ length: limit }, (_, i) => Math.floor((i * length) / limit));

export function GradientScatterChart({
  report: latest,
  initialTensor,
  width,
  height,
}: GradientScatterChartProps) {
  const report = useTurnedValue(latest, width === undefined);
  const display = useDisplay();
  const axis = axisStyle(display);
  const selectId = useId();
  const methodSelectId = useId();
  const choices = tensorChoices(report);
  const methods = comparedMethods(report);
  const [tensorKey, setTensorKey] = useState(initialTensor ?? choices[0]?.key ?? 'w0');
  const [methodName, setMethodName] = useState<MethodName>('vjp');
  const choice = choices.find((c) => c.key === tensorKey) ?? choices[0];
  const method = methods.find((m) => m.method === methodName) ?? methods[0];
  const reference = report.methods.find((m) => m.method === 'reference');
  const x = choice && reference ? choice.pick(reference) : undefined;
  const y = choice && method ? choice.pick(method) : undefined;
  const indices = x && y ? sampleIndices(x.data.length, MAX_SCATTER_POINTS) : [];
  const points = indices.map((i) => ({ reference: x!.data[i], method: y!.data[i], element: i }));
  let low = Infinity;
  let high = -Infinity;
  for (const p of points) {
    low = Math.min(low, p.reference, p.method);
    high = Math.max(high, p.reference, p.method);
  }
  if (!(high > low)) {
    low = (Number.isFinite(low) ? low : 0) - 1;
    high = (Number.isFinite(high) ? high : 0) + 1;
  }
  // The same round ticks on both axes keep y = x on the diagonal.
  const ticks = linearTicks(low, high, 5);
  const domain: [number, number] = [ticks[0], ticks[ticks.length - 1]];
  const color = method ? display.palette.series[method.method] : display.palette.text;

  return (
    <ChartFrame
      name="scatter"
      title="Element by element: a method's gradient against the reference's"
      width={width}
      height={height}
      note={
        <>
          Each dot is one element of the tensor; on the dashed line y = x the method agrees with the
          reference exactly.
          {x && x.data.length > points.length
            ? ` Showing ${withSeparators(points.length)} evenly spaced elements of ${withSeparators(x.data.length)}.`
            : ''}
        </>
      }
    >
      {(size) => (
        <>
          <div className="chart-controls">
            <span className="field">
              <label htmlFor={selectId}>Tensor</label>
              <select
                id={selectId}
                value={choice?.key}
                onChange={(e) => setTensorKey(e.target.value)}
              >
                {choices.map((c) => (
                  <option key={c.key} value={c.key}>
                    {c.label}
                  </option>
                ))}
              </select>
            </span>
            <span className="field">
              <label htmlFor={methodSelectId}>Method</label>
              <select
                id={methodSelectId}
                value={method?.method}
                onChange={(e) => setMethodName(e.target.value as MethodName)}
              >
                {methods.map((m) => (
                  <option key={m.method} value={m.method}>
                    {METHOD_LABELS[m.method]}
                  </option>
                ))}
              </select>
            </span>
          </div>
          <ScatterChart {...size} margin={{ top: 12, right: 36, bottom: 28, left: 8 }}>
            <CartesianGrid stroke={axis.grid} strokeDasharray="3 3" />
            <XAxis
              type="number"
              dataKey="reference"
              name="reference"
              domain={domain}
              ticks={ticks}
              tickFormatter={tickLabel}
              tick={axis.tick}
              stroke={axis.stroke}
              label={{
                value: 'reference gradient element (dL/dθ)',
                position: 'insideBottom',
                offset: -18,
                ...axis.label,
              }}
            />
            <YAxis
              type="number"
              dataKey="method"
              name={method ? METHOD_LABELS[method.method] : 'method'}
              domain={domain}
              ticks={ticks}
              tickFormatter={tickLabel}
              width={axis.yAxisWidth}
              tick={axis.tick}
              stroke={axis.stroke}
              label={{
                value: `${method?.method ?? 'method'} gradient element`,
                angle: -90,
                position: 'insideLeft',
                style: { textAnchor: 'middle' },
                ...axis.label,
              }}
            />
            <ReferenceLine
              segment={[
                { x: domain[0], y: domain[0] },
                { x: domain[1], y: domain[1] },
              ]}
              stroke={display.palette.muted}
              strokeDasharray="6 4"
              ifOverflow="hidden"
              label={{ value: 'y = x', position: 'insideTopLeft', fill: display.palette.muted }}
            />
            {/* Small dots: thousands of elements overlap less. */}
            <ZAxis range={[28, 28]} />
            <Tooltip
              {...tooltipStyle(display)}
              formatter={(value) => scientific(Number(value), 4)}
            />
            <Legend wrapperStyle={legendStyle(display)} verticalAlign="top" itemSorter={null} />
            {method ? (
              <Scatter
                name={`${METHOD_LABELS[method.method]} vs reference`}
                data={points}
                fill={color}
                fillOpacity={0.7}
                isAnimationActive={false}
              />
            ) : null}
          </ScatterChart>
        </>
      )}
    </ChartFrame>
  );
}
