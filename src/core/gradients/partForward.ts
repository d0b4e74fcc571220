// The plumbing the split methods share: one recorded tape per part, and the loss's own tape.
import * as tf from '@tensorflow/tfjs';
import type { Part } from '../cuts';
import { computeLoss } from '../loss';
import { applyLayers, weightsOfLayers, type ForwardContext, type SplitModel } from '../model';
import { PartTape } from './partTape';
import type { GradientResult } from './types';

/** Runs part by part from x, each part on its own tape; tape k's output is part k+1's input. */
export function recordParts(
  model: SplitModel,
  x: tf.Tensor,
  parts: Part[],
  context: ForwardContext,
): PartTape[] {
  const tapes: PartTape[] = [];
  try {
    for (const part of parts) {
      const input = tapes.length === 0 ? x : tapes[tapes.length - 1].output;
      tapes.push(
        PartTape.record(() => {
          const out = applyLayers(model, input, part.firstLayer, part.lastLayer, context);
          // A part that passes its input through (linear activation, inactive dropout) still
          // needs one recorded op linking its output to its input.
          return out === input ? tf.clone(input) : out;
        }),
      );
    }
  } catch (error) {
    tapes.forEach((tape) => tape.dispose());
    throw error;
  }
  return tapes;
}

/** The loss on its own tape, and dL/d(prediction): the upstream gradient of the last part. */
export function lossAndUpstream(
  model: SplitModel,
  yTrue: tf.Tensor,
  prediction: tf.Tensor,
): { loss: tf.Scalar; upstream: tf.Tensor } {
  const tape = PartTape.record(() => computeLoss(model.spec.loss, yTrue, prediction));
  const one = tf.onesLike(tape.output);
  try {
    const [upstream] = tape.vjp([prediction], one);
    return { loss: tape.output.clone() as tf.Scalar, upstream };
  } finally {
    one.dispose();
    tape.dispose();
  }
}

/** The tf.Variables of a part's weights, in trainableWeights order. */
export const partVariables = (model: SplitModel, part: Part) =>
  weightsOfLayers(model, part.firstLayer, part.lastLayer).map((w) => w.variable.read());

/** Disposes every tensor in a list (a small convenience for finally blocks). */
export const disposeAll = (tensors: Iterable<{ dispose(): void }>) => {
  for (const t of tensors) t.dispose();
};

/**
 * Runs a method's body in tf.tidy: on success only the result it returns survives; on a throw
 * (a layer, a kernel's gradient) so does nothing — the loss, dL/dŷ and the gradients gathered
 * so far are freed with the rest. Tapes free their own saved tensors (kept, so tidy cannot).
 */
export const tidyGradients = (body: () => GradientResult): GradientResult =>
  tf.tidy(() => ({ ...body() }));
