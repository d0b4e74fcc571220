// Training the split model as one, beside its full-tape twin. Twins start from identical weights
// and see the same batches and dropout masks: `reference` steps on the full tape's gradients, `vjp`
// on the chained per-part gradients (each part's optimizer updating its own weights, as the
// question's code does), and optionally `naive` on the asker's separate tapes. Every few steps
// each twin is scored on held-out examples.
import * as tf from '@tensorflow/tfjs';
import { compareArrays } from './compare';
import { checkCuts, partsOf, type Part } from './cuts';
import { batchAt, type Dataset } from './data/datasets';
import { classesOf } from './data/split';
import {
  DEFAULT_MISTAKES,
  evaluateModel,
  type EvaluationOptions,
  type TwinEvaluation,
} from './evaluate';
import { computeGradients } from './gradients/methods';
import { tensorsOf, type GradientResult } from './gradients/types';
import { buildModel, weightsOfLayers, type ForwardContext, type SplitModel } from './model';
import type { Batch } from './data/randomBatch';
import type { ModelSpec } from './spec';

export type TwinName = 'reference' | 'vjp' | 'naive';
export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface TrainingOptions {
  optimizer: OptimizerName;
  learningRate: number;
  batchSize: number;
  seed: number;
  /** Which twins train besides reference and vjp (which always do). */
  twins: TwinName[];
  /** Dropout active during training steps. */
  dropout: boolean;
  /** Score each twin on the dataset's held-out split every few steps (none when absent). */
  evaluation?: EvaluationOptions;
}

/** Every twin scored on the same held-out examples at the same weights' step. */
export interface Evaluation {
  /** Training steps taken when the weights were evaluated (0: the initial weights). */
  step: number;
  /** Held-out examples scored (at most the options' `examples`). */
  examples: number;
  /** A name per class index, for the confusion matrix and the mistakes. */
  classNames: string[];
  twins: Partial<Record<TwinName, TwinEvaluation>>;
  elapsedMs: number;
}

/** One training step of every twin on the same batch and dropout masks. */
export interface StepRecord {
  step: number;
  losses: Partial<Record<TwinName, number>>;
  accuracies: Partial<Record<TwinName, number>>;
  /** max |W_reference − W_vjp| over all weights after the step. */
  maxWeightDiff: number;
  /** Per weight tensor, max relative error of each twin's gradient against the reference's. */
  gradientErrors: Partial<Record<TwinName, number[]>>;
  timingsMs: Partial<Record<TwinName, number>>;
  /** Present on the steps after which the twins were scored on held-out examples. */
  evaluation?: Evaluation;
}

/** A loss that became NaN or infinite: the step, the twin, and a likely cause, in words. */
export class DivergenceError extends Error {
  constructor(
    readonly step: number,
    readonly twin: TwinName,
    learningRate: number,
  ) {
    super(
      `step ${step}: the ${twin} twin's loss is no longer a finite number — ` +
        (learningRate >= 0.5
          ? `learning rate ${learningRate} is probably too high`
          : `the gradients exploded; try a lower learning rate than ${learningRate}`) +
        '. Training stopped with the weights from before this step.',
    );
    this.name = 'DivergenceError';
  }
}

export interface Twin {
  name: TwinName;
  model: SplitModel;
  /** reference: one optimizer for the whole model; split twins: one per part. */
  optimizers: { optimizer: tf.Optimizer; variables: tf.Variable[] }[];
}

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, 0.9);
    case 'adam':
      return tf.train.adam(learningRate);
  }
}

/** dispose(), and the learning-rate scalar tfjs's MomentumOptimizer.dispose forgets. */
export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer)
    (optimizer as unknown as { c?: tf.Tensor }).c?.dispose();
}

