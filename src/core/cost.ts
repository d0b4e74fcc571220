// The seed answer's "gotcha", measured: the Jacobian method's memory and time against the chained
// VJP's as the model's input grows, with everything else fixed.
import * as tf from '@tensorflow/tfjs';
import { checkCuts, partsOf } from './cuts';
import { randomBatch } from './data/randomBatch';
import { assertJacobiansFit, JacobianBudgetError, planJacobians } from './gradients/jacobian';
import { computeGradients } from './gradients/methods';
import { tensorsOf, type MethodName } from './gradients/types';
import { buildModel } from './model';
import { checkSpec, type ModelSpec } from './spec';

export interface CostPoint {
  /** The input's side (images) or length (vectors). */
  size: number;
  params: number;
  /** Peak tensor bytes while computing; null where the Jacobian method was not run. */
  jacobianBytes: number | null;
  /** The Jacobians the method would build, from shapes (also where it was not run). */
  jacobianPlannedBytes: number;
  jacobianMs: number | null;
  vjpBytes: number;
  vjpMs: number;
}

/** The spec with its input grown to `size` (height and width for images). */
export const resized = (spec: ModelSpec, size: number): ModelSpec => ({
  ...spec,
  input: spec.input.length === 3 ? [size, size, spec.input[2]] : [size],
});

async function measure(run: () => tf.TensorContainer) {
  const start = performance.now();
  const info = await tf.profile(() => {
    tf.dispose(run());
  });
  return { bytes: info.peakBytes, ms: performance.now() - start };
}

/**
 * For each size whose spec is valid, time and profile vjp and (while its VJP count stays under
 * `maxJacobianVjps` and its memory under the budget) jacobian on a seeded batch.
 */
export async function measureCost(
  spec: ModelSpec,
  cuts: number[],
  sizes: number[],
  options: { batch: number; budgetBytes: number; maxJacobianVjps: number },
): Promise<CostPoint[]> {
  const points: CostPoint[] = [];
  for (const size of sizes) {
    const check = checkSpec(resized(spec, size));
    if (!check.ok) continue;
    const model = buildModel(check.spec, 0);
    const outputs = check.shapes[check.shapes.length - 1].outputShape[0];
    const batch = randomBatch(check.spec, outputs, options.batch, 0);
    try {
      const parts = partsOf(check.spec.input, check.shapes, checkCuts(cuts, model.layers.length));
      const input = { model, batch, parts, context: { training: false, step: 0 } };
      const run = (method: MethodName) => () => tensorsOf(computeGradients(method, input));
      const plans = planJacobians(model, parts, options.batch);
      const vjp = await measure(run('vjp'));
      let jacobian: { bytes: number; ms: number } | null = null;
      const vjps = plans.reduce((n, p) => n + p.vjps, 0);
      try {
        assertJacobiansFit(plans, options.budgetBytes);
        if (vjps <= options.maxJacobianVjps) jacobian = await measure(run('jacobian'));
      } catch (error) {
        if (!(error instanceof JacobianBudgetError)) throw error;
      }
      points.push({
        size,
        params: model.weights.reduce((n, w) => n + w.variable.read().size, 0),
        jacobianBytes: jacobian?.bytes ?? null,
        jacobianPlannedBytes: Math.max(...plans.map((p) => p.bytes)),
        jacobianMs: jacobian?.ms ?? null,
        vjpBytes: vjp.bytes,
        vjpMs: vjp.ms,
      });
    } finally {
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    }
  }
  return points;
}
