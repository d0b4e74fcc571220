// One training step of the split model, traced part by part for the presenter: the activation
// crossing each cut, the loss, the upstream gradient g_k = dL/d(out_k) each part receives, its
// weight gradients, the full tape's gradients beside them, and one optimizer update on copies.
import * as tf from '@tensorflow/tfjs';
import { compareArrays, norm } from './compare';
import type { Part } from './cuts';
import type { Batch } from './data/randomBatch';
import { computeGradients } from './gradients/methods';
import { lossAndUpstream } from './gradients/partForward';
import { tensorsOf } from './gradients/types';
import { applyLayers, weightsOfLayers, type ForwardContext, type SplitModel } from './model';
import type { TensorData } from './report';
import { product } from './spec';
import { disposeOptimizer, makeOptimizer, type OptimizerName } from './train';
import { copyOptimizer } from './trainedState';

const BYTES_PER_FLOAT = 4;
/** A picture of a conv activation: at most this many channels of the batch's first example… */
export const PICTURE_CHANNELS = 4;
/** …each at most this many pixels a side (average-pooled down). */
export const PICTURE_SIDE = 24;
/** A vector is pictured by at most this many values (averaged in runs). */
export const PICTURE_VALUES = 256;

/** A tensor as the presenter shows it: never the tensor itself, only its size and a picture. */
export interface TracedTensor {
  /** Batch axis first. */
  shape: number[];
  /** float32 bytes of the whole batch's tensor. */
  bytes: number;
  /** Euclidean norm over the whole batch. */
  norm: number;
  /** Largest |value| over the whole batch (the picture's scale). */
  maxAbs: number;
  /**
   * The batch's first example, small: [channels, height, width] for an image-shaped tensor (a
   * few channels, downsampled), or [n] for a vector (up to PICTURE_VALUES values).
   */
  picture: TensorData;
}

export interface TracedWeight {
  name: string;
  part: number;
  shape: number[];
  /** ||dL/dW|| from the chained VJPs. */
  gradNorm: number;
  /** max |vjp − full tape| over this weight's gradient. */
  maxAbsDiff: number;
  /** ||ΔW|| of one optimizer step on a copy. */
  updateNorm: number;
}

export interface StepTrace {
  model: string;
  cuts: number[];
  batch: number;
  parts: Part[];
  context: ForwardContext;
  /** The activation crossing each cut (out_k of every part but the last), forward order. */
  activations: TracedTensor[];
  /** The prediction ŷ = out_last. */
  prediction: TracedTensor;
  loss: number;
  lossName: string;
  /** y of the batch's first example (up to PICTURE_VALUES values), beside ŷ's picture. */
  target: number[];
  /** g_k = dL/d(out_k) for every part k (g_last = dL/dŷ). */
  upstream: TracedTensor[];
  /** max |vjp − full tape| of dL/d(out_k) at each cut. */
  upstreamMaxAbsDiff: number[];
  weights: TracedWeight[];
  /** Per part: ||ΔW_k|| over all its weights, and the ||dL/dW_k|| it came from. */
  partGradNorms: number[];
  partUpdateNorms: number[];
  /**
   * The optimizer the update used: copies of the session's own (`fromSession`, the next training
   * step's update) or fresh ones of its kind (see updateNorms).
   */
  update: { optimizer: OptimizerName; learningRate: number; fromSession: boolean };
}

export interface TraceOptions {
  optimizer: OptimizerName;
  learningRate: number;
  context: ForwardContext;
  /** The split twin's optimizers, one per part with weights, whose state the update copies. */
  optimizers?: tf.Optimizer[];
}

/** Averages `data` over runs so at most `max` values remain. */
function shrinkVector(data: Float32Array, max: number): Float32Array {
  if (data.length <= max) return data.slice();
  const out = new Float32Array(max);
  for (let i = 0; i < max; i++) {
    const from = Math.floor((i * data.length) / max);
    const to = Math.floor(((i + 1) * data.length) / max);
    let sum = 0;
    for (let j = from; j < to; j++) sum += data[j];
    out[i] = sum / (to - from);
  }
  return out;
}

/** The first example of a batch tensor, small enough to send and draw. */
function pictureOf(t: tf.Tensor): TensorData {
  return tf.tidy(() => {
    const first = t.slice([0], [1]);
    if (t.rank === 4) {
      const [, h, w, c] = t.shape;
      const channels = Math.min(c, PICTURE_CHANNELS);
      const step = Math.max(1, Math.ceil(Math.max(h, w) / PICTURE_SIDE));
      const few = first.slice([0, 0, 0, 0], [1, h, w, channels]) as tf.Tensor4D;
      const small = step > 1 ? tf.avgPool(few, step, step, 'valid') : few;
      // [1, h, w, c] → [c, h, w]: one grayscale image per channel.
      const image = small.squeeze([0]).transpose([2, 0, 1]);
      return { shape: image.shape.slice(), data: image.dataSync() as Float32Array };
    }
    const values = shrinkVector(first.dataSync() as Float32Array, PICTURE_VALUES);
    return { shape: [values.length], data: values };
  });
}

