// Every method against central finite differences of the loss along random directions:
// (L(w + εv) − L(w − εv)) / 2ε ≈ Σ_k ⟨dL/dW_k, v_k⟩, on models small enough for float32.
// ReLU is swapped for softplus: a step of ε flips ReLUs whose input is near 0, and the kink, not
// the gradient, then dominates the difference (measured: 7 % off on one seed-toy bias at ε=1e-3,
// exact with softplus).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch, type Batch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf, type MethodName } from '../../src/core/gradients/types';
import { computeLoss } from '../../src/core/loss';
import { buildModel, predict, type ForwardContext, type SplitModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import type { ModelSpec } from '../../src/core/spec';
import { GLOBAL_POOL, KITCHEN_SINK } from './models';

const smooth = (spec: ModelSpec): ModelSpec => ({
  ...spec,
  layers: spec.layers.map((l) =>
    'activation' in l && l.activation === 'relu' ? { ...l, activation: 'softplus' } : l,
  ),
});

const lossAt = (model: SplitModel, batch: Batch, context: ForwardContext) =>
  tf.tidy(
    () => computeLoss(model.spec.loss, batch.y, predict(model, batch.x, context)).dataSync()[0],
  );

/** Moves every weight by `scale`·v in place. */
const shift = (model: SplitModel, directions: tf.Tensor[], scale: number) =>
  model.weights.forEach((w, i) =>
    tf.tidy(() => {
      w.variable.write(w.variable.read().add(directions[i].mul(scale)));
    }),
  );

function directionalDerivatives(spec: ModelSpec, cuts: number[], training: boolean) {
  const model = buildModel(spec, 3);
  const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
  const batch = randomBatch(model.spec, outputs, 3, 5);
  const context = { training, step: 7 };
  const parts = partsOf(model.spec.input, model.shapes, cuts);
  const results: { method: MethodName; analytic: number; numeric: number }[] = [];
  for (let trial = 0; trial < 3; trial++) {
    // A random unit direction over all weights.
    const raw = model.weights.map((w, i) =>
      tf.randomNormal(w.shape, 0, 1, 'float32', 100 * trial + i),
    );
    const length = Math.sqrt(
      raw.reduce((s, d) => s + tf.tidy(() => d.square().sum().dataSync()[0]), 0),
    );
    const directions = raw.map((d) => tf.tidy(() => d.div(length)));
    const epsilon = 1e-3;
    shift(model, directions, epsilon);
    const plus = lossAt(model, batch, context);
    shift(model, directions, -2 * epsilon);
    const minus = lossAt(model, batch, context);
    shift(model, directions, epsilon);
    const numeric = (plus - minus) / (2 * epsilon);
    for (const method of ['reference', 'vjp', 'jacobian'] as const) {
      const result = computeGradients(method, { model, batch, parts, context });
      const analytic = tf.tidy(() =>
        result.weightGrads.reduce((s, g, i) => s + g.mul(directions[i]).sum().dataSync()[0], 0),
      );
      tf.dispose(tensorsOf(result));
      results.push({ method, analytic, numeric });
    }
    tf.dispose([...raw, ...directions]);
  }
  tf.dispose([batch.x, batch.y]);
  model.dispose();
  return results;
}

describe('gradients against central finite differences', () => {
  const cases: [string, ModelSpec, number[], boolean][] = [
    ['seed-toy (softplus)', smooth(PRESETS['seed-toy'].spec), [0, 1], false],
    ['colab-mlp', PRESETS['colab-mlp'].spec, [1], false],
    ['kitchen-sink (dropout active)', KITCHEN_SINK, [1, 4, 7], true],
    ['kitchen-sink (inference)', KITCHEN_SINK, [0, 5], false],
    ['global-pool (softplus)', smooth(GLOBAL_POOL), [0, 1], false],
  ];
  it.each(cases)(
    '%s: every method matches the directional derivative',
    (_, spec, cuts, training) => {
      const results = directionalDerivatives(spec, cuts, training);
      for (const { method, analytic, numeric } of results) {
        // float32 losses (~1e-7 relative) divided by 2ε: differences good to ~1e-4.
        expect(Math.abs(analytic - numeric), `${method}: ${analytic} vs ${numeric}`).toBeLessThan(
          1e-2 * Math.abs(numeric) + 1e-4,
        );
      }
    },
  );
});
