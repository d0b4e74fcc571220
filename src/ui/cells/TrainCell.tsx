// Cell 5: the split model trained as one, live, beside its full-tape twin (and, optionally,
// the naive split twin): controls, progress and the training charts.
import { memo, useMemo } from 'react';
import type { Request, StepRecord } from '../../worker/protocol';
import { AccuracyChart } from '../charts/AccuracyChart';
import { LossChart } from '../charts/LossChart';
import { StepTimeChart } from '../charts/StepTimeChart';
import { WeightDiffChart } from '../charts/WeightDiffChart';
import type { NotebookSettings, SettingsAction } from '../state/notebookSettings';
import type { ErrorNotice, SessionState } from '../state/sessionState';
import { useThrottledValue } from '../hooks/useThrottledValue';
import { stepsDone } from '../state/sessionState';
import { TrainControls } from '../train/TrainControls';
import { evaluationsOf } from '../train/evaluations';
import { HeldOutResults } from '../train/HeldOutResults';
import { TrainingProgress } from '../train/TrainingProgress';
import { Cell } from './Cell';

interface TrainCellProps {
  session: Pick<SessionState, 'records' | 'training' | 'trainTarget' | 'stepsPerSecond' | 'model'>;
  settings: Pick<NotebookSettings, 'model' | 'hyper' | 'dataset' | 'trainSteps'>;
  isReady: boolean;
  error?: ErrorNotice;
  dispatch: (action: SettingsAction) => void;
  send: (request: Request) => void;
}

// Progress arrives every ~100 ms; the charts follow at most five times a second. Each redraw
// is a canvas repaint of about a millisecond, so all three redraw in the same task.
const CHART_INTERVAL_MS = 200;

// Memoised: the page hands it only the session's and the settings' training fields, so a new cut
// list or a gradient report (the drop's critical path) does not draw the Train cell again.
export const TrainCell = memo(function TrainCell({
  session,
  settings,
  isReady,
  error,
  dispatch,
  send,
}: TrainCellProps) {
  const records: StepRecord[] = session.records;
  const chartRecords = useThrottledValue(records, CHART_INTERVAL_MS);
  const lossName = settings.model.spec.loss;
  const twins = settings.hyper.twins;
  // Drawn (empty) before the first step, so starting to train only adds points; memoised so
  // a progress event without new records redraws none of them.
  // Only data with a held-out split is evaluated (the seed's noise has nothing to learn).
  const hasHeldOut = settings.dataset.kind !== 'seed-random';
  const evaluations = useMemo(() => evaluationsOf(chartRecords), [chartRecords]);
  const charts = useMemo(
    () => (
      <>
        <LossChart records={chartRecords} lossName={lossName} twins={twins} />
        <WeightDiffChart records={chartRecords} />
        <StepTimeChart records={chartRecords} twins={twins} />
        {hasHeldOut ? <AccuracyChart evaluations={evaluations} twins={twins} /> : null}
      </>
    ),
    [chartRecords, lossName, twins, hasHeldOut, evaluations],
  );
  const heldOut = useMemo(
    () => (hasHeldOut ? <HeldOutResults evaluations={evaluations} /> : null),
    [hasHeldOut, evaluations],
  );
  const hasDropout = settings.model.spec.layers.some((l) => l.type === 'dropout');
  return (
    <Cell
      number={5}
      id="train"
      title="Train"
      lead="The reference twin trains with one tape over the whole model; the split twin chains VJPs across the cuts, one optimizer per part. Same initial weights, same batches."
      errors={[error]}
    >
      <TrainControls
        settings={settings}
        hasDropout={hasDropout}
        state={session.training.state}
        isReady={isReady}
        dispatch={dispatch}
        send={send}
      />
      <TrainingProgress
        state={session.training.state}
        reason={session.training.reason}
        done={stepsDone(session)}
        target={session.trainTarget}
        stepsPerSecond={session.stepsPerSecond}
        last={records.at(-1)}
      />
      <div className="chart-grid">{charts}</div>
      {heldOut}
    </Cell>
  );
});
