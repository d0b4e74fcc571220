// Each twin's accuracy on held-out examples, evaluated every few training steps. Drawn like the
// other live training charts (a canvas line per twin), so it costs the main thread a millisecond.
import { memo } from 'react';
import type { Evaluation, TwinName } from '../../worker/protocol';
import { useDisplay } from '../theme/DisplayContext';
import { accuracyRows, sameEvaluations } from '../train/evaluations';
import type { ChartSize } from './ChartFrame';
import { StepLineChart } from './StepLineChart';
import { twinSeries } from './twinSeries';

interface AccuracyChartProps extends ChartSize {
  evaluations: Evaluation[];
  twins: readonly TwinName[];
}

export const AccuracyChart = memo(
  function AccuracyChart({ evaluations, twins, width, height }: AccuracyChartProps) {
    const { palette } = useDisplay();
    const last = evaluations.at(-1);
    return (
      <StepLineChart
        name="accuracy"
        title="Held-out accuracy of the twins"
        note={
          last
            ? `On ${last.examples} examples the model never trains on, every few steps, dropout off.`
            : 'Measured on examples the model never trains on, every few steps.'
        }
        rows={accuracyRows(evaluations)}
        series={twinSeries([], 'losses', palette, twins)}
        yLabel="held-out accuracy (%)"
        formatValue={(v) => `${v.toFixed(1)} %`}
        formatTick={(v) => `${Number(v.toPrecision(3))} %`}
        width={width}
        height={height}
      />
    );
  },
  // Redrawn only for a new evaluation (or new twins, size or theme).
  (a, b) =>
    sameEvaluations(a, b) && a.twins === b.twins && a.width === b.width && a.height === b.height,
);