function traced(t: tf.Tensor): TracedTensor {
  const data = t.dataSync();
  let maxAbs = 0;
  for (let i = 0; i < data.length; i++) maxAbs = Math.max(maxAbs, Math.abs(data[i]));
  return {
    shape: t.shape.slice(),
    bytes: product(t.shape) * BYTES_PER_FLOAT,
    norm: norm(data),
    maxAbs,
    picture: pictureOf(t),
  };
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) =>
  compareArrays(a.dataSync(), b.dataSync()).maxAbsError;

/**
 * ||ΔW|| per weight for one optimizer step, applied to copies of the weights by an optimizer per
 * part (as the split twin has): the model's own weights are not touched. Given the session's
 * optimizers, each part's is a copy of the session's own, running averages and step count
 * included, so this is the update the next training step applies; without them, a fresh one
 * (for momentum and Adam, their first step).
 */
async function updateNorms(
  model: SplitModel,
  parts: Part[],
  grads: tf.Tensor[],
  options: TraceOptions,
): Promise<number[]> {
  const norms: number[] = [];
  let offset = 0;
  let group = 0;
  for (const part of parts) {
    const weights = weightsOfLayers(model, part.firstLayer, part.lastLayer);
    if (weights.length === 0) continue;
    const own = options.optimizers?.[group++];
    const optimizer = own
      ? await copyOptimizer(own, options.optimizer, options.learningRate)
      : makeOptimizer(options.optimizer, options.learningRate);
    // tidy frees the clone; the variable keeps its data.
    const copies = weights.map((w) => tf.tidy(() => tf.variable(w.variable.read().clone(), true)));
    try {
      optimizer.applyGradients(
        Object.fromEntries(copies.map((c, i) => [c.name, grads[offset + i]])),
      );
      weights.forEach((w, i) =>
        norms.push(tf.tidy(() => tf.norm(tf.sub(copies[i], w.variable.read())).dataSync()[0])),
      );
    } finally {
      disposeOptimizer(optimizer);
      tf.dispose(copies);
    }
    offset += weights.length;
  }
  return norms;
}

const sumNorm = (norms: number[]) => Math.sqrt(norms.reduce((s, n) => s + n * n, 0));

/**
 * Traces one step of `model` split into `parts` on `batch`: the chained VJP's gradients (the
 * same function the vjp method and the training twin use), the activations its parts hand on,
 * and the full tape's gradients to compare. Plain data out; every tensor is freed.
 */
export async function traceStep(
  model: SplitModel,
  batch: Batch,
  parts: Part[],
  options: TraceOptions,
): Promise<StepTrace> {
  const input = { model, batch, parts, context: options.context };
  const vjp = computeGradients('vjp', input);
  const reference = computeGradients('reference', input);
  // The forward pass again, part by part, for the activations crossing the cuts (the vjp method
  // keeps them on its tapes and frees them). Dropout masks are fixed by the context's step.
  const outputs = tf.tidy(() => {
    const outs: tf.Tensor[] = [];
    for (const part of parts)
      outs.push(
        applyLayers(model, outs.at(-1) ?? batch.x, part.firstLayer, part.lastLayer, input.context),
      );
    return outs;
  });
  const dLossdPrediction = lossAndUpstream(model, batch.y, vjp.prediction);
  try {
    const upstreamTensors = [...vjp.boundaryGrads, dLossdPrediction.upstream];
    const last = parts.length - 1;
    const update = await updateNorms(model, parts, vjp.weightGrads, options);
    const weights = model.weights.map((w, i): TracedWeight => {
      const part = parts.findIndex((p) => w.layer >= p.firstLayer && w.layer <= p.lastLayer);
      return {
        name: w.name,
        part,
        shape: w.shape,
        gradNorm: norm(vjp.weightGrads[i].dataSync()),
        maxAbsDiff: maxAbsDiff(vjp.weightGrads[i], reference.weightGrads[i]),
        updateNorm: update[i],
      };
    });
    const ofPart = (k: number, pick: (w: TracedWeight) => number) =>
      sumNorm(weights.filter((w) => w.part === k).map(pick));
    return {
      model: model.spec.name,
      cuts: parts.slice(0, -1).map((p) => p.lastLayer),
      batch: batch.x.shape[0],
      parts,
      context: options.context,
      activations: outputs.slice(0, last).map(traced),
      prediction: traced(outputs[last]),
      loss: vjp.loss.dataSync()[0],
      lossName: model.spec.loss,
      target: tf
        .tidy(() => Array.from(batch.y.slice([0], [1]).dataSync()))
        .slice(0, PICTURE_VALUES),
      upstream: upstreamTensors.map(traced),
      upstreamMaxAbsDiff: vjp.boundaryGrads.map((g, i) =>
        maxAbsDiff(g, reference.boundaryGrads[i]),
      ),
      weights,
      partGradNorms: parts.map((p) => ofPart(p.index, (w) => w.gradNorm)),
      partUpdateNorms: parts.map((p) => ofPart(p.index, (w) => w.updateNorm)),
      update: {
        optimizer: options.optimizer,
        learningRate: options.learningRate,
        fromSession: options.optimizers !== undefined,
      },
    };
  } finally {
    tf.dispose([
      ...tensorsOf(vjp),
      ...tensorsOf(reference),
      ...outputs,
      dLossdPrediction.loss,
      dLossdPrediction.upstream,
    ]);
  }
}
