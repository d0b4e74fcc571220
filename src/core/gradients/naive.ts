// naive: the asker's attempt. Each part's tape takes the gradient of its own output with respect
// to its own weights — tape_k.gradient(out_k, w_k), whose upstream is implicitly all ones — so
// nothing of the loss flows back through the later parts. It disagrees with the reference, and
// that is its point. Its "boundary gradient" is the ones it hands every part instead of dL/d(out).
import * as tf from '@tensorflow/tfjs';
import {
  disposeAll,
  lossAndUpstream,
  partVariables,
  recordParts,
  tidyGradients,
} from './partForward';
import type { GradientInput, GradientResult } from './types';

export const naiveGradients = ({ model, batch, parts, context }: GradientInput): GradientResult =>
  tidyGradients(() => {
    const tapes = recordParts(model, batch.x, parts, context);
    try {
      const prediction = tapes[tapes.length - 1].output;
      const { loss, upstream } = lossAndUpstream(model, batch.y, prediction);
      upstream.dispose(); // computed for the loss value only: the asker never used it
      const weightGrads = parts.flatMap((part, k) => {
        const weights = partVariables(model, part);
        if (weights.length === 0) return [];
        const ones = tf.onesLike(tapes[k].output);
        const grads = tapes[k].vjp(weights, ones);
        ones.dispose();
        return grads;
      });
      const boundaryGrads = tapes.slice(0, -1).map((tape) => tf.onesLike(tape.output));
      return { loss, prediction: prediction.clone(), weightGrads, boundaryGrads };
    } finally {
      disposeAll(tapes);
    }
  });
