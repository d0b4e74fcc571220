// reference: one tape over the whole forward pass and the loss, as the seed's persistent tape.
// The boundary gradients come from the same tape through zero "probes" added at every cut:
// out_k + p_k equals out_k, and dL/dp_k = dL/d(out_k).
import * as tf from '@tensorflow/tfjs';
import { computeLoss } from '../loss';
import { applyLayers } from '../model';
import { tidyGradients } from './partForward';
import { discardEngineTape } from './partTape';
import type { GradientInput, GradientResult } from './types';

export function referenceGradients({
  model,
  batch,
  parts,
  context,
}: GradientInput): GradientResult {
  // Kept out of the forward pass's tidy, so no tidy frees it when a later step throws.
  const kept: { prediction?: tf.Tensor } = {};
  try {
    return tidyGradients(() => {
      const batchSize = batch.x.shape[0];
      const probes = parts.slice(0, -1).map((part) => tf.zeros([batchSize, ...part.outputShape]));
      const weights = model.weights.map((w) => w.variable.read());
      const { value, grads } = tf.engine().gradients(() => {
        let out = batch.x;
        parts.forEach((part, k) => {
          out = applyLayers(model, out, part.firstLayer, part.lastLayer, context);
          if (k < probes.length) out = tf.add(out, probes[k]);
        });
        kept.prediction = tf.keep(out);
        return computeLoss(model.spec.loss, batch.y, out);
      }, [...weights, ...probes]);
      return {
        loss: value as tf.Scalar,
        prediction: kept.prediction as tf.Tensor,
        weightGrads: grads.slice(0, weights.length),
        boundaryGrads: grads.slice(weights.length),
      };
    });
  } catch (error) {
    // A throw in the forward or backward pass leaves the engine's tape (and the tensors its
    // kernels saved) behind, and the kept prediction: tidy frees neither.
    discardEngineTape();
    kept.prediction?.dispose();
    throw error;
  }
}
