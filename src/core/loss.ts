// The loss functions a spec can name (mean over the batch, as Keras reports). mse is tfjs's own;
// the cross-entropies are Keras's formulas written with tfjs ops and Keras's ε = 1e-7, because
// tfjs-layers clips with the ε of whichever backend asked first, and webgl's is 1e-4 (tfjs 4.22:
// its floatPrecision() test is inverted) — on a GPU page, a saturated prediction would then get
// the loss −log 1e-4 and a zero gradient where Keras and the float64 check see −log 1e-7.
import * as tf from '@tensorflow/tfjs';
import type { LossName } from './spec';

/** Keras's default fuzz factor: predictions are clipped to [ε, 1 − ε] before the log. */
export const KERAS_EPSILON = 1e-7;

export function computeLoss(loss: LossName, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'mse':
        return tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar;
      case 'binaryCrossentropy': {
        // −(t·log p + (1 − t)·log(1 − p)), averaged over outputs and then over the batch.
        const p = tf.clipByValue(yPred, KERAS_EPSILON, 1 - KERAS_EPSILON);
        const perElement = tf.add(
          tf.mul(yTrue, tf.log(p)),
          tf.mul(tf.sub(1, yTrue), tf.log1p(tf.neg(p))),
        );
        return tf.neg(tf.mean(perElement)) as tf.Scalar;
      }
      case 'categoricalCrossentropy': {
        // Each row rescaled to sum to 1, clipped, then −Σ t·log p per example.
        const rows = tf.div(yPred, tf.sum(yPred, -1, true));
        const p = tf.clipByValue(rows, KERAS_EPSILON, 1 - KERAS_EPSILON);
        return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(p)), -1))) as tf.Scalar;
      }
    }
  });
}
