// The one model builder: a spec becomes tfjs layers with seeded initialisers, and any run of
// layers (a part) can be applied to a tensor, with dropout masks fixed by (seed, step, layer).
import * as tf from '@tensorflow/tfjs';
import {
  parseSpec,
  pairOf,
  weightName,
  type LayerShape,
  type LayerSpec,
  type ModelSpec,
} from './spec';

export interface WeightInfo {
  /** Position in model.trainableWeights order (layer by layer, kernel then bias). */
  index: number;
  layer: number;
  role: 'kernel' | 'bias';
  /** e.g. 'kernel of layer 3 (dense)'. */
  name: string;
  shape: number[];
  variable: tf.LayerVariable;
}

export interface SplitModel {
  spec: ModelSpec;
  shapes: LayerShape[];
  layers: tf.layers.Layer[];
  weights: WeightInfo[];
  seed: number;
  dispose(): void;
}

/** How a forward pass runs: dropout is active only when `training`, with masks for `step`. */
export interface ForwardContext {
  training: boolean;
  step: number;
}

// Keras' defaults: glorot-uniform kernels, zero biases. Seeds differ per layer.
const kernelInitializer = (seed: number, layer: number) =>
  tf.initializers.glorotUniform({ seed: seed * 1000 + layer });

function makeLayer(spec: LayerSpec, index: number, seed: number): tf.layers.Layer {
  switch (spec.type) {
    case 'conv2d':
      return tf.layers.conv2d({
        filters: spec.filters,
        kernelSize: pairOf(spec.kernelSize),
        strides: pairOf(spec.strides ?? 1),
        padding: spec.padding ?? 'valid',
        activation: spec.activation ?? 'linear',
        useBias: spec.useBias ?? true,
        kernelInitializer: kernelInitializer(seed, index),
      });
    case 'dense':
      return tf.layers.dense({
        units: spec.units,
        activation: spec.activation ?? 'linear',
        useBias: spec.useBias ?? true,
        kernelInitializer: kernelInitializer(seed, index),
      });
    case 'flatten':
      return tf.layers.flatten();
    case 'activation':
      return tf.layers.activation({ activation: spec.activation });
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const config = {
        poolSize: pairOf(spec.poolSize ?? 2),
        strides: pairOf(spec.strides ?? spec.poolSize ?? 2),
        padding: spec.padding ?? 'valid',
      };
      return spec.type === 'maxPooling2d'
        ? tf.layers.maxPooling2d(config)
        : tf.layers.averagePooling2d(config);
    }
    case 'globalAveragePooling2d':
      return tf.layers.globalAveragePooling2d({});
    case 'dropout':
      return tf.layers.dropout({ rate: spec.rate });
  }
}

/**
 * Makes a conv2d layer run tf.conv2d, then the bias add and the activation, instead of its own
 * call. The layer's call runs tfjs's fused conv2d, whose gradient (one customGrad) computes the
 * input's gradient together with the kernel's, eagerly; for layer 0 the input is the data, which
 * no method differentiates, so that is a whole backward convolution thrown away (on seed-cnn,
 * 64×64×3 at batch 32, ~19 ms of a ~200 ms step on wasm). The unfused op's gradient is one
 * function per input, and the tape calls only those on a path from what is differentiated.
 * Same weights, same variables; the sums round in another order (float32, ~1 ulp).
 */
function convolveWithoutInputGradient(
  layer: tf.layers.Layer,
  spec: Extract<LayerSpec, { type: 'conv2d' }>,
): void {
  const activation =
    spec.activation && spec.activation !== 'linear'
      ? tf.layers.activation({ activation: spec.activation })
      : null;
  const strides = pairOf(spec.strides ?? 1);
  const padding = spec.padding ?? 'valid';
  layer.call = (inputs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      // layer.weights: [kernel] or [kernel, bias], as the layer built them.
      const [kernel, bias] = layer.weights;
      let y: tf.Tensor = tf.conv2d(x, kernel.read() as tf.Tensor4D, strides, padding);
      if (bias) y = tf.add(y, bias.read());
      return activation ? (activation.apply(y) as tf.Tensor) : y;
    });
}

