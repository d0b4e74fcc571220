// Events cross a real structured clone with their buffers transferred, as postMessage sends them.
// On tfjs's cpu backend dataSync() hands out tfjs's own backing arrays, which clones, casts and
// reshapes share: the worker must send copies, never those arrays themselves.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../../src/worker/protocol';
import { config, makeHandler, waitFor } from './harness';

/** dense → linear activation → dense: the middle part passes its upstream through untouched. */
const PASS_THROUGH = {
  name: 'pass-through',
  input: [4],
  loss: 'mse',
  layers: [
    { type: 'dense', units: 3 },
    { type: 'activation', activation: 'linear' },
    { type: 'dense', units: 2 },
  ],
};

const cloned = (event: WorkerEvent, transfer: Transferable[]) =>
  structuredClone(event, { transfer: transfer as Transferable[] });

describe('events sent with transferred buffers', () => {
  it('gradients of a model whose middle part does nothing cross a structured clone on cpu', async () => {
    const { handler, of } = makeHandler({ send: cloned });
    await handler.handle({
      type: 'configure',
      config: config({ spec: PASS_THROUGH, cuts: [0, 1] }),
    });
    expect(of('error')).toEqual([]);
    const reports = of('gradients').map((e) => e.report);
    expect(reports).toHaveLength(2);
    // Both boundaries carry dL/d(output of the first dense): the linear part passes it through.
    const vjp = reports[1].methods.find((m) => m.method === 'vjp')!;
    expect(vjp.boundaries.map((b) => b.shape)).toEqual([
      [3, 3],
      [3, 3],
    ]);
    expect(Array.from(vjp.boundaries[0].data)).toEqual(Array.from(vjp.boundaries[1].data));
    expect(vjp.boundaries[0].data.buffer).not.toBe(vjp.boundaries[1].data.buffer);
    expect(vjp.boundaryComparisons.every((c) => c.allclose)).toBe(true);
    await handler.handle({ type: 'dispose' });
  });

  it('every event of a session crosses a real MessageChannel, and training goes on after', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const channel = new MessageChannel();
    const received: WorkerEvent[] = [];
    channel.port2.onmessage = (message: MessageEvent<WorkerEvent>) => received.push(message.data);
    const { handler, events, of } = makeHandler({
      send: (event, transfer) => {
        channel.port1.postMessage(event, transfer);
        return event;
      },
    });
    await handler.handle({
      type: 'configure',
      config: config({ spec: PASS_THROUGH, cuts: [0, 1] }),
    });
    await handler.handle({ type: 'train', steps: 4 });
    await waitFor(() => of('trainingState').at(-1)?.state === 'idle' && of('progress').length > 0);
    await handler.handle({ type: 'computeGradients', cuts: [0, 1], methods: ['reference', 'vjp'] });
    await waitFor(() => received.length === events.length);
    expect(of('error')).toEqual([]);
    const progress = received.filter((e) => e.type === 'progress');
    const steps = progress.flatMap((e) => (e.type === 'progress' ? e.records : []));
    expect(steps.map((r) => r.step)).toEqual([0, 1, 2, 3]);
    expect(steps.every((r) => Number.isFinite(r.losses.reference) && r.maxWeightDiff === 0)).toBe(
      true,
    );
    const last = received.filter((e) => e.type === 'gradients').at(-1)!;
    expect(last.type === 'gradients' && last.report.methods[1].weights[0].data.length).toBe(12);
    channel.port1.close();
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('the dataset preview sends each example in a buffer of its own size, not the whole dataset', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    const examples = of('configured')[0].dataset.examples;
    expect(examples).toHaveLength(12);
    // seed-toy examples are 10×10×1 floats: 400 bytes each.
    expect(examples.map((e) => e.data.buffer.byteLength)).toEqual(Array(12).fill(400));
    await handler.handle({ type: 'dispose' });
  });

  it('a transferred gradient leaves the tfjs tensors that shared its buffer readable', () => {
    // The hazard itself: on cpu a clone shares its source's array, so detaching one kills both.
    const live = tf.tensor1d([1, 2, 3]);
    const clone = live.clone();
    const own = new Float32Array(clone.dataSync());
    structuredClone({ data: own }, { transfer: [own.buffer] });
    expect(Array.from(live.dataSync())).toEqual([1, 2, 3]);
    const shared = clone.dataSync();
    structuredClone({ data: shared }, { transfer: [shared.buffer as ArrayBuffer] });
    expect(live.dataSync().length).toBe(0); // detached: tfjs now reads an empty array
    tf.dispose([live, clone]);
  });
});
