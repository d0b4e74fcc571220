// The seed's batch: uniform random inputs in [0, 1) and random labels, drawn from a seed.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec';

export interface Batch {
  x: tf.Tensor;
  y: tf.Tensor;
}

/**
 * x ~ U[0, 1) of shape [batch, ...input]; labels are 0/1 per output (mse, binary cross-entropy)
 * or one-hot classes (categorical cross-entropy), as the seed draws them.
 */
export function randomBatch(spec: ModelSpec, outputs: number, batch: number, seed: number): Batch {
  return tf.tidy(() => {
    const x = tf.randomUniform([batch, ...spec.input], 0, 1, 'float32', seed);
    const draw = tf.randomUniform([batch, outputs], 0, 1, 'float32', seed + 1);
    const y =
      spec.loss === 'categoricalCrossentropy'
        ? tf.oneHot(tf.argMax(draw, 1), outputs).toFloat()
        : tf.greater(draw, 0.5).toFloat();
    return { x, y };
  });
}
