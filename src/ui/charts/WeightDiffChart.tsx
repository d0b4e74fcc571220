// After each step, the largest difference between any weight of the reference twin and the
// chained twin. It is often exactly 0: drawn at the log floor, and the tooltip says so.
import type { StepRecord } from '../../worker/protocol';
import { scientific } from '../format/numbers';
import { useDisplay } from '../theme/DisplayContext';
import type { ChartSize } from './ChartFrame';
import { clampForLog, describeLogValue } from './logScale';
import { StepLineChart, type StepRow } from './StepLineChart';

interface WeightDiffChartProps extends ChartSize {
  records: StepRecord[];
}

export function WeightDiffChart({ records, width, height }: WeightDiffChartProps) {
  const { palette } = useDisplay();
  const rows: StepRow[] = records.map((r) => ({
    step: r.step,
    diff: clampForLog(r.maxWeightDiff),
    raw: r.maxWeightDiff,
  }));
  const zeros = records.filter((r) => r.maxWeightDiff === 0).length;
  return (
    <StepLineChart
      name="weight-diff"
      title="Largest weight difference, reference twin vs chained twin (log scale)"
      note={
        zeros > 0
          ? `Exactly 0 at ${zeros} of ${records.length} steps — drawn at 1e-12, since log 0 is undefined.`
          : 'max |W_reference − W_vjp| over every weight, after each step.'
      }
      rows={rows}
      series={[{ key: 'diff', label: 'max |W_ref − W_vjp|', color: palette.series.vjp }]}
      yLabel="max |ΔW| (weight units)"
      isLog
      formatValue={(_v, _key, row) => describeLogValue(row.raw ?? 0, (x) => scientific(x, 2))}
      width={width}
      height={height}
    />
  );
}
