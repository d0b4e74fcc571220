// The messages between the page and the gradient worker: one union each way, nothing else.
// Only plain data crosses; tensors travel as { shape, data: Float32Array } with buffers transferred.
import type { CostPoint } from '../core/cost';
import type { Part } from '../core/cuts';
import type { MethodName } from '../core/gradients/types';
import type { GradientReport, TensorData } from '../core/report';
import type {
  Evaluation,
  OptimizerName,
  StepRecord,
  TrainingOptions,
  TwinName,
} from '../core/train';
import type { DatasetChoice, DatasetKind as AnyDatasetKind } from '../core/data/datasets';
import type { MnistDigits } from '../core/data/mnistFormat';
import type { EvaluationOptions, Mistake, TwinEvaluation } from '../core/evaluate';
import type { LayerShape } from '../core/spec';
import type { StepTrace } from '../core/trace';
import type { OptimizerState, TrainedState } from '../core/trainedState';

export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';
export type { TensorData, TwinName, OptimizerName, StepRecord, CostPoint, StepTrace };
export type { TrainedState, OptimizerState };
export type { DatasetChoice, MnistDigits, EvaluationOptions, Evaluation, TwinEvaluation, Mistake };

/**
 * Every kind the worker takes and the page's Data cell offers, as a `DatasetChoice`:
 * - `{ kind: 'seed-random' | 'synthetic' | 'shapes'; size }`: drawn from the seed at the model's
 *   input shape; `size` training examples (1–4096). synthetic and shapes hold out a quarter as
 *   many more (16–1024) for accuracy; seed-random holds none out.
 * - `{ kind: 'mnist'; digits: [a, b] | 'all'; size? }`: MNIST's digits (a binary task, label 0
 *   for a and 1 for b, or 10 classes); `size` caps the training images (default: all, ~800 a
 *   digit). The test split is the last 20 % of each digit's images. An image model of another
 *   size gets the digits resized (bilinear; gray repeated for 3 channels), a [784] vector model
 *   gets them flattened; any other model, or outputs that do not fit the task (1 or 2 for a
 *   pair, 10 for all), is an `error` event with `where: 'data'` naming a preset that fits
 *   (seed-cnn-28, seed-cnn-28-digits). The worker fetches `mnist/digit-<d>.bin` from the app's
 *   own origin the first time a digit is needed and keeps it for later configures.
 * - `{ kind: 'images'; classes: [a, b] }`: your own images, class a (label 0) against class b
 *   (label 1), as the worker holds them from `addImages` (stored at 64×64 RGB, resized per
 *   model, luminance for one channel). 20 % of each class is held out (at least one). Fewer than
 *   2 images in a class, a model whose input is not an image or whose outputs are not 1 or 2,
 *   is an `error` event with `where: 'data'`.
 */
export type DatasetKind = AnyDatasetKind;

/**
 * Optimizer, learning rate, batch size, seed, twins, dropout, and optionally `evaluation`:
 * `{ every, examples, mistakes? }` scores each twin on up to `examples` held-out examples (1–10000)
 * after every `every` steps (mistakes: how many misclassified examples to send, 0–32, default 8).
 * The scores arrive as `StepRecord.evaluation` in `progress` events.
 */
export type HyperParameters = TrainingOptions;

export interface SessionConfig {
  /** A model spec (validated in the worker; see core/spec.ts). */
  spec: unknown;
  cuts: number[];
  dataset: DatasetChoice;
  hyper: HyperParameters;
  backend: BackendChoice;
  /** Refuse the Jacobian method above this many bytes (default 256 MiB). */
  jacobianBudgetBytes?: number;
  /** Elements the float64 check samples per tensor (default 64). */
  fd64Samples?: number;
  /** Run tfjs's own pooling gradients, two of them wrong, to watch the float64 check catch them. */
  stockKernels?: boolean;
}

/** Class A (0) or class B (1) of your own images. */
export type ImageClass = 0 | 1;

export type Request =
  | { type: 'configure'; config: SessionConfig }
  /**
   * Your own image files for one class (File or Blob, at most 10 000 a message), decoded in
   * the worker a few at a time with `imageProgress` events between, never blocking other
   * requests: a configure or a cut is answered between batches. Files that cannot be used are
   * kept by name with the reason; an `images` event ends it. The page then reconfigures.
   */
  | { type: 'addImages'; classIndex: ImageClass; files: Blob[] }
  /** Forgets a class's images and refusals at once; a decode still running for it stops. */
  | { type: 'clearImages'; classIndex: ImageClass }
  /** Recompute the comparison for new cuts (and methods) without rebuilding the session. */
  | { type: 'computeGradients'; cuts: number[]; methods: MethodName[] }
  | { type: 'train'; steps: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'reset' }
  /** Measure the Jacobian method's memory and time against the VJP's as the model grows. */
  | { type: 'measureCost'; sizes: number[] }
  /**
   * The next training step of the split (vjp) twin, traced part by part for the presenter: its
   * current weights, the batch and dropout masks of step `step`, and its optimizers' update
   * (copies of their state: momentum's and Adam's running averages included) applied to copies
   * of the weights. Training does not advance. Answered by a `trace` event.
   */
  | { type: 'traceStep' }
  /**
   * Every twin's weights, optimizer state and the step counter, as plain data. Answered by a
   * `weights` event.
   */
  | { type: 'exportWeights' }
  /**
   * Sets a state from `exportWeights` (or a notebook file) on a fresh session of the current
   * config: every tensor's count and shape is checked against the session's model and
   * optimizers first, and one that does not fit is an `error` with `where: 'training'` naming the
   * twin, the tensor's index and name and the expected shape; the session then keeps its
   * weights. Training goes on from `state.step`: the next step is the one the exporting session
   * would have taken. Answered by `weightsImported`, a `trainingState` and a gradient report at
   * the imported weights.
   */
  | { type: 'importWeights'; state: TrainedState }
  | { type: 'dispose' };

