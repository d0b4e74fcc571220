// vjp (the default): each part has its own tape. Forward part by part; then backward from the
// loss, each part turning the upstream gradient g = dL/d(out_k) into
//   dL/dW_k = gᵀ·∂out_k/∂W_k   and   dL/d(in_k) = gᵀ·∂out_k/∂in_k,
// in one backward pass (TF: tape_k.gradient(out_k, w_k + [in_k], output_gradients=g)).
// dL/d(in_k) is the upstream gradient of part k-1. No Jacobian is ever formed.
import type * as tf from '@tensorflow/tfjs';
import {
  disposeAll,
  lossAndUpstream,
  partVariables,
  recordParts,
  tidyGradients,
} from './partForward';
import type { GradientInput, GradientResult } from './types';

export const vjpGradients = ({ model, batch, parts, context }: GradientInput): GradientResult =>
  tidyGradients(() => {
    const tapes = recordParts(model, batch.x, parts, context);
    const weightGrads: tf.Tensor[][] = parts.map(() => []);
    const boundaryGrads: tf.Tensor[] = [];
    try {
      const prediction = tapes[tapes.length - 1].output;
      const { loss, upstream: dLossdPrediction } = lossAndUpstream(model, batch.y, prediction);
      let upstream = dLossdPrediction;
      for (let k = parts.length - 1; k >= 0; k--) {
        const weights = partVariables(model, parts[k]);
        const input = k > 0 ? [tapes[k - 1].output] : [];
        // Part 0 needs no input gradient; with no weights either it has nothing to compute.
        if (input.length + weights.length === 0) continue;
        const grads = tapes[k].vjp([...input, ...weights], upstream);
        weightGrads[k] = grads.slice(input.length);
        if (k > 0) {
          upstream = grads[0];
          boundaryGrads.unshift(upstream);
        }
      }
      dLossdPrediction.dispose();
      const flat = weightGrads.flat();
      return { loss, prediction: prediction.clone(), weightGrads: flat, boundaryGrads };
    } finally {
      disposeAll(tapes);
    }
  });
