// The float64 oracle itself: its forward pass models what tfjs computes (every layer type and
// option, every loss), its sampling is seeded, and its judgement catches a wrong gradient and
// says where the fault is.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/core/check';
import { FD64_TOLERANCE, compareSampled } from '../../src/core/compare';
import { describeReferenceVerdict, fd64Verdict } from '../../src/core/fd64Verdict';
import { computeLoss } from '../../src/core/loss';
import { applyLayers, buildModel } from '../../src/core/model';
import { loss64 } from '../../src/core/oracle/loss64';
import { runLayers64, toModel64 } from '../../src/core/oracle/model64';
import { sampleIndices } from '../../src/core/oracle/sampling';
import { toTensor64 } from '../../src/core/oracle/tensor64';
import type { LayerSpec, LossName, ModelSpec } from '../../src/core/spec';
import { AVG_POOL_SAME, KITCHEN_SINK, TANH_MAX_POOL } from './models';

/** One layer on a random input, in tfjs (float32) and in the oracle (float64). */
function forwardBoth(input: number[], layer: LayerSpec) {
  // A dense head makes the spec valid (it has weights and ends in a vector); only layer 0 is compared.
  const head: LayerSpec[] =
    input.length === 3 && layer.type !== 'globalAveragePooling2d'
      ? [{ type: 'flatten' }, { type: 'dense', units: 1 }]
      : [{ type: 'dense', units: 1 }];
  const spec: ModelSpec = { name: 'one', input, loss: 'mse', layers: [layer, ...head] };
  const model = buildModel(spec, 3);
  try {
    const x = tf.randomNormal([2, ...input], 0, 1, 'float32', 5);
    const tfjs = tf.tidy(() =>
      applyLayers(model, x, 0, 0, { training: false, step: 0 }).dataSync(),
    );
    const oracle = toModel64({
      spec,
      weights: model.weights.map((w) => ({
        layer: w.layer,
        shape: w.shape,
        data: w.variable.read().dataSync(),
      })),
      x: { shape: x.shape, data: x.dataSync() },
      y: { shape: [2, 1], data: [0, 0] },
    });
    const [out] = runLayers64(oracle, oracle.x, 0, 0);
    x.dispose();
    return { tfjs, oracle: out.data };
  } finally {
    model.dispose();
  }
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe('the oracle forward pass matches tfjs (to float32 rounding)', () => {
  const convs: LayerSpec[] = [];
  for (const padding of ['valid', 'same'] as const)
    for (const strides of [1, 2] as const)
      for (const kernelSize of [2, 3, [3, 2]] as (number | [number, number])[])
        convs.push({
          type: 'conv2d',
          filters: 3,
          kernelSize,
          strides,
          padding,
          activation: 'linear',
        });
  it.each(convs.flatMap((c) => [[[7, 8, 2], c] as const, [[6, 5, 2], c] as const]))(
    'conv2d on %j: %j',
    (input, layer) => {
      const { tfjs, oracle } = forwardBoth([...input], layer);
      expect(maxDiff(tfjs, oracle)).toBeLessThan(1e-5);
    },
  );

  const pools: LayerSpec[] = [];
  for (const type of ['maxPooling2d', 'averagePooling2d'] as const)
    for (const padding of ['valid', 'same'] as const)
      for (const strides of [1, 2, 3])
        for (const poolSize of [2, 3, [2, 3]] as (number | [number, number])[])
          pools.push({ type, poolSize, strides, padding });
  it.each(pools.flatMap((p) => [[[7, 8, 2], p] as const, [[6, 6, 1], p] as const]))(
    'pooling on %j: %j',
    (input, layer) => {
      const { tfjs, oracle } = forwardBoth([...input], layer);
      expect(maxDiff(tfjs, oracle)).toBeLessThan(1e-6);
    },
  );

  it.each(['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'elu', 'selu', 'softplus'] as const)(
    'dense with %s, with and without bias',
    (activation) => {
      for (const useBias of [true, false]) {
        const { tfjs, oracle } = forwardBoth([7], { type: 'dense', units: 4, activation, useBias });
        expect(maxDiff(tfjs, oracle)).toBeLessThan(1e-5);
      }
    },
  );

  it('global average pooling and flatten keep tfjs’s NHWC order', () => {
    const { tfjs, oracle } = forwardBoth([5, 4, 3], { type: 'globalAveragePooling2d' });
    expect(maxDiff(tfjs, oracle)).toBeLessThan(1e-6);
    const conv = forwardBoth([5, 4, 3], { type: 'conv2d', filters: 2, kernelSize: 1 });
    expect(maxDiff(conv.tfjs, conv.oracle)).toBeLessThan(1e-5);
  });
});

describe('the oracle losses match tfjs', () => {
  it.each<LossName>(['mse', 'binaryCrossentropy', 'categoricalCrossentropy'])('%s', (loss) => {
    // Predictions in (0, 1), some beyond Keras's clipping at 1e-7, rows not summing to 1.
    const p = [0.2, 0.7, 1e-9, 0.999, 0.5, 0.3, 0.05, 1 - 1e-9, 0.6];
    const t =
      loss === 'categoricalCrossentropy'
        ? [0, 1, 0, 1, 0, 0, 0, 0, 1]
        : [0, 1, 1, 1, 0, 0, 1, 0, 1];
    const tfjs = tf.tidy(
      () => computeLoss(loss, tf.tensor2d(t, [3, 3]), tf.tensor2d(p, [3, 3])).dataSync()[0],
    );
    const oracle = loss64(loss, toTensor64([3, 3], t), toTensor64([3, 3], Float32Array.from(p)));
    expect(Math.abs(tfjs - oracle) / Math.abs(oracle)).toBeLessThan(2e-6);
  });
});

describe('sampling', () => {
  it('visits every element of a small tensor and a seeded sample of a large one', () => {
    expect(sampleIndices(5, 64, 1)).toEqual([0, 1, 2, 3, 4]);
    const a = sampleIndices(10_000, 64, 7);
    expect(a).toHaveLength(64);
    expect(new Set(a).size).toBe(64);
    expect(a).toEqual(sampleIndices(10_000, 64, 7));
    expect(a).not.toEqual(sampleIndices(10_000, 64, 8));
    expect(a.every((i, k) => i >= 0 && i < 10_000 && (k === 0 || i > a[k - 1]))).toBe(true);
  });

  it('fd64 checks as many elements as asked, and says how many', () => {
    const { report } = runCheck('seed-toy', { methods: ['reference'], fd64: true, fd64Samples: 5 });
    expect(report.fd64!.weights.map((w) => w.indices.length)).toEqual([5, 5, 5, 5, 5, 1]);
    expect(report.fd64!.samplesPerTensor).toBe(5);
  });
});

describe('the check can fail, and says where', () => {
  it('flags a gradient perturbed by 1 % of its scale at one sampled element', () => {
    const { report } = runCheck('seed-toy', { methods: ['reference'], fd64: true });
    const fd = report.fd64!.weights[2];
    const data = report.methods[0].weights[2].data.slice();
    const scale = Math.max(...Array.from(data, Math.abs));
    expect(compareSampled(data, fd.indices, fd.values).agrees).toBe(true);
    data[fd.indices[3]] += 0.01 * scale;
    const wrong = compareSampled(data, fd.indices, fd.values);
    expect(wrong.agrees).toBe(false);
    expect(wrong.worstIndex).toBe(fd.indices[3]);
    expect(wrong.maxRelError).toBeGreaterThan(50 * FD64_TOLERANCE);
  });

  it('locates a wrong kernel gradient of layer 1 of seed-toy between the gradients that agree', () => {
    const { report } = runCheck('seed-toy', { methods: ['reference'], fd64: true });
    const reference = report.methods[0];
    // Pretend layer 1's kernel gradient and everything before it came out wrong.
    for (const i of [0, 1, 2])
      reference.againstFd64!.weights[i] = { ...reference.againstFd64!.weights[i], agrees: false };
    reference.againstFd64!.boundaries[0] = {
      ...reference.againstFd64!.boundaries[0],
      agrees: false,
    };
    const verdict = fd64Verdict(report, reference)!;
    expect(verdict.first?.tensor).toBe('kernel of layer 1 (conv2d)');
    // The gradient after layer 1 (at cut 1) agrees, so the fault is in layer 1 alone.
    expect(verdict.first?.suspects).toEqual({ first: 1, last: 1 });
    expect(describeReferenceVerdict(report)).toMatch(
      /^tfjs's own gradient is wrong here: .*kernel of layer 1 \(conv2d\).*layer 1 \(conv2d\)/,
    );
  });

  it('models the pooling edge cases the replaced kernels are about', () => {
    // Windows with a negative maximum exist in the conv(tanh) → max-pool model, and the
    // 'same' average pools have padded windows: otherwise the ground-truth test proves little.
    for (const spec of [TANH_MAX_POOL, AVG_POOL_SAME, KITCHEN_SINK])
      expect(spec.layers.length).toBeGreaterThan(3);
    const model = buildModel(TANH_MAX_POOL, 0);
    const x = tf.randomUniform([3, ...TANH_MAX_POOL.input], 0, 1, 'float32', 0);
    const act = tf.tidy(() => model.layers[0].apply(x) as tf.Tensor4D);
    const windows = tf.tidy(() => tf.maxPool(act, 2, 2, 'valid').less(0).sum().dataSync()[0]);
    expect(windows).toBeGreaterThan(0);
    tf.dispose([x, act]);
    model.dispose();
  });
});
