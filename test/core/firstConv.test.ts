// Layer 0, when it is a convolution, runs unfused so that no method computes the gradient of the
// data: the same outputs as tfjs's own Conv2D layer with the same weights, and one backward
// convolution fewer per step (counted from tfjs's kernel profile, on cpu and wasm).
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend, type BackendName } from '../../src/core/backends/select';
import { checkCuts, partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf, type MethodName } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import { seedCnnSpec } from '../../src/core/presets';
import type { LayerSpec, ModelSpec } from '../../src/core/spec';

const firstLayers: Extract<LayerSpec, { type: 'conv2d' }>[] = [
  { type: 'conv2d', filters: 4, kernelSize: 3 },
  {
    type: 'conv2d',
    filters: 3,
    kernelSize: [3, 2],
    strides: 2,
    padding: 'same',
    activation: 'tanh',
  },
  { type: 'conv2d', filters: 2, kernelSize: 2, useBias: false, activation: 'relu' },
];

const specWith = (first: LayerSpec): ModelSpec => ({
  name: 'first-conv',
  input: [9, 8, 3],
  loss: 'mse',
  layers: [first, { type: 'flatten' }, { type: 'dense', units: 2 }],
});

describe('layer 0 as an unfused convolution', () => {
  afterAll(() => useBackend('cpu'));

  it.each(firstLayers)('gives what tfjs Conv2D gives with the same weights: %j', (first) => {
    const model = buildModel(specWith(first), 3);
    const stock = tf.layers.conv2d({
      filters: first.filters,
      kernelSize: first.kernelSize,
      strides: first.strides ?? 1,
      padding: first.padding ?? 'valid',
      activation: first.activation ?? 'linear',
      useBias: first.useBias ?? true,
    });
    const x = tf.randomNormal([2, 9, 8, 3], 0, 1, 'float32', 5);
    stock.apply(x);
    stock.setWeights(model.layers[0].getWeights());
    const ours = model.layers[0].apply(x) as tf.Tensor;
    const theirs = stock.apply(x) as tf.Tensor;
    expect(ours.shape).toEqual(theirs.shape);
    const scale = tf.max(tf.abs(theirs)).dataSync()[0];
    const diff = tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0];
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(1e-6 * scale);
    tf.dispose([x, ours, theirs]);
    stock.dispose();
    model.dispose();
  });

  const backwardConvolutions = async (backend: BackendName, method: MethodName) => {
    await useBackend(backend);
    const model = buildModel(seedCnnSpec(24), 0);
    const batch = randomBatch(model.spec, 1, 2, 0);
    const parts = partsOf(model.spec.input, model.shapes, checkCuts([2, 8], model.layers.length));
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      const result = computeGradients(method, {
        model,
        batch,
        parts,
        context: { training: true, step: 0 },
      });
      tf.dispose(tensorsOf(result));
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
    const names = profile.kernels.map((k) => k.name);
    return {
      input: names.filter((n) => n === 'Conv2DBackpropInput').length,
      filter: names.filter((n) => n === 'Conv2DBackpropFilter').length,
    };
  };

  // seed-cnn has three convolutions: the kernels of all three need a gradient, the inputs of
  // the second and third (the activations) do, the data does not.
  it.each([
    ['cpu', 'vjp'],
    ['cpu', 'reference'],
    ['wasm', 'vjp'],
    ['wasm', 'reference'],
  ] as const)('on %s, %s computes no gradient of the data', async (backend, method) => {
    expect(await backwardConvolutions(backend, method)).toEqual({ input: 2, filter: 3 });
  });
});
