// The seed answer's acceptance test: its toy model, its three parts, its six allclose lines.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { formatCheck } from '../../src/cli/format';
import { runCheck } from '../../src/core/check';

describe('seed-toy with the default cuts', () => {
  const result = runCheck('seed-toy', { methods: ['reference', 'vjp', 'jacobian', 'naive'] });
  const text = formatCheck(result.report, 'cpu');
  const method = (name: string) => result.report.methods.find((m) => m.method === name)!;

  it('is the seed answer: 3 parts, batch 3, MSE, six weight tensors', () => {
    expect(result.report.parts.map((p) => [p.firstLayer, p.lastLayer])).toEqual([
      [0, 0],
      [1, 1],
      [2, 4],
    ]);
    expect(result.x.shape).toEqual([3, 10, 10, 1]);
    expect(result.report.weights.map((w) => w.shape)).toEqual([
      [2, 2, 1, 6],
      [6],
      [2, 2, 6, 6],
      [6],
      [384, 1],
      [1],
    ]);
  });

  it.each(['vjp', 'jacobian'])('prints the six seed lines, all True, for %s', (name) => {
    const section = text.split('== ').find((s) => s.startsWith(name))!;
    const lines = ['Weights2', 'Bias2', 'Weights1', 'Bias1', 'Weights0', 'Bias0'].map((n) =>
      section.split('\n').find((l) => l.startsWith(`dLoss_d${n} valid:`)),
    );
    expect(lines.every((l) => l !== undefined && /valid:\s+True /.test(l))).toBe(true);
    expect(method(name).weightComparisons.every((c) => c.allclose)).toBe(true);
  });

  it('chains VJPs bit for bit like the full tape, and the Jacobians within 1e-7', () => {
    expect(Math.max(...method('vjp').weightComparisons.map((c) => c.maxAbsError))).toBe(0);
    const jacobianErrors = method('jacobian').weightComparisons.map((c) => c.maxRelError);
    expect(Math.max(...jacobianErrors)).toBeLessThan(1e-6);
    expect(method('jacobian').boundaryComparisons.every((c) => c.allclose)).toBe(true);
  });

  it("shows the asker's separate tapes disagreeing on every tensor", () => {
    expect(method('naive').weightComparisons.some((c) => c.allclose)).toBe(false);
    expect(text).toMatch(/dLoss_dWeights0 valid:\s+False/);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    runCheck('seed-toy', { methods: ['reference', 'vjp', 'naive'] });
    expect(tf.memory().numTensors).toBe(before);
  });
});
