// exportWeights and importWeights through the handler: a fresh worker session given another's
// state takes the same next steps bit for bit, a state that does not fit is an error in the
// Train cell naming the tensor and the session keeps its weights, and the presenter's trace is
// the next training step.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { SessionConfig, TrainedState } from '../../src/worker/protocol';
import { withOwnBuffers } from '../../src/worker/transfer';
import { config, makeHandler } from './harness';

const adam = (): SessionConfig =>
  config({
    hyper: {
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 3,
      seed: 1,
      twins: ['reference', 'vjp', 'naive'],
      dropout: false,
    },
  });

/** Every twin's weights as plain arrays, for toEqual. */
const weightsOf = (state: TrainedState) =>
  Object.entries(state.twins).map(([twin, tensors]) => [
    twin,
    tensors.map((t) => Array.from(t.data)),
  ]);

async function exported(harness: ReturnType<typeof makeHandler>) {
  await harness.handler.handle({ type: 'exportWeights' });
  return harness.of('weights').at(-1)!.state;
}

describe('exportWeights and importWeights', () => {
  it('a fresh session given the state after 5 Adam steps takes the same 2 next steps, bit for bit', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const first = makeHandler();
    await first.handler.handle({ type: 'configure', config: adam() });
    for (let i = 0; i < 5; i++) await first.handler.handle({ type: 'step' });
    const state = await exported(first);
    expect(state.step).toBe(5);
    // As postMessage sends it: every array in a buffer of its own.
    const { event, transfer } = withOwnBuffers({ type: 'weights', state });
    expect(new Set(transfer).size).toBe(transfer.length);
    expect(transfer.length).toBeGreaterThan(0);

    const second = makeHandler();
    await second.handler.handle({ type: 'configure', config: adam() });
    const reports = second.of('gradients').length;
    await second.handler.handle({
      type: 'importWeights',
      state: (event as { state: TrainedState }).state,
    });
    expect(second.of('error')).toEqual([]);
    expect(second.of('weightsImported')).toEqual([{ type: 'weightsImported', step: 5 }]);
    expect(second.of('trainingState').at(-1)!.step).toBe(5);
    // A fresh gradient report at the imported weights.
    expect(second.of('gradients').length).toBeGreaterThan(reports);
    for (let i = 0; i < 2; i++) {
      await first.handler.handle({ type: 'step' });
      await second.handler.handle({ type: 'step' });
      const a = first.of('progress').at(-1)!.records[0];
      const b = second.of('progress').at(-1)!.records[0];
      expect(b.step).toBe(5 + i);
      expect(b.losses).toEqual(a.losses);
    }
    expect(weightsOf(await exported(second))).toEqual(weightsOf(await exported(first)));
    await first.handler.handle({ type: 'dispose' });
    await second.handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('refuses a state that does not fit, in the Train cell, and keeps the weights', async () => {
    const harness = makeHandler();
    await harness.handler.handle({ type: 'configure', config: adam() });
    await harness.handler.handle({ type: 'step' });
    const state = await exported(harness);
    const bad = structuredClone(state);
    bad.twins.reference![1] = { shape: [7], data: new Float32Array(7) };
    bad.step = 40;
    await harness.handler.handle({ type: 'importWeights', state: bad });
    const error = harness.of('error').at(-1)!;
    expect(error.where).toBe('training');
    // Named as the import's answer: the page stops counting the weights as on their way.
    expect(error.answers).toBe('importWeights');
    expect(error.message).toBe(
      'the saved weights do not fit this model: twins.reference[1].shape: must be [6], the shape of bias of layer 0 (conv2d), got [7]',
    );
    expect(harness.of('weightsImported')).toEqual([]);
    // A message the worker refuses before reading it still names the request it was.
    await harness.handler.handle({ type: 'importWeights', state: { step: -1 } } as never);
    expect(harness.of('error').at(-1)).toMatchObject({
      where: 'training',
      answers: 'importWeights',
    });
    const after = await exported(harness);
    expect(after.step).toBe(1);
    expect(weightsOf(after)).toEqual(weightsOf(state));
    await harness.handler.handle({ type: 'dispose' });
  });

  it("the presenter's trace is the next training step: its loss is that step's", async () => {
    const harness = makeHandler();
    await harness.handler.handle({
      type: 'configure',
      config: { ...adam(), hyper: { ...adam().hyper, optimizer: 'momentum' } },
    });
    for (let i = 0; i < 3; i++) await harness.handler.handle({ type: 'step' });
    await harness.handler.handle({ type: 'traceStep' });
    const { trace, step } = harness.of('trace')[0];
    expect(step).toBe(3);
    expect(trace.update.fromSession).toBe(true);
    await harness.handler.handle({ type: 'step' });
    expect(harness.of('progress').at(-1)!.records[0].losses.vjp).toBe(trace.loss);
    await harness.handler.handle({ type: 'dispose' });
  });
});
