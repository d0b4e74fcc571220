// The twins' training loss, step by step: the split model trained with chained VJPs follows
// the full-tape model exactly; the naive split model does not.
import type { StepRecord, TwinName } from '../../worker/protocol';
import { useDisplay } from '../theme/DisplayContext';
import type { ChartSize } from './ChartFrame';
import { StepLineChart, type StepRow } from './StepLineChart';
import { twinSeries } from './twinSeries';

interface LossChartProps extends ChartSize {
  records: StepRecord[];
  /** The twins the session trains; by default those found in the records. */
  twins?: readonly TwinName[];
  lossName: string;
}

export function LossChart({ records, twins, lossName, width, height }: LossChartProps) {
  const { palette } = useDisplay();
  const rows: StepRow[] = records.map((r) => ({ step: r.step, ...r.losses }));
  return (
    <StepLineChart
      name="loss"
      title="Training loss of the twins"
      note="Each step, every twin sees the same batch and the same dropout masks."
      rows={rows}
      series={twinSeries(records, 'losses', palette, twins)}
      yLabel={`loss (${lossName})`}
      formatValue={(v) => v.toPrecision(6)}
      formatTick={(v) => String(Number(v.toPrecision(3)))}
      width={width}
      height={height}
    />
  );
}
