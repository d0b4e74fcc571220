// What every gradient method takes and returns, so the four files can be compared line by line.
import type * as tf from '@tensorflow/tfjs';
import type { Part } from '../cuts';
import type { Batch } from '../data/randomBatch';
import type { ForwardContext, SplitModel } from '../model';

export type MethodName = 'reference' | 'vjp' | 'jacobian' | 'naive';
export const METHODS: readonly MethodName[] = ['reference', 'vjp', 'jacobian', 'naive'];

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
