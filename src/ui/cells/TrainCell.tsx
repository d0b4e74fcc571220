// Cell 5: the split model trained as one, live, beside its full-tape twin (and, optionally,
// the naive split twin): controls, progress and the training charts.
import { useMemo } from 'react';
import type { Request, StepRecord } from '../../worker/protocol';
import { LossChart } from '../charts/LossChart';
import { StepTimeChart } from '../charts/StepTimeChart';
import { WeightDiffChart } from '../charts/WeightDiffChart';
import type { NotebookSettings, SettingsAction } from '../state/notebookSettings';
import type { ErrorNotice, SessionState } from '../state/sessionState';
import { useThrottledValue } from '../hooks/useThrottledValue';
import { stepsDone } from '../state/sessionState';
import { TrainControls } from '../train/TrainControls';
import { TrainingProgress } from '../train/TrainingProgress';
import { Cell } from './Cell';

interface TrainCellProps {
  session: Pick<SessionState, 'records' | 'training' | 'trainTarget' | 'stepsPerSecond' | 'model'>;
  settings: NotebookSettings;
  isReady: boolean;
  error?: ErrorNotice;
  dispatch: (action: SettingsAction) => void;
  send: (request: Request) => void;
}

const CHART_INTERVAL_MS = 500;

export function TrainCell({ session, settings, isReady, error, dispatch, send }: TrainCellProps) {
  const records: StepRecord[] = session.records;
  // The progress line follows every event; each chart redraws at most twice a second, in its
  // own task (recharts costs the main thread ~50 ms per chart per redraw).
  const lossRecords = useThrottledValue(records, CHART_INTERVAL_MS);
  const diffRecords = useThrottledValue(records, CHART_INTERVAL_MS, CHART_INTERVAL_MS / 3);
  const timeRecords = useThrottledValue(records, CHART_INTERVAL_MS, (2 * CHART_INTERVAL_MS) / 3);
  const lossName = settings.model.spec.loss;
  const twins = settings.hyper.twins;
  // Drawn (empty) before the first step, so starting to train only adds points.
  const lossChart = useMemo(
    () => <LossChart records={lossRecords} lossName={lossName} twins={twins} />,
    [lossRecords, lossName, twins],
  );
  const diffChart = useMemo(() => <WeightDiffChart records={diffRecords} />, [diffRecords]);
  const timeChart = useMemo(
    () => <StepTimeChart records={timeRecords} twins={twins} />,
    [timeRecords, twins],
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
      <div className="chart-grid">
        {lossChart}
        {diffChart}
        {timeChart}
      </div>
    </Cell>
  );
}
