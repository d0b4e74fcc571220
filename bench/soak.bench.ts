// Soak: many training steps in Node on wasm — 10,000 of seed-toy and 500 of seed-cnn — with
// tfjs's tensor count, its bytes and the JS heap sampled along the way: all three must stay
// flat, and the step time must not drift. Run: npx tsx bench/soak.bench.ts [--toy N] [--cnn N]
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { useBackend } from '../src/core/backends/select';
import { makeDataset } from '../src/core/data/datasets';
import { PRESETS } from '../src/core/presets';
import { TrainingSession } from '../src/core/train';

tf.env().set('PROD', true);
const { values } = parseArgs({
  options: { toy: { type: 'string', default: '10000' }, cnn: { type: 'string', default: '500' } },
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function soak(name: 'seed-toy' | 'seed-cnn', steps: number) {
  const preset = PRESETS[name];
  const dataset = makeDataset('synthetic', preset.spec, 1, 64, 0);
  const session = new TrainingSession(preset.spec, preset.cuts, dataset, {
    optimizer: 'adam',
    learningRate: 0.001,
    batchSize: preset.batch,
    seed: 0,
    twins: ['naive'],
    dropout: true,
  });
  const samples = 10;
  const every = Math.max(1, Math.floor(steps / samples));
  const times: number[] = [];
  console.log(
    `${name}: ${steps} steps of three twins (reference, vjp, naive), adam, dropout on, wasm`,
  );
  console.log('   step  tensors   tfjs MiB   heap MiB   median step (ms, last window)');
  let window: number[] = [];
  for (let step = 1; step <= steps; step++) {
    const start = performance.now();
    session.trainStep();
    window.push(performance.now() - start);
    if (step % every === 0 || step === steps) {
      global.gc?.();
      const { numTensors, numBytes } = tf.memory();
      const heap = process.memoryUsage().heapUsed;
      times.push(median(window));
      console.log(
        `${String(step).padStart(7)}  ${String(numTensors).padStart(7)}  ${(numBytes / 2 ** 20).toFixed(2).padStart(9)}  ` +
          `${(heap / 2 ** 20).toFixed(1).padStart(9)}   ${median(window).toFixed(2)}`,
      );
      window = [];
    }
  }
  session.dispose();
  dataset.dispose();
  return times;
}

await useBackend('wasm');
const before = tf.memory().numTensors;
await soak('seed-toy', Number(values.toy));
await soak('seed-cnn', Number(values.cnn));
console.log(`tensors before ${before}, after everything was disposed ${tf.memory().numTensors}`);
