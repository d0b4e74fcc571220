// Where training is: a progress bar towards the requested step count, the speed in steps per
// second, the state in words, and the twins' latest losses.
import type { StepRecord, TrainingState } from '../../worker/protocol';
import { TWIN_LABELS } from '../charts/twinSeries';

interface TrainingProgressProps {
  state: TrainingState;
  reason?: string;
  done: number;
  target: number | null;
  stepsPerSecond: number;
  last: StepRecord | undefined;
}

const STATE_WORDS: Record<TrainingState, string> = {
  idle: 'idle',
  running: 'training…',
  paused: 'paused',
  stopped: 'stopped',
};

export function TrainingProgress(props: TrainingProgressProps) {
  const { state, reason, done, target, stepsPerSecond, last } = props;
  const max = Math.max(target ?? done, 1);
  return (
    <div className="training-progress" data-state={state} data-steps={done}>
      <progress value={Math.min(done, max)} max={max} aria-label="training progress" />
      <p aria-live="polite">
        <strong>{STATE_WORDS[state]}</strong> — step {done}
        {target !== null ? ` of ${target}` : ''}
        {stepsPerSecond > 0 ? ` · ${stepsPerSecond.toFixed(1)} steps/s` : ''}
        {reason ? ` · ${reason}` : ''}
      </p>
      {last ? (
        <p className="latest-losses">
          latest loss:{' '}
          {(Object.keys(last.losses) as (keyof typeof last.losses)[])
            .map((twin) => `${TWIN_LABELS[twin]} ${last.losses[twin]!.toPrecision(5)}`)
            .join(' · ')}
        </p>
      ) : null}
    </div>
  );
}
