// wasm's Identity shares its input's buffer instead of copying it: the clones tfjs's engine saves
// for the backward pass cost no copy, every buffer is freed once its last tensor is, and
// gradients are bit for bit what the copying kernel gives.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/core/backends/select';
import {
  restoreSharedIdentity,
  registerSharedIdentity,
  sharedIdentityKernelFunc,
} from '../../src/core/backends/sharedIdentity';
import { checkCuts, partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import { seedCnnSpec } from '../../src/core/presets';

/** The buffers the wasm backend holds (one per distinct dataId). */
const wasmBuffers = () => tf.engine().backend.numDataIds();

/** seed-cnn at 24×24, batch 4, dropout on: every weight gradient of the vjp method, as arrays. */
function seedCnnGradients(): Float32Array[] {
  const model = buildModel(seedCnnSpec(24), 0);
  const batch = randomBatch(model.spec, 1, 4, 0);
  const parts = partsOf(model.spec.input, model.shapes, checkCuts([2, 8], model.layers.length));
  const result = computeGradients('vjp', {
    model,
    batch,
    parts,
    context: { training: true, step: 3 },
  });
  const grads = result.weightGrads.map((g) => g.dataSync() as Float32Array);
  tf.dispose([...tensorsOf(result), batch.x, batch.y]);
  model.dispose();
  return grads;
}

describe("wasm's Identity shares the buffer", () => {
  beforeAll(() => useBackend('wasm'));
  afterAll(() => useBackend('cpu'));

  it('is the registered wasm Identity after useBackend', () => {
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(sharedIdentityKernelFunc);
  });

  it('a clone adds no buffer, and the buffer lives until its last tensor is disposed', () => {
    const before = wasmBuffers();
    const x = tf.tensor2d([1, -2, 3.5, 4], [2, 2]);
    const y = tf.clone(x);
    expect(wasmBuffers()).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3.5, 4]);
    y.dispose();
    expect(wasmBuffers()).toBe(before);
  });

  it('string tensors still clone through the stock kernel', () => {
    const x = tf.tensor1d(['a', 'bc']);
    const y = tf.clone(x);
    expect(y.arraySync()).toEqual(['a', 'bc']);
    tf.dispose([x, y]);
  });

  it('seed-cnn gradients are bit for bit those of the copying kernel, and nothing leaks', () => {
    const tensors = tf.memory().numTensors;
    const buffers = wasmBuffers();
    const shared = seedCnnGradients();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasmBuffers()).toBe(buffers);
    restoreSharedIdentity();
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).not.toBe(sharedIdentityKernelFunc);
    const copied = seedCnnGradients();
    registerSharedIdentity();
    expect(shared.length).toBe(copied.length);
    shared.forEach((g, i) => expect(g).toEqual(copied[i]));
  });

  it("the engine's saved clones of a gradient tape share buffers instead of copying", () => {
    // tf.grad saves the conv's and relu's inputs/outputs through engine.clone: with sharing,
    // the buffers alive inside the tape are fewer than with copies.
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
    const peakBuffers = () => {
      let peak = 0;
      const dw = tf.grad((ww: tf.Tensor) => {
        const y = tf.relu(tf.conv2d(x, ww as tf.Tensor4D, 1, 'valid'));
        peak = wasmBuffers();
        return tf.sum(y);
      })(w);
      dw.dispose();
      return peak;
    };
    const shared = peakBuffers();
    restoreSharedIdentity();
    const copied = peakBuffers();
    registerSharedIdentity();
    expect(shared).toBeLessThan(copied);
    tf.dispose([x, w]);
  });
});
