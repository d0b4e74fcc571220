// Wall time of one training step (gradients and update) for each twin, as the worker measured it.
import type { StepRecord, TwinName } from '../../worker/protocol';
import { formatMs } from '../format/numbers';
import { useDisplay } from '../theme/DisplayContext';
import type { ChartSize } from './ChartFrame';
import { StepLineChart, type StepRow } from './StepLineChart';
import { twinSeries } from './twinSeries';

interface StepTimeChartProps extends ChartSize {
  records: StepRecord[];
  /** The twins the session trains; by default those found in the records. */
  twins?: readonly TwinName[];
}

export function StepTimeChart({ records, twins, width, height }: StepTimeChartProps) {
  const { palette } = useDisplay();
  const rows: StepRow[] = records.map((r) => ({ step: r.step, ...r.timingsMs }));
  return (
    <StepLineChart
      name="step-time"
      title="Time per step of each twin"
      note="Chaining costs one backward pass per part, like the full tape; the first steps include warm-up."
      rows={rows}
      series={twinSeries(records, 'timingsMs', palette, twins).map((s) => ({
        ...s,
        isUnderlay: false,
        isDashed: false,
      }))}
      yLabel="time per step (ms)"
      formatValue={formatMs}
      formatTick={(v) => String(Math.round(v))}
      width={width}
      height={height}
    />
  );
}
