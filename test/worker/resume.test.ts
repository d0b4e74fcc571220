// Pause and resume through the handler, sent as fast as a double click sends them.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { config, makeHandler, waitFor } from './harness';

describe('pause and resume through the handler', () => {
  it('resume sent while the paused loop still awaits its yield carries on training', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'train', steps: 10_000 });
    await waitFor(() => of('progress').length > 0);
    // No await between them: the loop is parked at its yield when both arrive.
    void handler.handle({ type: 'pause' });
    await handler.handle({ type: 'resume' });
    const stepsAtResume = of('progress').flatMap((e) => e.records).length;
    await waitFor(
      () => of('progress').flatMap((e) => e.records).length >= stepsAtResume + 5,
      10_000,
    );
    expect(of('trainingState').at(-1)!.state).toBe('running');
    await handler.handle({ type: 'pause' });
    await waitFor(() => of('trainingState').at(-1)?.state === 'paused');
    // The paused state carries the exact step count: every record sent, none after.
    const records = of('progress').flatMap((e) => e.records);
    expect(of('trainingState').at(-1)!.step).toBe(records.length);
    expect(records.map((r) => r.step)).toEqual([...records.keys()]);
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