/** The dataset as the Data cell shows it: a few examples with their labels. */
export interface DatasetPreview {
  kind: DatasetKind;
  /** Training examples. */
  size: number;
  /** Held-out examples (0 for the seed's noise). */
  testSize?: number;
  /** A name per class index: the digits, 'circle'/'square', or the class numbers. */
  classNames?: string[];
  /** Examples per class over the whole training split and the whole held-out split. */
  classCounts: { train: number[]; test: number[] };
  inputShape: number[];
  /** Up to 16 examples, each [h, w, c] (or [n]) scaled to [0, 1]. */
  examples: TensorData[];
  labels: number[][];
  description: string;
}

export interface ModelSummary {
  name: string;
  input: number[];
  loss: string;
  shapes: LayerShape[];
  parts: Part[];
  paramCount: number;
}

/** The core's comparison report, plus the worker's wall time for it and fd64's estimate. */
export type GradientsReport = GradientReport & {
  elapsedMs: number;
  /** What the float64 check costs here, and whether this report ran it. */
  fd64Estimate?: { seconds: number; samplesPerTensor: number };
};

/**
 * Where a gradient report's time went in the worker, as times on the clock the page shares
 * (`performance.timeOrigin + performance.now()`, ms since the epoch): the page can tell a request
 * that waited for the worker from one the worker was slow to answer. Costs a few clock reads.
 */
export interface ReportTimings {
  /** The computeGradients (or configure) message was taken off the worker's queue. */
  receivedAt: number;
  /**
   * When the request came in while an older comparison ran in slices: the slice that ran last
   * before the message got in (it waited at most this slice, plus its pause).
   */
  lastSlice?: { startedAt: number; endedAt: number };
  /** Its turn came: whatever ran before it (an abandoned comparison) had finished. */
  startedAt: number;
  /** Cuts checked, and for new cuts the training session built afresh. */
  preparedAt: number;
  /** Every method done (each one's own time is its `timeMs`). */
  computedAt: number;
  /** Handed to postMessage, its arrays in buffers of their own. */
  sentAt: number;
}

/** A file of yours that was not kept, by name, with the reason in words. */
export interface ImageRejection {
  name: string;
  reason: string;
}

/** What the worker holds of your images: per class the count kept and the files refused. */
export interface ImagesState {
  counts: [number, number];
  rejected: [ImageRejection[], ImageRejection[]];
  /** Changes with every addition or clearing. */
  revision: number;
}

export type TrainingState = 'idle' | 'running' | 'paused' | 'stopped';

export type ErrorPlace =
  'spec' | 'cuts' | 'data' | 'gradients' | 'training' | 'backend' | 'protocol';

export type WorkerEvent =
  | { type: 'ready'; backend: string; note?: string }
  | { type: 'configured'; model: ModelSummary; dataset: DatasetPreview }
  | { type: 'gradients'; report: GradientsReport; timings?: ReportTimings }
  /**
   * Throttled: every step since the last event, so a chart misses none. With
   * `hyper.evaluation`, the records of every `every`-th step carry `evaluation`: per twin the
   * held-out accuracy, the confusion matrix (`confusion[label][predicted]`, `classNames` name the
   * classes) and up to `mistakes` misclassified examples, each with its pixels and outputs.
   */
  | { type: 'progress'; records: StepRecord[]; stepsPerSecond: number; state: TrainingState }
  | { type: 'trainingState'; state: TrainingState; step: number; reason?: string }
  | { type: 'cost'; points: CostPoint[] }
  /** The answer to traceStep; `step` is the training steps the traced weights have taken. */
  | { type: 'trace'; trace: StepTrace; step: number }
  /** The answer to exportWeights: the session's trained state at `state.step`. */
  | { type: 'weights'; state: TrainedState }
  /** importWeights took: the session now holds those weights and continues from `step`. */
  | { type: 'weightsImported'; step: number }
  /** Files of an `addImages` looked at so far (decoded, refused or skipped) out of `total`. */
  | { type: 'imageProgress'; classIndex: ImageClass; done: number; total: number }
  /** The images held after an `addImages` or `clearImages`. */
  | { type: 'images'; images: ImagesState }
  | {
      type: 'error';
      message: string;
      where: ErrorPlace;
      recoverable: boolean;
      /** The request this error answers, when it answers one (the page tracks what is pending). */
      answers?: Request['type'];
    };
