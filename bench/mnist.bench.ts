// How fast the split model learns real data: seed-cnn-28 on MNIST 3 vs 8 on Node wasm, the
// chained-VJP twin beside the full-tape twin in one TrainingSession (same batches, same dropout
// masks), each scored on the whole held-out split every few steps. Prints, per twin, the steps
// and its own training seconds (its gradient computation and update, from the session's
// per-twin timings) to the first evaluation at or above the target accuracy.
// Run: npx tsx bench/mnist.bench.ts [--target 0.95] [--every 5] [--max-steps 600] [--seed 0]
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { buildMnistFiles } from '../scripts/build-mnist';
import { useBackend } from '../src/core/backends/select';
import { loadDataset } from '../src/core/data/datasets';
import { readMnistDigitFile } from '../src/core/data/mnistDisk';
import { PRESETS } from '../src/core/presets';
import { TrainingSession, type TwinName } from '../src/core/train';

tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: '0.95' },
    every: { type: 'string', default: '5' },
    'max-steps': { type: 'string', default: '600' },
    seed: { type: 'string', default: '0' },
  },
});
const target = Number(values.target);
const every = Number(values.every);
const maxSteps = Number(values['max-steps']);
const seed = Number(values.seed);

buildMnistFiles();
await useBackend('wasm');
const preset = PRESETS['seed-cnn-28'];
const dataset = await loadDataset(
  { kind: 'mnist', digits: [3, 8] },
  preset.spec,
  1,
  seed,
  readMnistDigitFile,
);
const options = {
  optimizer: 'adam' as const,
  learningRate: 0.001,
  batchSize: preset.batch,
  seed,
  twins: [],
  dropout: true,
  evaluation: { every, examples: dataset.test!.size },
};
const session = new TrainingSession(preset.spec, preset.cuts, dataset, options);
const twins: TwinName[] = ['reference', 'vjp'];
const trainedMs: Record<string, number> = { reference: 0, vjp: 0 };
const reached: Partial<Record<TwinName, { step: number; seconds: number; accuracy: number }>> = {};
let evaluationMs = 0;
const started = performance.now();
console.log(
  `seed-cnn-28, cuts [${preset.cuts.join(', ')}], MNIST 3 vs 8 (${dataset.size} training, ${dataset.test!.size} held out), ` +
    `adam lr ${options.learningRate}, batch ${options.batchSize}, dropout on, seed ${seed}, ${tf.getBackend()}; ` +
    `target ${(100 * target).toFixed(0)} % held-out accuracy, evaluated every ${every} steps`,
);
while (session.step < maxSteps && twins.some((t) => !reached[t])) {
  const record = session.trainStep();
  for (const twin of twins) trainedMs[twin] += record.timingsMs[twin]!;
  const evaluation = record.evaluation;
  if (!evaluation) continue;
  evaluationMs += evaluation.elapsedMs;
  const line = twins.map((t) => `${t} ${(100 * evaluation.twins[t]!.accuracy).toFixed(1)} %`);
  console.log(`step ${String(evaluation.step).padStart(4)}  ${line.join('  ')}`);
  for (const twin of twins) {
    const accuracy = evaluation.twins[twin]!.accuracy;
    if (!reached[twin] && accuracy >= target)
      reached[twin] = { step: evaluation.step, seconds: trainedMs[twin] / 1000, accuracy };
  }
}
const wall = (performance.now() - started) / 1000;
console.log('\ntwin        steps to target   training seconds   ms/step   accuracy there');
for (const twin of twins) {
  const r = reached[twin];
  const perStep = (trainedMs[twin] / session.step).toFixed(1);
  console.log(
    r
      ? `${twin.padEnd(11)} ${String(r.step).padStart(15)}   ${r.seconds.toFixed(1).padStart(16)}   ${perStep.padStart(7)}   ${(100 * r.accuracy).toFixed(1)} %`
      : `${twin.padEnd(11)} not reached in ${maxSteps} steps (${perStep} ms/step)`,
  );
}
console.log(
  `wall ${wall.toFixed(1)} s for ${session.step} steps of both twins; evaluations ${(evaluationMs / 1000).toFixed(1)} s of it; ` +
    `max |W vjp − W reference| ${session.maxWeightDiff('reference', 'vjp').toExponential(1)}`,
);
session.dispose();
dataset.dispose();
