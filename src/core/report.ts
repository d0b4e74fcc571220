// One comparison run: every requested method on the same weights, batch and dropout masks,
// each compared with the reference, as plain data (no tensors) for the CLI, worker and UI.
import * as tf from '@tensorflow/tfjs';
import {
  FD64_TOLERANCE,
  compareArrays,
  compareSampled,
  type Comparison,
  type SampledComparison,
} from './compare';
import { checkCuts, partsOf, type Part } from './cuts';
import type { Batch } from './data/randomBatch';
import { JacobianBudgetError, planJacobians, type JacobianPlan } from './gradients/jacobian';
import { runFd64Steps, type Fd64RunOptions } from './gradients/fd64Run';
import { gradientSteps, type MethodOptions } from './gradients/methods';
import { disposeAll } from './gradients/partForward';
import { tensorsOf, type GradientResult, type MethodName } from './gradients/types';
import type { ForwardContext, SplitModel } from './model';
import type { Fd64Result } from './oracle/fd64';
import { runSteps, type Steps } from './steps';

export interface TensorData {
  shape: number[];
  data: Float32Array;
}

export const toTensorData = (t: tf.Tensor): TensorData => ({
  shape: t.shape.slice(),
  data: t.dataSync() as Float32Array,
});

export interface MethodReport {
  method: MethodName;
  /** Set when the method did not run (the Jacobian budget), in words. */
  refused?: string;
  loss: number;
  timeMs: number;
  weights: TensorData[];
  boundaries: TensorData[];
  /** Against the reference, in the same order as weights and boundaries. */
  weightComparisons: Comparison[];
  boundaryComparisons: Comparison[];
  /** Against the float64 finite differences, when fd64 ran. */
  againstFd64?: { weights: SampledComparison[]; boundaries: SampledComparison[] };
}

/** fd64's sampled float64 gradients, with how long they took and the tolerance they judge by. */
export interface Fd64Report extends Fd64Result {
  timeMs: number;
  tolerance: number;
}

export interface WeightDescription {
  name: string;
  layer: number;
  role: 'kernel' | 'bias';
  part: number;
  shape: number[];
}

export interface GradientReport {
  model: string;
  cuts: number[];
  batch: number;
  context: ForwardContext;
  /** Each layer's type, in order (for messages that name layers). */
  layerTypes: string[];
  parts: Part[];
  weights: WeightDescription[];
  /** The activation crossing each cut, per batch. */
  boundaries: { cut: number; shape: number[] }[];
  jacobianPlans: JacobianPlan[];
  methods: MethodReport[];
  /** The float64 check every method is judged against a second time, when it ran. */
  fd64?: Fd64Report;
}

export interface ReportOptions extends MethodOptions {
  methods: MethodName[];
  context: ForwardContext;
  /** Run the float64 finite-difference check too (sampled as these options say). */
  fd64?: Fd64RunOptions | false;
}

/** Runs `methods` (the reference always runs first, as the yardstick) and compares them. */
export const compareMethods = (
  model: SplitModel,
  batch: Batch,
  rawCuts: unknown,
  options: ReportOptions,
): GradientReport => runSteps(compareMethodsSteps(model, batch, rawCuts, options));

/**
 * compareMethods as steps (src/core/steps.ts): they yield inside the Jacobian method, between
 * its rows, inside the float64 check, between its perturbations, and after each method, so the
 * worker can abandon a comparison a new cut has mooted.
 */
export function* compareMethodsSteps(
  model: SplitModel,
  batch: Batch,
  rawCuts: unknown,
  options: ReportOptions,
): Steps<GradientReport> {
  const cuts = checkCuts(rawCuts, model.layers.length);
  const parts = partsOf(model.spec.input, model.shapes, cuts);
  const input = { model, batch, parts, context: options.context };
  const partOfLayer = (layer: number) => parts.findIndex((p) => layer <= p.lastLayer);
  const methods = ['reference' as const, ...options.methods.filter((m) => m !== 'reference')];
  const results: MethodReport[] = [];
  for (const method of methods) {
    const start = performance.now();
    let result: GradientResult;
    try {
      result = yield* gradientSteps(method, input, options);
    } catch (error) {
      if (!(error instanceof JacobianBudgetError)) throw error;
      results.push({ ...emptyReport(method), refused: error.message });
      continue;
    }
    try {
      const weights = result.weightGrads.map(toTensorData);
      const boundaries = result.boundaryGrads.map(toTensorData);
      const timeMs = performance.now() - start;
      const reference = results[0] ?? { weights, boundaries };
      results.push({
        method,
        loss: result.loss.dataSync()[0],
        timeMs,
        weights,
        boundaries,
        weightComparisons: weights.map((w, i) => compareArrays(reference.weights[i].data, w.data)),
        boundaryComparisons: boundaries.map((b, i) =>
          compareArrays(reference.boundaries[i].data, b.data),
        ),
      });
    } finally {
      disposeAll(tensorsOf(result));
    }
    yield;
  }
  let fd64: Fd64Report | undefined;
  if (options.fd64) {
    const start = performance.now();
    // It yields after every perturbed element, as the Jacobian does between its rows.
    const result = yield* runFd64Steps(model, batch, cuts, options.context, options.fd64);
    fd64 = { ...result, timeMs: performance.now() - start, tolerance: FD64_TOLERANCE };
    for (const m of results) if (!m.refused) m.againstFd64 = judgeAgainstFd64(m, fd64);
  }
  const batchSize = batch.x.shape[0];
  return {
    model: model.spec.name,
    cuts,
    batch: batchSize,
    context: options.context,
    layerTypes: model.spec.layers.map((l) => l.type),
    parts,
    weights: model.weights.map((w) => ({
      name: w.name,
      layer: w.layer,
      role: w.role,
      part: partOfLayer(w.layer),
      shape: w.shape,
    })),
    boundaries: cuts.map((cut) => ({ cut, shape: [batchSize, ...model.shapes[cut].outputShape] })),
    jacobianPlans: planJacobians(model, parts, batchSize),
    // The reference stays in when fd64 ran: whether tfjs's own tape is right is the first question.
    methods: options.methods.includes('reference') || fd64 ? results : results.slice(1),
    fd64,
  };
}

const judgeAgainstFd64 = (m: MethodReport, fd64: Fd64Result) => ({
  weights: m.weights.map((w, i) =>
    compareSampled(w.data, fd64.weights[i].indices, fd64.weights[i].values),
  ),
  boundaries: m.boundaries.map((b, i) =>
    compareSampled(b.data, fd64.boundaries[i].indices, fd64.boundaries[i].values),
  ),
});

const emptyReport = (method: MethodName): MethodReport => ({
  method,
  loss: NaN,
  timeMs: 0,
  weights: [],
  boundaries: [],
  weightComparisons: [],
  boundaryComparisons: [],
});

/** True when every computed vjp and jacobian tensor is allclose to the reference. */
export const splitMethodsAgree = (report: GradientReport) =>
  report.methods
    .filter((m) => (m.method === 'vjp' || m.method === 'jacobian') && !m.refused)
    .every((m) => [...m.weightComparisons, ...m.boundaryComparisons].every((c) => c.allclose));
