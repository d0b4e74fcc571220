// The session's reducer while a notebook file's weights are on their way to the worker: what the
// page shows and how a run sent in the meantime is counted, request by request and answer by
// answer in the worker's order (src/worker/handler.ts answers requests in the order they came).
import { describe, expect, it } from 'vitest';
import { settingsForPreset } from '../../src/ui/state/notebookSettings';
import { restoredFor, withRestored } from '../../src/ui/state/restoredSession';
import {
  initialSession,
  sessionReducer,
  stepsDone,
  type SessionAction,
  type SessionState,
} from '../../src/ui/state/sessionState';
import type { Request, TrainedState, WorkerEvent } from '../../src/worker/protocol';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';

const settings = settingsForPreset('seed-toy');
const savedReport = { ...fixtureReport(), elapsedMs: 111 };
const freshReport = { ...fixtureReport(), elapsedMs: 222 };
const weightsAt5: TrainedState = { step: 5, twins: {}, optimizers: {} } as unknown as TrainedState;

const sent = (request: Request): SessionAction => ({ kind: 'sent', request });
const event = (e: WorkerEvent): SessionAction => ({ kind: 'event', event: e });
const run = (state: SessionState, ...actions: SessionAction[]) =>
  actions.reduce(sessionReducer, state);
const shown = (state: SessionState) => withRestored(state, settings);

/** A page that trained 100 steps, then loaded a file with weights at step 5 and its curves. */
function loadedOverATrainedRun(): SessionState {
  const trained = run(
    initialSession,
    event({ type: 'progress', records: fixtureRecords(100), stepsPerSecond: 50, state: 'idle' }),
    event({ type: 'trainingState', state: 'idle', step: 100 }),
    event({ type: 'gradients', report: freshReport }),
  );
  return run(trained, {
    kind: 'restore',
    restored: restoredFor(settings, { records: fixtureRecords(5), report: savedReport }, 5),
  });
}

const configureAndImport = [
  sent({ type: 'configure', config: {} as never }),
  sent({ type: 'importWeights', state: weightsAt5 }),
];

describe('a session while imported weights are on their way', () => {
  it('counts a Train sent before the answer from the saved step, and shows the saved report', () => {
    let state = run(loadedOverATrainedRun(), ...configureAndImport);
    expect(shown(state).records.map((r) => r.step)).toEqual([0, 1, 2, 3, 4]);
    state = run(state, sent({ type: 'train', steps: 1 }));
    expect(state.restored).not.toBeNull();
    expect(state.trainTarget).toBe(6);
    // The configure's answers: a session at step 0, its reports at fresh weights.
    state = run(
      state,
      event({ type: 'trainingState', state: 'idle', step: 0 }),
      event({ type: 'configured', model: null as never, dataset: null as never }),
      event({ type: 'gradients', report: freshReport }),
    );
    expect(shown(state).report).toBe(savedReport);
    expect(state.resumedAt).toBe(5);
    expect(state.trainTarget).toBe(1);
    state = run(
      state,
      event({ type: 'weightsImported', step: 5 }),
      event({ type: 'trainingState', state: 'idle', step: 5 }),
    );
    expect(state.trainTarget).toBe(6);
    expect(stepsDone(shown(state))).toBe(5);
    state = run(
      state,
      event({ type: 'trainingState', state: 'running', step: 5 }),
      event({ type: 'progress', records: fixtureRecords(1, 5), stepsPerSecond: 9, state: 'idle' }),
      event({ type: 'trainingState', state: 'idle', step: 6 }),
    );
    expect(shown(state).records.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(state.trainTarget).toBe(6);
    expect(state.importsPending).toBe(0);
  });

  it('an import refused after a Train was sent: the run starts afresh and the saved curves go', () => {
    let state = run(
      loadedOverATrainedRun(),
      ...configureAndImport,
      sent({ type: 'train', steps: 1 }),
      event({ type: 'trainingState', state: 'idle', step: 0 }),
      event({ type: 'configured', model: null as never, dataset: null as never }),
      // The failed import announces the session's own step, then the error that answers it.
      event({ type: 'trainingState', state: 'idle', step: 0 }),
      event({
        type: 'error',
        where: 'training',
        message: 'the saved weights do not fit this model',
        recoverable: true,
        answers: 'importWeights',
      }),
    );
    expect(state.resumedAt).toBeNull();
    expect(state.restored).toBeNull();
    expect(state.trainTarget).toBe(1);
    state = run(
      state,
      event({ type: 'progress', records: fixtureRecords(1, 0), stepsPerSecond: 9, state: 'idle' }),
    );
    expect(shown(state).records.map((r) => r.step)).toEqual([0]);
  });

  it('an error answering something else leaves the import pending', () => {
    const state = run(
      loadedOverATrainedRun(),
      ...configureAndImport,
      event({
        type: 'error',
        where: 'training',
        message: 'the loss became NaN at step 100',
        recoverable: true,
      }),
      event({ type: 'error', where: 'cuts', message: 'x', recoverable: true, answers: 'train' }),
      sent({ type: 'train', steps: 3 }),
    );
    expect(state.importsPending).toBe(1);
    expect(state.resumedAt).toBe(5);
    expect(state.restored).not.toBeNull();
    expect(state.trainTarget).toBe(8);
  });

  it('an import answered by no session at all (a protocol error) is no longer pending', () => {
    const state = run(
      initialSession,
      sent({ type: 'importWeights', state: weightsAt5 }),
      event({
        type: 'error',
        where: 'protocol',
        message: 'no session yet: configure one first',
        recoverable: true,
        answers: 'importWeights',
      }),
    );
    expect(state.importsPending).toBe(0);
    expect(state.resumedAt).toBeNull();
  });

  it('two files loaded in a row: the second one’s step stands', () => {
    const weightsAt9 = { ...weightsAt5, step: 9 } as TrainedState;
    let state = run(
      initialSession,
      ...configureAndImport,
      sent({ type: 'configure', config: {} as never }),
      sent({ type: 'importWeights', state: weightsAt9 }),
    );
    expect(state.resumedAt).toBe(9);
    state = run(
      state,
      event({ type: 'configured', model: null as never, dataset: null as never }),
      event({ type: 'weightsImported', step: 5 }),
      event({ type: 'configured', model: null as never, dataset: null as never }),
    );
    expect(state.resumedAt).toBe(9);
    state = run(state, event({ type: 'weightsImported', step: 9 }));
    expect([state.resumedAt, state.importsPending]).toEqual([9, 0]);
  });
});
