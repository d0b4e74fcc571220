// The training state machine with a scripted host: every transition, taken at the exact moment
// the loop is parked at its yield, where the page's messages land.
import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../src/core/train';
import type { WorkerEvent } from '../../src/worker/protocol';
import {
  TrainingError,
  TrainingLoop,
  reportedState,
  type LoopState,
} from '../../src/worker/trainingLoop';

const record = (step: number): StepRecord => ({
  step,
  losses: { reference: 1 / (step + 1) },
  accuracies: {},
  maxWeightDiff: 0,
  gradientErrors: {},
  timingsMs: {},
});

/** A host whose yields wait for `release`, so a test acts while the loop is parked. */
function scripted(failAt?: number) {
  const events: WorkerEvent[] = [];
  const failures: { error: unknown; steps: number }[] = [];
  const parked: (() => void)[] = [];
  let step = 0;
  const loop = new TrainingLoop({
    trainStep: () => {
      if (step === failAt) {
        failAt = undefined; // fails once, as a lost context does
        throw new Error(`step ${step} failed`);
      }
      return record(step++);
    },
    stepCount: () => step,
    emit: (event) => events.push(event),
    yieldToMessages: () => new Promise<void>((resolve) => parked.push(resolve)),
    onFailure: (error, steps) => failures.push({ error, steps }),
  });
  /** Lets the parked loop take its next step (and park again, or end). */
  const release = async (times = 1) => {
    for (let i = 0; i < times; i++) {
      await new Promise((r) => setImmediate(r));
      parked.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
  };
  const states = () =>
    events.flatMap((e) => (e.type === 'trainingState' ? [[e.state, e.step, e.reason]] : []));
  const steps = () =>
    events.flatMap((e) => (e.type === 'progress' ? e.records : [])).map((r) => r.step);
  return { loop, events, failures, release, states, steps, isParked: () => parked.length > 0 };
}

describe('the training loop as a state machine', () => {
  it('start: idle → running; finish: running → idle once every step is done', async () => {
    const { loop, release, states, steps } = scripted();
    loop.start(3);
    expect(loop.state).toBe('running');
    await release(3);
    expect(loop.state).toBe('idle');
    expect(steps()).toEqual([0, 1, 2]);
    expect(states()).toEqual([
      ['running', 0, undefined],
      ['idle', 3, undefined],
    ]);
  });

  it('start while running runs that many more steps from there, in the one loop', async () => {
    const { loop, release, states, steps } = scripted();
    loop.start(2);
    // Step 0 is done and the loop parked: four more from here.
    loop.start(4);
    await release(5);
    expect(steps()).toEqual([0, 1, 2, 3, 4]);
    expect(states()).toEqual([
      ['running', 0, undefined],
      ['idle', 5, undefined],
    ]);
  });

  it('pause: running → pausing at once; halt: pausing → paused at the step boundary, with the exact step', async () => {
    const { loop, release, states, steps } = scripted();
    loop.start(10);
    loop.pause();
    expect(loop.state).toBe('pausing');
    expect(states()).toEqual([['running', 0, undefined]]);
    await release();
    expect(loop.state).toBe('paused');
    expect(loop.remaining).toBe(9);
    expect(steps()).toEqual([0]);
    expect(states().at(-1)).toEqual(['paused', 1, undefined]);
  });

  it('resume: pausing → running keeps the same loop going and the page never sees paused', async () => {
    const { loop, release, states, steps } = scripted();
    loop.start(5);
    await release();
    loop.pause();
    loop.resume();
    expect(loop.state).toBe('running');
    await release(4);
    expect(steps()).toEqual([0, 1, 2, 3, 4]);
    expect(states()).toEqual([
      ['running', 0, undefined],
      ['idle', 5, undefined],
    ]);
  });

  it('resume: paused → running starts a new loop from the step it stopped at', async () => {
    const { loop, release, states, steps } = scripted();
    loop.start(4);
    loop.pause();
    await release();
    expect(loop.state).toBe('paused');
    loop.resume();
    expect(loop.state).toBe('running');
    await release(3);
    expect(steps()).toEqual([0, 1, 2, 3]);
    expect(states()).toEqual([
      ['running', 0, undefined],
      ['paused', 1, undefined],
      ['running', 1, undefined],
      ['idle', 4, undefined],
    ]);
  });

  it('a pause that comes with the last step finishes the run instead of pausing it', async () => {
    const { loop, release, states } = scripted();
    loop.start(1);
    loop.pause();
    await release();
    expect(loop.state).toBe('idle');
    expect(states().at(-1)).toEqual(['idle', 1, undefined]);
  });

  it.each<LoopState>(['idle', 'failed'])('resume from %s is refused in words', async (from) => {
    const { loop, release } = scripted(from === 'failed' ? 0 : undefined);
    if (from === 'failed') {
      loop.start(3);
      await release();
    }
    expect(loop.state).toBe(from);
    expect(() => loop.resume()).toThrow(TrainingError);
    expect(() => loop.resume()).toThrow('nothing to resume: start training first');
  });

  it('pause outside a run changes nothing', async () => {
    const { loop, release, events } = scripted();
    loop.pause();
    expect(loop.state).toBe('idle');
    loop.start(2);
    loop.pause();
    await release();
    const before = events.length;
    loop.pause();
    expect(loop.state).toBe('paused');
    expect(events.length).toBe(before);
  });

  it('stop: running → stopping → idle once the loop has ended, telling the page nothing', async () => {
    const { loop, release, states, steps } = scripted();
    loop.start(10);
    const stopped = loop.stop();
    expect(loop.state).toBe('stopping');
    expect(() => loop.start(3)).toThrow(TrainingError);
    await release();
    await stopped;
    expect(loop.state).toBe('idle');
    expect(loop.remaining).toBe(0);
    expect(steps()).toEqual([0]);
    expect(states()).toEqual([['running', 0, undefined]]);
    loop.announce();
    expect(states().at(-1)).toEqual(['idle', 1, undefined]);
  });

  it('stop from paused goes straight to idle', async () => {
    const { loop, release } = scripted();
    loop.start(10);
    loop.pause();
    await release();
    await loop.stop();
    expect(loop.state).toBe('idle');
    expect(loop.remaining).toBe(0);
  });

  it('fail: a step that throws → failed, with the reason, and the host hears of it with the run size', async () => {
    const { loop, release, states, steps, failures } = scripted(2);
    loop.start(5);
    await release(2);
    expect(loop.state).toBe('failed');
    expect(steps()).toEqual([0, 1]);
    expect(states().at(-1)).toEqual(['stopped', 2, 'step 2 failed']);
    expect(failures.map((f) => [(f.error as Error).message, f.steps])).toEqual([
      ['step 2 failed', 5],
    ]);
    // start: failed → running.
    loop.start(1);
    expect(loop.state).toBe('running');
    await release();
    expect(states().slice(-2)).toEqual([
      ['running', 2, undefined],
      ['idle', 3, undefined],
    ]);
  });

  it('a step failing while the run is stopped for a rebuild is dropped with the run', async () => {
    const { loop, release, states, failures } = scripted(1);
    loop.start(5);
    const stopped = loop.stop();
    await release();
    await stopped;
    expect(loop.state).toBe('idle');
    expect(failures).toEqual([]);
    expect(states()).toEqual([['running', 0, undefined]]);
  });

  it('a step by hand is refused while running, waits for a pause to land, and works when paused', async () => {
    const { loop, release, steps, isParked } = scripted();
    loop.start(10);
    await expect(loop.stepOnce()).rejects.toThrow('pause training before stepping by hand');
    loop.pause();
    expect(isParked()).toBe(true);
    const stepped = loop.stepOnce();
    await release();
    await stepped;
    expect(loop.state).toBe('paused');
    expect(steps()).toEqual([0, 1]);
    await loop.stepOnce();
    expect(steps()).toEqual([0, 1, 2]);
  });

  it('the page sees running for pausing and stopping, and stopped for failed', () => {
    const all: LoopState[] = ['idle', 'running', 'pausing', 'paused', 'stopping', 'failed'];
    expect(all.map(reportedState)).toEqual([
      'idle',
      'running',
      'running',
      'paused',
      'running',
      'stopped',
    ]);
  });
});
