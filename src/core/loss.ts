// The loss functions a spec can name, all tfjs's own (mean over the batch, as Keras reports).
import * as tf from '@tensorflow/tfjs';
import type { LossName } from './spec';

export function computeLoss(loss: LossName, yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (loss) {
      case 'mse':
        return tf.losses.meanSquaredError(yTrue, yPred) as tf.Scalar;
      case 'binaryCrossentropy':
        return tf.mean(tf.metrics.binaryCrossentropy(yTrue, yPred)) as tf.Scalar;
      case 'categoricalCrossentropy':
        return tf.mean(tf.metrics.categoricalCrossentropy(yTrue, yPred)) as tf.Scalar;
    }
  });
}
