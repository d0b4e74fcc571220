// `splittape train`: trains the split model beside its full-tape twin (and the naive one if
// asked) with the worker's own TrainingSession, printing loss and held-out accuracy per twin
// every few steps. Exit codes: 0 when the run finished, 1 when a loss stopped being a number,
// 2 on bad input (one line).
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { UsageError, integer, parseCuts, readTarget, runCommand } from './args';
import { useBackend, type BackendName } from '../core/backends/select';
import {
  DATASET_KINDS,
  DataError,
  datasetExamples,
  datasetFitProblem,
  loadDataset,
  type DatasetChoice,
} from '../core/data/datasets';
import { MNIST_SHAPE, parseMnistDigits } from '../core/data/mnistFormat';
import { readMnistDigitFile } from '../core/data/mnistDisk';
import { assertFitsMemory, estimateMemory } from '../core/memoryEstimate';
import { PRESETS } from '../core/presets';
import { SpecError, checkSpec, type LayerShape, type ModelSpec } from '../core/spec';
import {
  DivergenceError,
  TrainingSession,
  type OptimizerName,
  type StepRecord,
  type TwinName,
} from '../core/train';

export const TRAIN_USAGE = `usage: npm run splittape -- train <preset | path/to/spec.json> [options]
  --dataset D         seed-random | synthetic | shapes | mnist:3,8 | mnist:all (default: mnist:3,8
                      or mnist:all for a 28×28×1 model with 1 or 10 outputs, else synthetic)
  --size N            training examples (default: all of MNIST's chosen digits, else 512)
  --steps N           training steps (default 100)
  --batch N           batch size (default: the preset's, 32 for a spec file)
  --optimizer O       sgd | momentum | adam (default adam)
  --lr X              learning rate (default 0.001 for adam, 0.01 otherwise)
  --cuts 0,1          cut after these layers (default: the preset's cuts, none for a spec file)
  --eval-every N      score each twin on held-out examples every N steps, and print (default 10)
  --eval-examples N   held-out examples per evaluation (default 512)
  --seed N            seed for the weights, the batch order and the dropout masks (default 0)
  --no-dropout        train with dropout off (on by default, the same masks for every twin)
  --naive             train the asker's separate-tapes twin too
  --backend cpu|wasm  tfjs backend (default wasm, the fastest here)
  --json out.json     write { model, cuts, dataset, steps, twins: { <twin>: { step, loss,
                      testAccuracy, evalStep } } } (accuracy as a fraction at each evaluation)
Exit code: 0 when the run finished, 1 when a loss stopped being a finite number, 2 on bad input.`;

interface TwinSeries {
  /** Steps taken before each loss (the loss of the weights after that many updates). */
  step: number[];
  loss: number[];
  /** Held-out accuracy (a fraction) at each evaluation, after evalStep[i] updates. */
  testAccuracy: number[];
  evalStep: number[];
}

export interface TrainDump {
  model: string;
  cuts: number[];
  dataset: string;
  steps: number;
  optimizer: OptimizerName;
  learningRate: number;
  batch: number;
  seed: number;
  backend: BackendName;
  twins: Partial<Record<TwinName, TwinSeries>>;
  /** Why the run stopped early, when it did. */
  stopped?: string;
}

/** An integer option, or its default when absent. */
const integerOr = (name: string, text: string | undefined, min: number, fallback: number) =>
  text === undefined ? fallback : integer(name, text, min);

/** A preset by name or a spec file, with the preset's cuts and batch when there is one. */
function loadModel(target: string): {
  spec: ModelSpec;
  shapes: LayerShape[];
  cuts: number[];
  batch: number;
} {
  const preset = PRESETS[target];
  const raw = readTarget(target);
  const check = checkSpec(raw);
  if (!check.ok) throw new SpecError(check.problems);
  return {
    spec: check.spec,
    shapes: check.shapes,
    cuts: preset?.cuts ?? [],
    batch: preset?.batch ?? 32,
  };
}