export function checkTrainingOptions(options: TrainingOptions): void {
  if (!(options.learningRate > 0 && Number.isFinite(options.learningRate)))
    throw new Error(`learning rate must be a positive number, got ${options.learningRate}`);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${options.batchSize}`);
  if (!['sgd', 'momentum', 'adam'].includes(options.optimizer))
    throw new Error(`optimizer must be sgd, momentum or adam, got '${options.optimizer}'`);
  const evaluation = options.evaluation;
  if (evaluation) {
    if (!Number.isInteger(evaluation.every) || evaluation.every < 1)
      throw new Error(
        `evaluate every N steps: N must be a positive integer, got ${evaluation.every}`,
      );
    if (!Number.isInteger(evaluation.examples) || evaluation.examples < 1)
      throw new Error(
        `held-out examples per evaluation must be a positive integer, got ${evaluation.examples}`,
      );
    const mistakes = evaluation.mistakes ?? DEFAULT_MISTAKES;
    if (!Number.isInteger(mistakes) || mistakes < 0)
      throw new Error(`mistakes to keep must be an integer ≥ 0, got ${mistakes}`);
  }
}

/** Fraction of the batch predicted right: argmax for several outputs, threshold 0.5 for one. */
function accuracyOf(prediction: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => {
    const correct =
      prediction.shape[1] === 1
        ? tf.equal(tf.greater(prediction, 0.5), tf.greater(labels, 0.5))
        : tf.equal(tf.argMax(prediction, 1), tf.argMax(labels, 1));
    return tf.mean(correct.toFloat()).dataSync()[0];
  });
}

export class TrainingSession {
  readonly parts: Part[];
  readonly twins: Twin[];
  step = 0;

  constructor(
    spec: ModelSpec,
    cuts: number[],
    private readonly dataset: Dataset,
    readonly options: TrainingOptions,
  ) {
    checkTrainingOptions(options);
    const names: TwinName[] = [
      'reference',
      'vjp',
      ...(options.twins.includes('naive') ? ['naive' as const] : []),
    ];
    this.twins = [];
    try {
      for (const name of names) {
        // Same spec, same seed: identical initial weights.
        const model = buildModel(spec, options.seed);
        this.twins.push({ name, model, optimizers: [] });
      }
    } catch (error) {
      this.dispose();
      throw error;
    }
    const model = this.twins[0].model;
    this.parts = partsOf(model.spec.input, model.shapes, checkCuts(cuts, model.layers.length));
    for (const twin of this.twins) {
      const groups =
        twin.name === 'reference'
          ? [twin.model.weights]
          : this.parts.map((p) => weightsOfLayers(twin.model, p.firstLayer, p.lastLayer));
      twin.optimizers = groups
        .filter((g) => g.length > 0)
        .map((g) => ({
          optimizer: makeOptimizer(options.optimizer, options.learningRate),
          variables: g.map((w) => w.variable.read() as tf.Variable),
        }));
    }
  }

  twin(name: TwinName): Twin | undefined {
    return this.twins.find((t) => t.name === name);
  }

  /**
   * One step for every twin. Throws DivergenceError, applying no update, when a loss or gradient
   * is not finite: the weights stay those from before the step.
   */
  trainStep(): StepRecord {
    const step = this.step;
    const { batch, context } = this.nextBatch();
    const results = new Map<TwinName, GradientResult>();
    const record: StepRecord = {
      step,
      losses: {},
      accuracies: {},
      maxWeightDiff: 0,
      gradientErrors: {},
      timingsMs: {},
    };
    try {
      for (const twin of this.twins) {
        const start = performance.now();
        const result = computeGradients(twin.name, {
          model: twin.model,
          batch,
          parts: this.parts,
          context,
        });
        results.set(twin.name, result);
        // Reading the loss waits for the backend, so the time covers the whole computation.
        const loss = result.loss.dataSync()[0];
        const finite = tf.tidy(
          () => tf.addN(result.weightGrads.map((g) => g.abs().sum())).dataSync()[0],
        );
        if (!Number.isFinite(loss) || !Number.isFinite(finite))
          throw new DivergenceError(step, twin.name, this.options.learningRate);
        record.timingsMs[twin.name] = performance.now() - start;
        record.losses[twin.name] = loss;
        record.accuracies[twin.name] = accuracyOf(result.prediction, batch.y);
      }
      const reference = results.get('reference')!.weightGrads.map((g) => g.dataSync());
      for (const [name, result] of results) {
        if (name === 'reference') continue;
        record.gradientErrors[name] = result.weightGrads.map(
          (g, i) => compareArrays(reference[i], g.dataSync()).maxRelError,
        );
      }
      for (const twin of this.twins) {
        const start = performance.now();
        const grads = results.get(twin.name)!.weightGrads;
        let offset = 0;
        for (const { optimizer, variables } of twin.optimizers) {
          const named = Object.fromEntries(variables.map((v, i) => [v.name, grads[offset + i]]));
          optimizer.applyGradients(named);
          offset += variables.length;
        }
        record.timingsMs[twin.name]! += performance.now() - start;
      }
      record.maxWeightDiff = this.maxWeightDiff('reference', 'vjp');
      this.step++;
      const every = this.options.evaluation?.every;
      if (every && this.step % every === 0) record.evaluation = this.evaluate() ?? undefined;
      return record;
    } finally {
      for (const result of results.values()) tf.dispose(tensorsOf(result));
      tf.dispose([batch.x, batch.y]);
    }
  }

  /**
   * The batch and dropout context the next trainStep uses (the caller disposes the batch): the
   * presenter traces exactly the step training takes next.
   */
  nextBatch(): { batch: Batch; context: ForwardContext } {
    const batch = batchAt(this.dataset, this.step, this.options.batchSize, this.options.seed);
    return { batch, context: { training: this.options.dropout, step: this.step } };
  }

  /**
   * Every twin scored on the first `examples` held-out examples at its current weights, dropout
   * off; null when the dataset holds none out (the seed's noise) or evaluation is not set up.
   */
  evaluate(): Evaluation | null {
    const test = this.dataset.test;
    const options = this.options.evaluation;
    if (!test || !options) return null;
    const start = performance.now();
    const outputs = this.twins[0].model.shapes.at(-1)!.outputShape[0];
    const twins: Evaluation['twins'] = {};
    for (const twin of this.twins)
      twins[twin.name] = evaluateModel(
        twin.model,
        test,
        classesOf(outputs),
        options.examples,
        options.mistakes ?? DEFAULT_MISTAKES,
      );
    return {
      step: this.step,
      examples: Math.min(options.examples, test.size),
      classNames: this.dataset.classNames,
      twins,
      elapsedMs: performance.now() - start,
    };
  }

  /** max |W_a − W_b| over every weight of two twins. */
  maxWeightDiff(a: TwinName, b: TwinName): number {
    const twinA = this.twin(a);
    const twinB = this.twin(b);
    if (!twinA || !twinB) return NaN;
    return tf.tidy(() => {
      const diffs = twinA.model.weights.map((w, i) =>
        tf.max(tf.abs(tf.sub(w.variable.read(), twinB.model.weights[i].variable.read()))),
      );
      return tf.max(tf.stack(diffs)).dataSync()[0];
    });
  }

  dispose(): void {
    for (const twin of this.twins) {
      twin.optimizers.forEach(({ optimizer }) => disposeOptimizer(optimizer));
      twin.model.dispose();
    }
  }
}
