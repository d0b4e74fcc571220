// jacobian: the seed answer's method. Per part, the full Jacobians of its output with respect to
// its weights (tape.jacobian) and, per example, to its input (tape.batch_jacobian), then the
// chain rule by broadcasting and reduce_sum, as the answer's helpers do:
//   dL/dW_k   = Σ_{b,j} g[b,j] · ∂out_k[b,j]/∂W_k           (upstream_gradient_loss_weights)
//   dL/din_k[b] = Σ_j   g[b,j] · ∂out_k[b,j]/∂in_k[b]       (upstream_gradient_loss_out)
// tfjs has no tape.jacobian: each Jacobian row is a VJP with a one-hot upstream, over the part's
// tape recorded once. The Jacobians grow as (output size × parameter size) — the answer's
// "gotcha" — so the memory is estimated first and refused above a budget. Written as steps
// (src/core/steps.ts) that yield between rows, so the worker can let a new cut in and give up.
import * as tf from '@tensorflow/tfjs';
import type { Part } from '../cuts';
import { formatBytes } from '../format';
import { jacobianPlans, type JacobianPlan } from '../jacobianSize';
import { product } from '../spec';
import type { SplitModel } from '../model';
import { runSteps, type Steps } from '../steps';
import { disposeAll, lossAndUpstream, partVariables, recordParts } from './partForward';
import type { PartTape } from './partTape';
import { tensorsOf, type GradientInput, type GradientResult } from './types';

export const DEFAULT_JACOBIAN_BUDGET_BYTES = 256 * 2 ** 20;

export type { JacobianPlan } from '../jacobianSize';

export class JacobianBudgetError extends Error {
  constructor(
    readonly plan: JacobianPlan,
    readonly budgetBytes: number,
  ) {
    super(
      `${plan.part}: the Jacobian method would build ${describeJacobians(plan)} — ` +
        `${formatBytes(plan.bytes)} with the contraction, above the budget of ${formatBytes(budgetBytes)}`,
    );
    this.name = 'JacobianBudgetError';
  }
}

const describeJacobians = (plan: JacobianPlan) =>
  [
    ...plan.weightJacobians.map((s) => `dOut/dW [${s.join(', ')}]`),
    ...(plan.inputJacobian ? [`dOut/dIn [${plan.inputJacobian.join(', ')}]`] : []),
  ].join(', ') || 'no Jacobians';

/** What the Jacobian method would build for each part (src/core/jacobianSize.ts, shapes alone). */
export const planJacobians = (model: SplitModel, parts: Part[], batch: number): JacobianPlan[] =>
  jacobianPlans(model.shapes, parts, batch);

/** Throws JacobianBudgetError for the first part whose Jacobians would not fit the budget. */
export function assertJacobiansFit(plans: JacobianPlan[], budgetBytes: number): void {
  const over = plans.find((plan) => plan.bytes > budgetBytes);
  if (over) throw new JacobianBudgetError(over, budgetBytes);
}

/**
 * The Jacobians of the tape's output [B, ...out] for every x in xs, one VJP per output element:
 * ∂out/∂x of shape [B, ...out, ...x] for weights; for the part's input (`batchInput`) only the
 * per-example block ∂out[b]/∂in[b], of shape [B, ...out, ...in] (tape.batch_jacobian). Yields
 * after every row: between rows it holds plain arrays only.
 */
function* buildJacobians(
  tape: PartTape,
  xs: tf.Tensor[],
  batchInput: tf.Tensor | null,
): Steps<tf.Tensor[]> {
  const all = batchInput ? [batchInput, ...xs] : xs;
  const out = tape.output.shape;
  const rows = product(out);
  const rowsPerExample = rows / out[0];
  // Floats per Jacobian row: a whole weight, or one example's slice of the input.
  const rowSizes = all.map((x) => (x === batchInput ? x.size / x.shape[0] : x.size));
  const jacobians = rowSizes.map((size) => new Float32Array(rows * size));
  for (let row = 0; row < rows; row++) {
    // Row `row` of every Jacobian: the VJP with a one-hot upstream, freed by its own tidy.
    tf.tidy(() => {
      const oneHot = tf.oneHot([row], rows).reshape(out).toFloat();
      tape.vjp(all, oneHot).forEach((g, i) => {
        const data = g.dataSync();
        const size = rowSizes[i];
        const start = all[i] === batchInput ? Math.floor(row / rowsPerExample) * size : 0;
        jacobians[i].set(data.subarray(start, start + size), row * size);
      });
    });
    yield;
  }
  return tf.tidy(() =>
    jacobians.map((data, i) => {
      const x = all[i];
      return tf.tensor(data, [...out, ...(x === batchInput ? x.shape.slice(1) : x.shape)]);
    }),
  );
}

