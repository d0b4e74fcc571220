// How much memory a model needs for one step at a batch size, from shapes alone, before anything
// is built: a model too big for the tab is refused in words instead of hanging the page. Pure
// TypeScript (no tfjs), so the page could show it too.
import { formatBytes } from './format';
import { product, type LayerShape, type ModelSpec } from './spec';

const BYTES_PER_FLOAT = 4;

/**
 * What the notebook lets one session use. A tab's tensors live in a 32-bit wasm heap (at most
 * 2–4 GiB, grown by copying, so half of it at best) or in WebGL textures the browser caps and
 * evicts, and the page, its charts and the report need room beside them: 1 GiB is what a
 * laptop's tab holds without the browser killing it.
 */
export const MEMORY_BUDGET_BYTES = 2 ** 30;

/** Extra tensors the optimizer keeps per weight. */
export const OPTIMIZER_SLOTS = { sgd: 0, momentum: 1, adam: 2 } as const;
export type OptimizerSlots = keyof typeof OPTIMIZER_SLOTS;

export interface MemoryOptions {
  batch: number;
  /** Copies of the model alive at once: the training twins (2 or 3), or 1 for a check. */
  models: number;
  /** The optimizer each copy keeps state for; null when nothing is trained. */
  optimizer: OptimizerSlots | null;
  /** Examples held in memory: the dataset, or just the batch. */
  examples: number;
}

/** Bytes per component; `total` is their sum. */
export interface MemoryEstimate {
  batch: number;
  /** Activations the tapes keep for one step (one method at a time), with the batch itself. */
  activations: number;
  /**
   * The backward pass holds dL/d(every activation) until it ends, beside the gradient kernels'
   * own intermediates: about twice the kept activations (measured on tfjs's cpu backend).
   */
  activationGradients: number;
  weights: number;
  optimizer: number;
  /** Every copy's weight gradients, held together until the updates. */
  weightGradients: number;
  dataset: number;
  total: number;
}

/**
 * Floats per example the tape keeps alive after a layer's forward pass (tfjs's gradients save
 * their inputs or outputs): a conv or dense layer keeps its product (saved by the bias add), the
 * biased sum and its activation's output; flatten is a reshape of the same buffer; dropout in
 * training keeps its mask beside its output; the rest keep their output.
 */
function keptFloats(layer: LayerShape, spec: ModelSpec['layers'][number], training: boolean) {
  const out = product(layer.outputShape);
  switch (spec.type) {
    case 'conv2d':
    case 'dense':
      return (
        out *
        (1 +
          ((spec.useBias ?? true) ? 1 : 0) +
          ((spec.activation ?? 'linear') === 'linear' ? 0 : 1))
      );
    case 'flatten':
      return 0;
    case 'dropout':
      return training && spec.rate > 0 ? 2 * out : 0;
    case 'activation':
    case 'maxPooling2d':
    case 'averagePooling2d':
    case 'globalAveragePooling2d':
      return out;
  }
}

/** The memory one training step (or check) of `spec` needs, from its layer shapes. */
export function estimateMemory(
  spec: ModelSpec,
  shapes: readonly LayerShape[],
  options: MemoryOptions,
  training = true,
): MemoryEstimate {
  const { batch, models, optimizer, examples } = options;
  const params = shapes.reduce((n, s) => n + s.paramCount, 0);
  const outputs = product(shapes[shapes.length - 1].outputShape);
  const kept = shapes.reduce((n, s, i) => n + keptFloats(s, spec.layers[i], training), 0);
  const bytes = (floats: number) => BYTES_PER_FLOAT * floats;
  const estimate = {
    batch,
    activations: bytes(batch * (product(spec.input) + kept)),
    activationGradients: bytes(2 * batch * kept),
    weights: bytes(params * models),
    optimizer: bytes(params * models * (optimizer ? OPTIMIZER_SLOTS[optimizer] : 0)),
    weightGradients: bytes(params * models),
    dataset: bytes(examples * (product(spec.input) + outputs)),
  };
  const total =
    estimate.activations +
    estimate.activationGradients +
    estimate.weights +
    estimate.optimizer +
    estimate.weightGradients +
    estimate.dataset;
  return { ...estimate, total };
}

/** A model refused for the memory it would need, with the estimate in words. */
export class MemoryBudgetError extends Error {
  constructor(
    readonly estimate: MemoryEstimate,
    readonly budgetBytes: number,
    activity: string,
  ) {
    super(describeOverBudget(estimate, budgetBytes, activity));
    this.name = 'MemoryBudgetError';
  }
}

function describeOverBudget(estimate: MemoryEstimate, budgetBytes: number, activity: string) {
  const parts = (
    [
      ['activations', estimate.activations],
      ['their gradients', estimate.activationGradients],
      ['dataset', estimate.dataset],
      ['weights', estimate.weights],
      ['optimizer state', estimate.optimizer],
      ['weight gradients', estimate.weightGradients],
    ] as const
  )
    .filter(([, bytes]) => bytes > 0)
    .map(([name, bytes]) => `${name} ${formatBytes(bytes)}`);
  const advice =
    estimate.dataset > estimate.activations + estimate.activationGradients
      ? 'use a smaller dataset or input'
      : 'use a smaller input, a smaller batch or fewer filters and units';
  return (
    `this model needs about ${formatBytes(estimate.total)} for ${activity} at batch ${estimate.batch} ` +
    `(${parts.join(', ')}); the notebook's limit is ${formatBytes(budgetBytes)}: ${advice}`
  );
}

/** The refusal in words when the estimate is above the budget, else null. */
export function memoryProblem(
  estimate: MemoryEstimate,
  activity: string,
  budgetBytes = MEMORY_BUDGET_BYTES,
): string | null {
  return estimate.total > budgetBytes ? describeOverBudget(estimate, budgetBytes, activity) : null;
}

/** Throws MemoryBudgetError when the estimate is above the budget. */
export function assertFitsMemory(
  estimate: MemoryEstimate,
  activity: string,
  budgetBytes = MEMORY_BUDGET_BYTES,
): void {
  if (estimate.total > budgetBytes) throw new MemoryBudgetError(estimate, budgetBytes, activity);
}
