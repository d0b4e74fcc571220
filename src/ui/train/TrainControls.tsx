// The training controls: optimizer, learning rate, batch size, which twins run, and start,
// pause/resume, step and reset. Changing a hyper-parameter rebuilds the session (fresh weights).
import { memo, useId } from 'react';
import type { OptimizerName, Request, TrainingState, TwinName } from '../../worker/protocol';
import type { NotebookSettings, SettingsAction } from '../state/notebookSettings';
import { NumberField, positiveInteger, positiveNumber } from './NumberField';

interface TrainControlsProps {
  settings: Pick<NotebookSettings, 'hyper' | 'trainSteps'>;
  hasDropout: boolean;
  state: TrainingState;
  isReady: boolean;
  dispatch: (action: SettingsAction) => void;
  send: (request: Request) => void;
}

const OPTIMIZERS: OptimizerName[] = ['sgd', 'momentum', 'adam'];

// Memoised: its props change with the settings and the training state, not with each step.
export const TrainControls = memo(function TrainControls(props: TrainControlsProps) {
  const { settings, hasDropout, state, isReady, dispatch, send } = props;
  const optimizerId = useId();
  const naiveId = useId();
  const dropoutId = useId();
  const { hyper } = settings;
  const isRunning = state === 'running';
  const hasNaive = hyper.twins.includes('naive');
  const setTwins = (naive: boolean) => {
    const twins: TwinName[] = naive ? ['reference', 'vjp', 'naive'] : ['reference', 'vjp'];
    dispatch({ kind: 'hyper', hyper: { twins } });
  };
  return (
    <div className="train-controls">
      <fieldset>
        <legend>Hyper-parameters (changing one restarts from fresh weights)</legend>
        <span className="field">
          <label htmlFor={optimizerId}>Optimizer</label>
          <select
            id={optimizerId}
            value={hyper.optimizer}
            onChange={(e) =>
              dispatch({ kind: 'hyper', hyper: { optimizer: e.target.value as OptimizerName } })
            }
          >
            {OPTIMIZERS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </span>
        <NumberField
          label="Learning rate"
          value={hyper.learningRate}
          check={positiveNumber(10)}
          onCommit={(learningRate) => dispatch({ kind: 'hyper', hyper: { learningRate } })}
          width="7em"
        />
        <NumberField
          label="Batch size"
          value={hyper.batchSize}
          step="1"
          check={positiveInteger(1024)}
          onCommit={(batchSize) => dispatch({ kind: 'hyper', hyper: { batchSize } })}
          width="5em"
        />
        <span className="field">
          <input
            id={naiveId}
            type="checkbox"
            checked={hasNaive}
            onChange={(e) => setTwins(e.target.checked)}
          />
          <label htmlFor={naiveId}>Also train the naive split twin</label>
        </span>
        <span className="field">
          <input
            id={dropoutId}
            type="checkbox"
            checked={hyper.dropout}
            disabled={!hasDropout}
            onChange={(e) => dispatch({ kind: 'hyper', hyper: { dropout: e.target.checked } })}
          />
          <label htmlFor={dropoutId}>
            Dropout active{hasDropout ? '' : ' (this model has no dropout layer)'}
          </label>
        </span>
      </fieldset>
      <div className="train-buttons" role="group" aria-label="Training">
        <NumberField
          label="Steps"
          value={settings.trainSteps}
          step="1"
          check={positiveInteger(100_000)}
          onCommit={(steps) => dispatch({ kind: 'trainSteps', steps })}
          width="6em"
        />
        <button
          type="button"
          className="primary"
          disabled={!isReady || isRunning}
          onClick={() => send({ type: 'train', steps: settings.trainSteps })}
        >
          Train {settings.trainSteps} steps
        </button>
        {state === 'paused' ? (
          <button type="button" disabled={!isReady} onClick={() => send({ type: 'resume' })}>
            Resume
          </button>
        ) : (
          <button type="button" disabled={!isRunning} onClick={() => send({ type: 'pause' })}>
            Pause
          </button>
        )}
        <button
          type="button"
          disabled={!isReady || isRunning}
          onClick={() => send({ type: 'step' })}
        >
          One step
        </button>
        <button type="button" disabled={!isReady} onClick={() => send({ type: 'reset' })}>
          Reset weights
        </button>
      </div>
    </div>
  );
});
