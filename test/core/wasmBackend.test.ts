// The engine on the wasm backend (the browser's default without a GPU): the same answers as cpu.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../src/core/backends/select';
import { runCheck } from '../../src/core/check';

describe('on the wasm backend', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });

  it.each([[[0, 1]], [[0, 2]], [[1]], [[0, 1, 2, 3]]])(
    'seed-toy cuts %j: vjp equals the full tape, the Jacobians agree to float32 rounding',
    (cuts) => {
      expect(tf.getBackend()).toBe('wasm');
      const { report } = runCheck('seed-toy', { cuts, methods: ['vjp', 'jacobian'] });
      const [vjp, jacobian] = report.methods;
      expect(
        [...vjp.weightComparisons, ...vjp.boundaryComparisons].every((c) => c.maxAbsError === 0),
      ).toBe(true);
      // A conv kernel's Jacobian has rank 8, where tfjs-wasm's elementwise kernels give garbage:
      // this caught the contraction running at full rank (errors of order 1).
      const errors = [...jacobian.weightComparisons, ...jacobian.boundaryComparisons];
      expect(Math.max(...errors.map((c) => c.maxRelError))).toBeLessThan(1e-5);
    },
  );

  it('seed-cnn at 64×64, batch 2, dropout active: vjp equals the full tape', () => {
    const { report } = runCheck('seed-cnn', {
      cuts: [2, 8],
      methods: ['vjp'],
      training: true,
      batch: 2,
    });
    expect(report.methods[0].weightComparisons.every((c) => c.allclose)).toBe(true);
  });
});
