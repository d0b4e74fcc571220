// No method leaves tensors behind: tf.memory().numTensors is unchanged after each one.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { METHODS, tensorsOf } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { compareMethods } from '../../src/core/report';
import { KITCHEN_SINK } from './models';

describe('tensor leaks', () => {
  it.each(METHODS)('%s disposes everything but what it returns', (method) => {
    for (const spec of [PRESETS['colab-mlp'].spec, KITCHEN_SINK]) {
      const model = buildModel(spec, 0);
      const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
      const batch = randomBatch(model.spec, outputs, 2, 0);
      const parts = partsOf(model.spec.input, model.shapes, [0, 2]);
      const before = tf.memory().numTensors;
      const result = computeGradients(method, {
        model,
        batch,
        parts,
        context: { training: true, step: 1 },
      });
      const returned = 2 + result.weightGrads.length + result.boundaryGrads.length;
      expect(tf.memory().numTensors).toBe(before + returned);
      tf.dispose(tensorsOf(result));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    }
  });

  it('a refused Jacobian and a failing run leak nothing either', () => {
    const model = buildModel(PRESETS['seed-toy'].spec, 0);
    const batch = randomBatch(model.spec, 1, 3, 0);
    const before = tf.memory().numTensors;
    compareMethods(model, batch, [0], {
      methods: ['jacobian'],
      context: { training: false, step: 0 },
      jacobianBudgetBytes: 10,
    });
    expect(() =>
      compareMethods(model, batch, [9], {
        methods: ['vjp'],
        context: { training: false, step: 0 },
      }),
    ).toThrow();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
});
