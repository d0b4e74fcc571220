// What every gradient method takes and returns, so the four files can be compared line by line.
import type * as tf from '@tensorflow/tfjs';
import type { Part } from '../cuts';
import type { Batch } from '../data/randomBatch';
import type { ForwardContext, SplitModel } from '../model';

/** The four ways of computing gradients on tfjs's tapes. */
export type MethodName = 'reference' | 'vjp' | 'jacobian' | 'naive';
export const METHODS: readonly MethodName[] = ['reference', 'vjp', 'jacobian', 'naive'];
/** The four, plus the float64 finite-difference check that judges them (src/core/oracle). */
export type CheckMethodName = MethodName | 'fd64';
export const CHECK_METHODS: readonly CheckMethodName[] = [...METHODS, 'fd64'];

/** The one list of what each method is called and what it does: CLI, notebook and docs use it. */
export const METHOD_TEXT: Record<CheckMethodName, { label: string; description: string }> = {
  reference: {
    label: 'reference (one tape)',
    description: 'one tape over the whole model — the yardstick',
  },
  vjp: {
    label: 'vjp (chained)',
    description: 'a tape per part, chained by vector-Jacobian products',
  },
  jacobian: {
    label: 'jacobian (seed answer)',
    description: "the seed answer's full Jacobians per part, contracted by the chain rule",
  },
  naive: {
    label: 'naive (separate tapes)',
    description: "the question's separate tapes: no upstream gradient flows between parts",
  },
  fd64: {
    label: 'fd64 (float64 check)',
    description: 'float64 central differences, independent of tfjs — the judge of the judge',
  },
};

export interface GradientInput {
  model: SplitModel;
  batch: Batch;
  parts: Part[];
  context: ForwardContext;
}

/** Tensors the caller owns and disposes. */
export interface GradientResult {
  loss: tf.Scalar;
  /** The model's output for the batch (for accuracy), [batch, outputs]. */
  prediction: tf.Tensor;
  /** dL/dW for every weight tensor, in model.trainableWeights order. */
  weightGrads: tf.Tensor[];
  /** At every cut, in cut order: dL/d(the activation crossing it), shape [batch, ...]. */
  boundaryGrads: tf.Tensor[];
}

/** Every tensor a GradientResult holds, for disposal. */
export const tensorsOf = (r: GradientResult): tf.Tensor[] => [
  r.loss,
  r.prediction,
  ...r.weightGrads,
  ...r.boundaryGrads,
];
