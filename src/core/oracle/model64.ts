// A whole model in float64: the spec, its weights and dropout masks as plain numbers, run from
// any layer to the end. The finite-difference check re-runs it from the layer it perturbs.
import type { ModelSpec } from '../spec';
import { forwardLayer64 } from './layers64';
import { loss64 } from './loss64';
import { toTensor64, type Tensor64 } from './tensor64';

/** Plain data, as in the CLI's dump: flat row-major values in tfjs layouts. */
export interface PlainTensor {
  shape: number[];
  data: ArrayLike<number>;
}

export interface Model64Input {
  spec: ModelSpec;
  /** Every trainable weight in tfjs's trainableWeights order, with the layer it belongs to. */
  weights: (PlainTensor & { layer: number })[];
  x: PlainTensor;
  y: PlainTensor;
  /** The dropout multipliers tfjs drew, per dropout layer that was active. */
  dropoutMasks?: (PlainTensor & { layer: number })[];
}

export interface Model64 {
  spec: ModelSpec;
  /** Per layer, its weights (kernel, then bias), in float64; the check perturbs them in place. */
  params: Tensor64[][];
  masks: (Tensor64 | undefined)[];
  x: Tensor64;
  y: Tensor64;
}

export function toModel64(input: Model64Input): Model64 {
  const params: Tensor64[][] = input.spec.layers.map(() => []);
  for (const w of input.weights) params[w.layer].push(toTensor64(w.shape, w.data));
  const masks: (Tensor64 | undefined)[] = input.spec.layers.map(() => undefined);
  for (const m of input.dropoutMasks ?? []) masks[m.layer] = toTensor64(m.shape, m.data);
  return {
    spec: input.spec,
    params,
    masks,
    x: toTensor64(input.x.shape, input.x.data),
    y: toTensor64(input.y.shape, input.y.data),
  };
}

/** The outputs of layers first..last, given the input of layer `first`. */
export function runLayers64(
  model: Model64,
  input: Tensor64,
  first: number,
  last: number,
): Tensor64[] {
  const outputs: Tensor64[] = [];
  let x = input;
  for (let i = first; i <= last; i++) {
    x = forwardLayer64(model.spec.layers[i], x, model.params[i], model.masks[i]);
    outputs.push(x);
  }
  return outputs;
}

/** The loss when layer `first` receives `input` and the rest of the model runs after it. */
export function lossFrom64(model: Model64, input: Tensor64, first: number): number {
  const last = model.spec.layers.length - 1;
  let x = input;
  for (let i = first; i <= last; i++)
    x = forwardLayer64(model.spec.layers[i], x, model.params[i], model.masks[i]);
  return loss64(model.spec.loss, model.y, x);
}
