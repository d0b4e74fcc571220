// `npm run bench:mnist [-- --target 0.95] [--every 5] [--max-steps 600] [--seed 0] [--browser]`:
// how fast seed-cnn-28 learns MNIST 3 vs 8 with the chained-VJP twin beside the full-tape twin
// (bench/mnistRun.ts), on Node wasm and, with --browser, in headless Chromium's module worker
// (cross-origin isolated as the app is, digits fetched from the page's origin as the app does).
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { buildMnistFiles } from '../scripts/build-mnist';
import { useBackend } from '../src/core/backends/select';
import { readMnistDigitFile } from '../src/core/data/mnistDisk';
import { runBrowserBench } from './browser/run';
import { runMnistBench, type MnistBenchOptions } from './mnistRun';

tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: '0.95' },
    every: { type: 'string', default: '5' },
    'max-steps': { type: 'string', default: '600' },
    seed: { type: 'string', default: '0' },
    browser: { type: 'boolean', default: false },
  },
});
const options: MnistBenchOptions = {
  target: Number(values.target),
  every: Number(values.every),
  maxSteps: Number(values['max-steps']),
  seed: Number(values.seed),
};

buildMnistFiles();
await useBackend('wasm');
await runMnistBench(options, readMnistDigitFile, console.log);
if (values.browser) await runBrowserBench(console.log, { mnist: options });