/** `--dataset` in words to a choice; without it, MNIST for a 28×28×1 model, else synthetic. */
function parseDataset(
  text: string | undefined,
  spec: ModelSpec,
  outputs: number,
  size?: number,
): DatasetChoice {
  if (text === undefined) {
    const isDigits = spec.input.join() === MNIST_SHAPE.join() && (outputs === 1 || outputs === 10);
    if (isDigits) return { kind: 'mnist', digits: outputs === 1 ? [3, 8] : 'all', size };
    return { kind: 'synthetic', size: size ?? 512 };
  }
  const [kind, digits] = text.split(':');
  if (kind === 'mnist') {
    try {
      return { kind, digits: parseMnistDigits(digits ?? '3,8'), size };
    } catch (error) {
      throw new UsageError(`--dataset: ${(error as Error).message}`);
    }
  }
  if ((kind === 'seed-random' || kind === 'synthetic' || kind === 'shapes') && digits === undefined)
    return { kind, size: size ?? 512 };
  throw new UsageError(
    `--dataset must be one of ${DATASET_KINDS.filter((k) => k !== 'mnist' && k !== 'images').join(', ')}, mnist:3,8 or mnist:all, got '${text}'`,
  );
}

const datasetName = (choice: DatasetChoice) =>
  choice.kind === 'mnist'
    ? `mnist:${choice.digits === 'all' ? 'all' : choice.digits.join(',')}`
    : choice.kind;

const percentText = (x: number) => `${(100 * x).toFixed(1)} %`;
const percent = (x: number | undefined) =>
  x === undefined ? '   —  ' : `${(100 * x).toFixed(1).padStart(5)} %`;

function line(
  record: StepRecord,
  twins: TwinName[],
  stepsPerSecond: number,
  accuracy: Partial<Record<TwinName, number>>,
): string {
  const losses = twins.map((t) => `${t} ${record.losses[t]!.toFixed(6)}`).join('  ');
  const accuracies = twins.map((t) => `${t} ${percent(accuracy[t])}`).join('  ');
  return `step ${String(record.step + 1).padStart(5)}  loss ${losses}  test accuracy ${accuracies}  ${stepsPerSecond.toFixed(1)} steps/s`;
}

/** Runs `train` with its arguments (after the word `train`); returns the exit code. */
export const runTrain = (argv: string[]): Promise<number> => runCommand(() => train(argv));

