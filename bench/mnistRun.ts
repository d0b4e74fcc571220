// How fast the split model learns real data, wherever tfjs runs: seed-cnn-28 on MNIST 3 vs 8,
// the chained-VJP twin beside the full-tape twin in one TrainingSession (same batches, same
// dropout masks), each scored on the whole held-out split every few steps. Reports, per twin,
// the steps and its own training seconds (its gradient computation and update, from the
// session's per-twin timings) to the first evaluation at or above the target accuracy.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { loadDataset, type DigitReader } from '../src/core/data/datasets';
import { PRESETS } from '../src/core/presets';
import { TrainingSession } from '../src/core/train';

export interface MnistBenchOptions {
  target: number;
  every: number;
  maxSteps: number;
  seed: number;
}

type Twin = 'reference' | 'vjp';
/** Where a twin first reached the target: step, its own training seconds, the accuracy there. */
type Reached = { step: number; seconds: number; accuracy: number } | null;

export interface MnistBenchResult {
  backend: string;
  threads: number;
  steps: number;
  wallSeconds: number;
  /** Per twin: where it first reached the target (null if it did not), and its ms a step. */
  twins: Record<Twin, { reached: Reached; msPerStep: number }>;
  maxWeightDiff: number;
}

export async function runMnistBench(
  options: MnistBenchOptions,
  reader: DigitReader,
  log: (line: string) => void,
): Promise<MnistBenchResult> {
  const { target, every, maxSteps, seed } = options;
  const preset = PRESETS['seed-cnn-28'];
  const dataset = await loadDataset(
    { kind: 'mnist', digits: [3, 8] },
    preset.spec,
    1,
    seed,
    reader,
  );
  const hyper = {
    optimizer: 'adam' as const,
    learningRate: 0.001,
    batchSize: preset.batch,
    seed,
    twins: [],
    dropout: true,
    evaluation: { every, examples: dataset.test!.size },
  };
  const session = new TrainingSession(preset.spec, preset.cuts, dataset, hyper);
  const twins: Twin[] = ['reference', 'vjp'];
  const trainedMs: Record<Twin, number> = { reference: 0, vjp: 0 };
  const reached: Record<Twin, Reached> = { reference: null, vjp: null };
  const backend = tf.getBackend();
  const threads = backend === 'wasm' ? getThreadsCount() : 1;
  const started = performance.now();
  log(
    `seed-cnn-28, cuts [${preset.cuts.join(', ')}], MNIST 3 vs 8 (${dataset.size} training, ${dataset.test!.size} held out), ` +
      `adam lr ${hyper.learningRate}, batch ${hyper.batchSize}, dropout on, seed ${seed}, ${backend} (${threads} thread${threads === 1 ? '' : 's'}); ` +
      `target ${(100 * target).toFixed(0)} % held-out accuracy, evaluated every ${every} steps`,
  );
  try {
    while (session.step < maxSteps && twins.some((t) => reached[t] === null)) {
      const record = session.trainStep();
      for (const twin of twins) trainedMs[twin] += record.timingsMs[twin]!;
      const evaluation = record.evaluation;
      if (!evaluation) continue;
      const line = twins.map((t) => `${t} ${(100 * evaluation.twins[t]!.accuracy).toFixed(1)} %`);
      log(`step ${String(evaluation.step).padStart(4)}  ${line.join('  ')}`);
      for (const twin of twins) {
        const accuracy = evaluation.twins[twin]!.accuracy;
        if (!reached[twin] && accuracy >= target)
          reached[twin] = { step: evaluation.step, seconds: trainedMs[twin] / 1000, accuracy };
      }
    }
    const result: MnistBenchResult = {
      backend,
      threads,
      steps: session.step,
      wallSeconds: (performance.now() - started) / 1000,
      twins: {
        reference: { reached: reached.reference, msPerStep: trainedMs.reference / session.step },
        vjp: { reached: reached.vjp, msPerStep: trainedMs.vjp / session.step },
      },
      maxWeightDiff: session.maxWeightDiff('reference', 'vjp'),
    };
    logMnistResult(result, target, maxSteps, log);
    return result;
  } finally {
    session.dispose();
    dataset.dispose();
  }
}

/** The summary table of one run. */
export function logMnistResult(
  result: MnistBenchResult,
  target: number,
  maxSteps: number,
  log: (line: string) => void,
): void {
  log(`\n${result.backend} (${result.threads} thread${result.threads === 1 ? '' : 's'})`);
  log('twin        steps to target   training seconds   ms/step   accuracy there');
  for (const twin of ['reference', 'vjp'] as Twin[]) {
    const { reached, msPerStep } = result.twins[twin];
    const perStep = msPerStep.toFixed(1);
    log(
      reached
        ? `${twin.padEnd(11)} ${String(reached.step).padStart(15)}   ${reached.seconds.toFixed(1).padStart(16)}   ${perStep.padStart(7)}   ${(100 * reached.accuracy).toFixed(1)} %`
        : `${twin.padEnd(11)} not reached in ${maxSteps} steps (${perStep} ms/step)`,
    );
  }
  log(
    `wall ${result.wallSeconds.toFixed(1)} s for ${result.steps} steps of both twins; ` +
      `max |W vjp − W reference| ${result.maxWeightDiff.toExponential(1)}; target ${(100 * target).toFixed(0)} %`,
  );
}
