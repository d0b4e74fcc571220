// What every dataset is made of: examples with their labels, in the two forms training and
// evaluation want, and the error a dataset raises when it does not fit the model.
import * as tf from '@tensorflow/tfjs';

/** Examples with their labels: y as the loss wants it, `labels` as class indices. */
export interface Split {
  x: tf.Tensor;
  y: tf.Tensor;
  /** The class of each example: 0/1 for one output, the one-hot's index for several. */
  labels: Int32Array;
  size: number;
}

/** Data that does not fit the model, in words; it belongs to the Data cell. */
export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** The classes a model's outputs can tell apart: one sigmoid unit tells two. */
export const classesOf = (outputs: number) => Math.max(2, outputs);

/** Labels as the model's last layer wants them: 0/1 for one output, one-hot for several. */
export function labelTensor(labels: ArrayLike<number>, outputs: number): tf.Tensor {
  return tf.tidy(() =>
    outputs === 1
      ? tf.tensor2d(Array.from(labels), [labels.length, 1])
      : tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), outputs).toFloat(),
  );
}

/** Examples per class: `labels` are class indices, `classes` at least as many as they show. */
export function countClasses(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]] = (counts[labels[i]] ?? 0) + 1;
  return Array.from(counts, (n) => n ?? 0);
}