async function train(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dataset: { type: 'string' },
      size: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      optimizer: { type: 'string' },
      lr: { type: 'string' },
      cuts: { type: 'string' },
      'eval-every': { type: 'string' },
      'eval-examples': { type: 'string' },
      seed: { type: 'string' },
      'no-dropout': { type: 'boolean' },
      naive: { type: 'boolean' },
      backend: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(TRAIN_USAGE);
    return 0;
  }
  const [target, ...extra] = positionals;
  if (!target || extra.length > 0)
    throw new UsageError(`expected 'train <preset | spec.json>' and options (--help lists them)`);
  const backend = (values.backend ?? 'wasm') as BackendName;
  if (backend !== 'cpu' && backend !== 'wasm')
    throw new UsageError(`--backend must be cpu or wasm, got '${backend}'`);
  const optimizer = (values.optimizer ?? 'adam') as OptimizerName;
  if (!['sgd', 'momentum', 'adam'].includes(optimizer))
    throw new UsageError(`--optimizer must be sgd, momentum or adam, got '${optimizer}'`);
  const learningRate =
    values.lr === undefined ? (optimizer === 'adam' ? 0.001 : 0.01) : Number(values.lr);
  if (!(learningRate > 0) || !Number.isFinite(learningRate))
    throw new UsageError(`--lr must be a positive number, got '${values.lr}'`);
  const steps = integerOr('steps', values.steps, 1, 100);
  const evalEvery = integerOr('eval-every', values['eval-every'], 1, 10);
  const evalExamples = integerOr('eval-examples', values['eval-examples'], 1, 512);
  const seed = integerOr('seed', values.seed, 0, 0);
  const size = values.size === undefined ? undefined : integerOr('size', values.size, 1, 0);
  const model = loadModel(target);
  const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
  const batch = integerOr('batch', values.batch, 1, model.batch);
  const cuts = values.cuts === undefined ? model.cuts : parseCuts(values.cuts);
  const choice = parseDataset(values.dataset, model.spec, outputs, size);
  const misfit = datasetFitProblem(choice, model.spec, outputs);
  if (misfit) throw new DataError(misfit);
  const twins: TwinName[] = ['reference', 'vjp', ...(values.naive ? ['naive' as const] : [])];
  const memory = estimateMemory(model.spec, model.shapes, {
    batch,
    models: twins.length,
    optimizer,
    examples: datasetExamples(choice),
  });
  assertFitsMemory(memory, 'training');

  tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner, nothing else
  await useBackend(backend);
  const dataset = await loadDataset(choice, model.spec, outputs, seed, readMnistDigitFile);
  const dump: TrainDump = {
    model: model.spec.name,
    cuts,
    dataset: datasetName(choice),
    steps: 0,
    optimizer,
    learningRate,
    batch,
    seed,
    backend,
    twins: Object.fromEntries(
      twins.map((t) => [t, { step: [], loss: [], testAccuracy: [], evalStep: [] }]),
    ),
  };
  let session: TrainingSession | null = null;
  try {
    session = new TrainingSession(model.spec, cuts, dataset, {
      optimizer,
      learningRate,
      batchSize: batch,
      seed,
      twins,
      dropout: !values['no-dropout'],
      evaluation: { every: evalEvery, examples: evalExamples },
    });
    console.log(
      `train ${model.spec.name}, cuts [${cuts.join(', ')}] (${session.parts.length} part${session.parts.length === 1 ? '' : 's'}), ${dataset.description}; ` +
        `${optimizer} lr ${learningRate}, batch ${batch}, seed ${seed}, ${backend}`,
    );
    const started = performance.now();
    let since = started;
    let sinceStep = 0;
    let last: StepRecord | null = null;
    let accuracy: Partial<Record<TwinName, number>> = {};
    let maxLossGap = 0;
    const record = (evaluation: StepRecord['evaluation']) => {
      if (!evaluation) return;
      for (const twin of twins) {
        accuracy[twin] = evaluation.twins[twin]!.accuracy;
        dump.twins[twin]!.testAccuracy.push(evaluation.twins[twin]!.accuracy);
        dump.twins[twin]!.evalStep.push(evaluation.step);
      }
    };
    try {
      for (let i = 0; i < steps; i++) {
        last = session.trainStep();
        dump.steps = session.step;
        for (const twin of twins) {
          dump.twins[twin]!.step.push(last.step);
          dump.twins[twin]!.loss.push(last.losses[twin]!);
        }
        maxLossGap = Math.max(maxLossGap, Math.abs(last.losses.vjp! - last.losses.reference!));
        if (!last.evaluation && i === steps - 1) last.evaluation = session.evaluate() ?? undefined;
        record(last.evaluation);
        if (last.evaluation || i === steps - 1) {
          const now = performance.now();
          console.log(
            line(last, twins, ((session.step - sinceStep) * 1000) / (now - since), accuracy),
          );
          since = now;
          sinceStep = session.step;
          accuracy = {};
        }
      }
    } catch (error) {
      if (!(error instanceof DivergenceError)) throw error;
      dump.stopped = error.message;
      console.error(`splittape: ${error.message}`);
      if (values.json) writeFileSync(values.json, JSON.stringify(dump));
      return 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const final = twins
      .map((t) => `${t} ${percentText(dump.twins[t]!.testAccuracy.at(-1)!)}`)
      .join(', ');
    console.log(
      `done: ${steps} steps in ${seconds.toFixed(1)} s (${(steps / seconds).toFixed(1)} steps/s); ` +
        `test accuracy ${dataset.test ? final : "n/a (the seed's noise holds nothing out)"}; ` +
        `max |loss vjp − loss reference| ${maxLossGap.toExponential(1)}, max |W vjp − W reference| ${last!.maxWeightDiff.toExponential(1)}`,
    );
    if (values.json) {
      writeFileSync(values.json, JSON.stringify(dump));
      console.log(`wrote ${values.json}`);
    }
    return 0;
  } finally {
    session?.dispose();
    dataset.dispose();
  }
}
