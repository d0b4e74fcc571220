// The question's cat/dog CNN at 32×32, dropout active: the chained gradients still equal the
// full tape because every method draws the same mask for the same (step, layer).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import { PRESETS, seedCnnSpec } from '../../src/core/presets';
import { compareMethods } from '../../src/core/report';

describe('seed-cnn at 32×32 in training mode', () => {
  const model = buildModel(seedCnnSpec(32), 1);
  const batch = randomBatch(model.spec, 1, 4, 2);

  it.each([[[8]], [[2, 8, 13]], [[0, 3, 6, 9, 12]], [[]]])(
    'vjp equals the full tape with dropout active, cuts %j',
    (cuts) => {
      const report = compareMethods(model, batch, cuts, {
        methods: ['vjp', 'naive'],
        context: { training: true, step: 11 },
      });
      const [vjp, naive] = report.methods;
      expect([...vjp.weightComparisons, ...vjp.boundaryComparisons].every((c) => c.allclose)).toBe(
        true,
      );
      expect(naive.weightComparisons.every((c) => c.allclose)).toBe(false);
    },
  );

  it('dropout is really active: another step draws another mask, and so other gradients', () => {
    const parts = partsOf(model.spec.input, model.shapes, [8]);
    const run = (step: number, training: boolean) => {
      const r = computeGradients('vjp', { model, batch, parts, context: { training, step } });
      const data = r.weightGrads.map((g) => Array.from(g.dataSync()));
      tf.dispose(tensorsOf(r));
      return data;
    };
    expect(run(11, true)).toEqual(run(11, true));
    expect(run(11, true)).not.toEqual(run(12, true));
    expect(run(11, false)).toEqual(run(12, false));
  });

  it('refuses the Jacobian method over budget, naming the part, the shapes and the bytes', () => {
    const report = compareMethods(model, batch, [0], {
      methods: ['jacobian'],
      context: { training: false, step: 0 },
    });
    const [jacobian] = report.methods;
    expect(jacobian.refused).toMatch(
      /^model_0: the Jacobian method would build dOut\/dW \[4, 30, 30, 32, 3, 3, 3, 32\], dOut\/dW \[4, 30, 30, 32, 32\] — [\d.]+ MiB with the contraction, above the budget of 256\.0 MiB$/,
    );
  });

  it('a settable budget: a tiny one refuses even seed-toy', () => {
    const toy = buildModel(PRESETS['seed-toy'].spec, 0);
    const toyBatch = randomBatch(toy.spec, 1, 3, 0);
    const report = compareMethods(toy, toyBatch, [0, 1], {
      methods: ['jacobian'],
      context: { training: false, step: 0 },
      jacobianBudgetBytes: 1024,
    });
    expect(report.methods[0].refused).toMatch(
      /^model_0: .*dOut\/dW \[3, 9, 9, 6, 2, 2, 1, 6\].*above the budget of 1\.0 KiB/,
    );
    tf.dispose([toyBatch.x, toyBatch.y]);
    toy.dispose();
  });
});
