// The messages between the page and the gradient worker: one union each way, nothing else.
// Only plain data crosses; tensors travel as { shape, data: Float32Array } with buffers transferred.
import type { CostPoint } from '../core/cost';
import type { Part } from '../core/cuts';
import type { MethodName } from '../core/gradients/types';
import type { GradientReport, TensorData } from '../core/report';
import type { OptimizerName, StepRecord, TrainingOptions, TwinName } from '../core/train';
import type { DatasetKind } from '../core/data/datasets';
import type { LayerShape } from '../core/spec';

export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';
export type { TensorData, TwinName, OptimizerName, StepRecord, DatasetKind, CostPoint };

/** Optimizer, learning rate, batch size, seed, twins, dropout. */
export type HyperParameters = TrainingOptions;

export interface SessionConfig {
  /** A model spec (validated in the worker; see core/spec.ts). */
  spec: unknown;
  cuts: number[];
  dataset: { kind: DatasetKind; size: number };
  hyper: HyperParameters;
  backend: BackendChoice;
  /** Refuse the Jacobian method above this many bytes (default 256 MiB). */
  jacobianBudgetBytes?: number;
  /** Elements the float64 check samples per tensor (default 64). */
  fd64Samples?: number;
  /** Run tfjs's own pooling gradients, two of them wrong, to watch the float64 check catch them. */
  stockKernels?: boolean;
}

export type Request =
  | { type: 'configure'; config: SessionConfig }
  /** Recompute the comparison for new cuts (and methods) without rebuilding the session. */
  | { type: 'computeGradients'; cuts: number[]; methods: MethodName[] }
  | { type: 'train'; steps: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'step' }
  | { type: 'reset' }
  /** Measure the Jacobian method's memory and time against the VJP's as the model grows. */
  | { type: 'measureCost'; sizes: number[] }
  | { type: 'dispose' };

/** The dataset as the Data cell shows it: a few examples with their labels. */
export interface DatasetPreview {
  kind: DatasetKind;
  size: number;
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

export type TrainingState = 'idle' | 'running' | 'paused' | 'stopped';

export type ErrorPlace =
  'spec' | 'cuts' | 'data' | 'gradients' | 'training' | 'backend' | 'protocol';

export type WorkerEvent =
  | { type: 'ready'; backend: string; note?: string }
  | { type: 'configured'; model: ModelSummary; dataset: DatasetPreview }
  | { type: 'gradients'; report: GradientsReport }
  /** Throttled: every step since the last event, so a chart misses none. */
  | { type: 'progress'; records: StepRecord[]; stepsPerSecond: number; state: TrainingState }
  | { type: 'trainingState'; state: TrainingState; step: number; reason?: string }
  | { type: 'cost'; points: CostPoint[] }
  | { type: 'error'; message: string; where: ErrorPlace; recoverable: boolean };