/** Validates a spec (throwing SpecError) and builds its layers with weights drawn from `seed`. */
export function buildModel(rawSpec: unknown, seed = 0): SplitModel {
  const { spec, shapes } = parseSpec(rawSpec);
  const layers = spec.layers.map((layer, index) => makeLayer(layer, index, seed));
  const first = spec.layers[0];
  if (first.type === 'conv2d') convolveWithoutInputGradient(layers[0], first);
  // Applying the layers to a symbolic input builds their weights, with tfjs checking shapes.
  let symbolic = tf.input({ shape: spec.input });
  for (const layer of layers) symbolic = layer.apply(symbolic) as tf.SymbolicTensor;
  const weights: WeightInfo[] = [];
  layers.forEach((layer, layerIndex) => {
    layer.trainableWeights.forEach((variable, k) => {
      const role = shapes[layerIndex].weightShapes[k].role;
      weights.push({
        index: weights.length,
        layer: layerIndex,
        role,
        name: weightName(role, layerIndex, spec.layers[layerIndex].type),
        shape: variable.shape as number[],
        variable,
      });
    });
  });
  return {
    spec,
    shapes,
    layers,
    weights,
    seed,
    dispose: () => layers.forEach((layer) => layer.dispose()),
  };
}

/** The dropout seed for one (model seed, step, layer): every method draws the same mask. */
export const dropoutSeed = (seed: number, step: number, layer: number) =>
  (seed * 1_000_003 + step * 1009 + layer * 7919) % 2_147_483_647;

/**
 * Applies layers first..last (inclusive) to x. Dropout goes through tf.dropout with a seed
 * fixed by (seed, step, layer) — the same op the tfjs Dropout layer calls — because the layer's
 * own unseeded mask would differ between a part's forward pass and its re-run.
 */
export function applyLayers(
  model: SplitModel,
  x: tf.Tensor,
  first: number,
  last: number,
  context: ForwardContext,
): tf.Tensor {
  let out = x;
  for (let i = first; i <= last; i++) {
    const spec = model.spec.layers[i];
    if (spec.type === 'dropout') {
      out =
        context.training && spec.rate > 0
          ? tf.dropout(out, spec.rate, undefined, dropoutSeed(model.seed, context.step, i))
          : out;
    } else {
      out = model.layers[i].apply(out) as tf.Tensor;
    }
  }
  return out;
}

/** The whole model's prediction for x. */
export const predict = (model: SplitModel, x: tf.Tensor, context: ForwardContext) =>
  applyLayers(model, x, 0, model.layers.length - 1, context);

/** The weights of layers first..last, in trainableWeights order. */
export const weightsOfLayers = (model: SplitModel, first: number, last: number) =>
  model.weights.filter((w) => w.layer >= first && w.layer <= last);

/**
 * The multipliers each active dropout layer applies for `context` (0 or 1/(1 − rate) per
 * element), drawn by the same op and seed as applyLayers: data for the float64 check and the dump.
 */
export function dropoutMasks(model: SplitModel, batchSize: number, context: ForwardContext) {
  if (!context.training) return [];
  return model.spec.layers.flatMap((spec, layer) => {
    if (spec.type !== 'dropout' || spec.rate <= 0) return [];
    const shape = [batchSize, ...model.shapes[layer].inputShape];
    const data = tf.tidy(() =>
      tf.dropout(
        tf.ones(shape),
        spec.rate,
        undefined,
        dropoutSeed(model.seed, context.step, layer),
      ),
    );
    try {
      return [{ layer, shape, data: data.dataSync() as Float32Array }];
    } finally {
      data.dispose();
    }
  });
}
