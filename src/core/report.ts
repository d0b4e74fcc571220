// One comparison run: every requested method on the same weights, batch and dropout masks,
// each compared with the reference, as plain data (no tensors) for the CLI, worker and UI.
import * as tf from '@tensorflow/tfjs';
import { compareArrays, type Comparison } from './compare';
import { checkCuts, partsOf, type Part } from './cuts';
import type { Batch } from './data/randomBatch';
import { JacobianBudgetError, planJacobians, type JacobianPlan } from './gradients/jacobian';
import { computeGradients, type MethodOptions } from './gradients/methods';
import { disposeAll } from './gradients/partForward';
import { tensorsOf, type GradientResult, type MethodName } from './gradients/types';
import type { ForwardContext, SplitModel } from './model';

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
  parts: Part[];
  weights: WeightDescription[];
  /** The activation crossing each cut, per batch. */
  boundaries: { cut: number; shape: number[] }[];
  jacobianPlans: JacobianPlan[];
  methods: MethodReport[];
}

export interface ReportOptions extends MethodOptions {
  methods: MethodName[];
  context: ForwardContext;
}

/** Runs `methods` (the reference always runs first, as the yardstick) and compares them. */
export function compareMethods(
  model: SplitModel,
  batch: Batch,
  rawCuts: unknown,
  options: ReportOptions,
): GradientReport {
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
      result = computeGradients(method, input, options);
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
  }
  const batchSize = batch.x.shape[0];
  return {
    model: model.spec.name,
    cuts,
    batch: batchSize,
    context: options.context,
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
    methods: options.methods.includes('reference') ? results : results.slice(1),
  };
}

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