/**
 * Σ over the upstream's axes of J · g, g extended with trailing axes: the answer's broadcast and
 * reduce_sum. The axes are first merged to [batch, out, rest] because tfjs-wasm's elementwise
 * kernels (XNNPACK) fail above rank 6 and return garbage ("XNN status … 4"): a conv kernel's
 * Jacobian has rank 8.
 */
function contract(jacobian: tf.Tensor, upstream: tf.Tensor, keepBatchAxis: boolean): tf.Tensor {
  return tf.tidy(() => {
    const [batch, ...out] = upstream.shape;
    const rest = jacobian.shape.slice(upstream.rank);
    const merged = jacobian.reshape([batch, product(out), product(rest)]);
    const extended = upstream.reshape([batch, product(out), 1]);
    const summed = tf.sum(tf.mul(merged, extended), keepBatchAxis ? [1] : [0, 1]);
    return summed.reshape(keepBatchAxis ? [batch, ...rest] : rest);
  });
}

/**
 * The method as steps that yield between Jacobian rows. No tf.tidy can span a yield, so each
 * row is its own tidy, and every tensor made here is listed in `made` and freed in `finally`
 * unless returned: after a throw, or when the caller abandons the steps with `return()`.
 */
export function* jacobianSteps(
  { model, batch, parts, context }: GradientInput,
  budgetBytes = DEFAULT_JACOBIAN_BUDGET_BYTES,
): Steps<GradientResult> {
  assertJacobiansFit(planJacobians(model, parts, batch.x.shape[0]), budgetBytes);
  const tapes = recordParts(model, batch.x, parts, context);
  const made: tf.Tensor[] = [];
  const own = <T extends tf.Tensor>(t: T): T => {
    made.push(t);
    return t;
  };
  let result: GradientResult | null = null;
  try {
    const prediction = tapes[tapes.length - 1].output;
    const { loss, upstream: dLossdPrediction } = lossAndUpstream(model, batch.y, prediction);
    made.push(loss, dLossdPrediction);
    const weightGrads: tf.Tensor[][] = parts.map(() => []);
    const boundaryGrads: tf.Tensor[] = [];
    let upstream = dLossdPrediction;
    for (let k = parts.length - 1; k >= 0; k--) {
      const weights = partVariables(model, parts[k]);
      const input = k > 0 ? tapes[k - 1].output : null;
      if (!input && weights.length === 0) continue;
      const jacobians = (yield* buildJacobians(tapes[k], weights, input)).map(own);
      const weightJacobians = input ? jacobians.slice(1) : jacobians;
      weightGrads[k] = weightJacobians.map((j) => own(contract(j, upstream, false)));
      if (input) {
        upstream = own(contract(jacobians[0], upstream, true));
        boundaryGrads.unshift(upstream);
      }
      disposeAll(jacobians);
    }
    const flat = weightGrads.flat();
    result = { loss, prediction: own(prediction.clone()), weightGrads: flat, boundaryGrads };
    return result;
  } finally {
    disposeAll(tapes);
    const returned = new Set(result ? tensorsOf(result) : []);
    // dispose() is a no-op on a tensor already freed (the Jacobians above).
    disposeAll(made.filter((t) => !returned.has(t)));
  }
}

/** The method run to its end at once. */
export const jacobianGradients = (
  input: GradientInput,
  budgetBytes = DEFAULT_JACOBIAN_BUDGET_BYTES,
): GradientResult => runSteps(jacobianSteps(input, budgetBytes));
