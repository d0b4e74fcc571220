// fd64: gradients by central finite differences in float64 — the gradcheck real frameworks test
// themselves with. dL/dθ ≈ (L(θ + h) − L(θ − h)) / 2h for every sampled element θ of every
// weight tensor, and of every activation crossing a cut (dL/d(out_k)). It shares nothing with
// the tfjs path but the spec and the data, so a wrong tfjs kernel cannot hide from it.
import { runSteps, type Steps } from '../steps';
import { lossFrom64, runLayers64, toModel64, type Model64, type Model64Input } from './model64';
import { sampleIndices } from './sampling';
import { size, type Tensor64 } from './tensor64';

/** h: small enough that the truncation error (∝ h²) is ~1e-12, large enough that float64
 *  rounding in the difference (∝ ε/h) stays ~1e-10. */
export const FD64_STEP = 1e-6;
export const DEFAULT_FD64_SAMPLES = 64;

export interface Fd64Options {
  cuts: number[];
  /** Elements visited per tensor; a tensor with no more elements is checked in full. */
  samplesPerTensor?: number;
  seed?: number;
}

export interface SampledGradient {
  shape: number[];
  /** Flat row-major indices visited, sorted, and dL/d(element) at each. */
  indices: number[];
  values: number[];
}

export interface Fd64Result {
  loss: number;
  step: number;
  samplesPerTensor: number;
  seed: number;
  /** In trainableWeights order. */
  weights: SampledGradient[];
  /** At every cut, in cut order. */
  boundaries: SampledGradient[];
  /** Forward passes run (two per element). */
  evaluations: number;
}

/** dL/dθ ≈ (L(θ + h) − L(θ − h)) / 2h at each listed element of `target`, restored afterwards. */
export const differentiate = (target: Tensor64, indices: number[], loss: () => number): number[] =>
  runSteps(differentiateSteps(target, indices, loss));

/** differentiate as steps: a yield after each element, once `target` is restored. */
function* differentiateSteps(
  target: Tensor64,
  indices: number[],
  loss: () => number,
): Steps<number[]> {
  const values: number[] = [];
  for (const i of indices) {
    const saved = target.data[i];
    target.data[i] = saved + FD64_STEP;
    const plus = loss();
    target.data[i] = saved - FD64_STEP;
    const minus = loss();
    target.data[i] = saved;
    values.push((plus - minus) / (2 * FD64_STEP));
    yield;
  }
  return values;
}

export const fd64Gradients = (input: Model64Input, options: Fd64Options): Fd64Result =>
  runSteps(fd64Steps(input, options));

/**
 * fd64Gradients as steps (src/core/steps.ts): they yield after every perturbed element (two
 * forward passes from its layer on), so the worker can let a new cut in and abandon the check.
 * Plain float64 arrays only: nothing to free when abandoned.
 */
export function* fd64Steps(input: Model64Input, options: Fd64Options): Steps<Fd64Result> {
  const samplesPerTensor = options.samplesPerTensor ?? DEFAULT_FD64_SAMPLES;
  const seed = options.seed ?? 0;
  const model: Model64 = toModel64(input);
  const last = model.spec.layers.length - 1;
  // The input of every layer, computed once: a perturbation in layer ℓ re-runs only ℓ..end.
  const outputs = runLayers64(model, model.x, 0, last);
  const inputOf = (layer: number) => (layer === 0 ? model.x : outputs[layer - 1]);
  let evaluations = 0;
  const lossFrom = (layer: number, x: Tensor64) => {
    evaluations++;
    return lossFrom64(model, x, layer);
  };
  let tensorIndex = 0;
  const sample = (shape: number[]) =>
    sampleIndices(size(shape), samplesPerTensor, seed + 7919 * tensorIndex++);

  const weights: SampledGradient[] = [];
  for (const [layer, params] of model.params.entries())
    for (const param of params) {
      const indices = sample(param.shape);
      const values = yield* differentiateSteps(param, indices, () =>
        lossFrom(layer, inputOf(layer)),
      );
      weights.push({ shape: param.shape, indices, values });
    }
  const boundaries: SampledGradient[] = [];
  for (const cut of options.cuts) {
    const activation = { shape: outputs[cut].shape, data: outputs[cut].data.slice() };
    const indices = sample(activation.shape);
    const values = yield* differentiateSteps(activation, indices, () =>
      lossFrom(cut + 1, activation),
    );
    boundaries.push({ shape: activation.shape, indices, values });
  }
  return {
    loss: lossFrom64(model, outputs[last], last + 1),
    step: FD64_STEP,
    samplesPerTensor,
    seed,
    weights,
    boundaries,
    evaluations,
  };
}
