// A model too big for the tab is refused in configure, before anything is built: an error in the
// Model cell with the estimate in words, and the previous session keeps running.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { config, makeHandler, waitFor } from './harness';

/** The issue's model: a 2000×2000×3 input and a 256-filter conv. */
const HUGE_SPEC = {
  name: 'huge',
  input: [2000, 2000, 3],
  loss: 'mse',
  layers: [
    { type: 'conv2d', filters: 256, kernelSize: 3, activation: 'relu' },
    { type: 'globalAveragePooling2d' },
    { type: 'dense', units: 1 },
  ],
};

describe('memory guard in configure', () => {
  it('refuses a model too big for the tab with the estimate, and the running session goes on', async () => {
    const { handler, events, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    const tensorsBefore = tf.memory().numTensors;
    await handler.handle({ type: 'train', steps: 1_000_000 });
    await waitFor(() => of('progress').length > 0);
    const readyBefore = of('ready').length;
    const hyper = { ...config().hyper, batchSize: 32, optimizer: 'adam' as const };
    await handler.handle({ type: 'configure', config: config({ spec: HUGE_SPEC, hyper }) });
    const error = of('error').at(-1)!;
    expect(error.where).toBe('spec');
    expect(error.recoverable).toBe(true);
    expect(error.message).toMatch(
      /^this model needs about 1\.1 TiB for one training step at batch 32 \(activations 366\.9 GiB, their gradients 731\.0 GiB, dataset .*\); the notebook's limit is 1\.0 GiB: use a smaller input/,
    );
    // Nothing was touched: no backend switch, no new dataset or twins, training still running.
    expect(of('ready').length).toBe(readyBefore);
    expect(of('configured').length).toBe(1);
    expect(tf.memory().numTensors).toBeLessThan(tensorsBefore + 200);
    const stepsAtRefusal = of('progress').flatMap((e) => e.records).length;
    await waitFor(() => of('progress').flatMap((e) => e.records).length > stepsAtRefusal + 2);
    expect(events.filter((e) => e.type === 'trainingState').at(-1)).toMatchObject({
      state: 'running',
    });
    await handler.handle({ type: 'pause' });
    // The previous model still answers, with its own parts.
    await handler.handle({ type: 'computeGradients', cuts: [0, 1], methods: ['vjp'] });
    expect(
      of('gradients')
        .at(-1)!
        .report.parts.map((p) => p.name),
    ).toEqual(['model_0', 'model_1', 'model_2']);
    await handler.handle({ type: 'dispose' });
  });
});
