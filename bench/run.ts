// `npm run bench [-- --json FILE] [--backends wasm,cpu] [--browser]`: step times of the gradient
// methods in Node (wasm, cpu) and, with --browser, in headless Chromium's worker.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from '../src/core/backends/select';
import { benchCases, runBench, type BenchRow } from './measure';
import { runBrowserBench } from './browser/run';

tf.env().set('PROD', true);

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    backends: { type: 'string', default: 'wasm,cpu' },
    browser: { type: 'boolean', default: false },
  },
});

const rows: BenchRow[] = [];
for (const backend of values.backends.split(',').filter(Boolean) as BackendName[]) {
  await useBackend(backend);
  // cpu is ~10× slower than wasm on the CNN: fewer steps keep the run to minutes.
  const steps = (model: string) => (model === 'seed-toy' ? 20 : backend === 'cpu' ? 3 : 8);
  const summary = await runBench(benchCases(steps), ['reference', 'vjp', 'jacobian'], console.log);
  rows.push(...summary.rows);
}
if (values.browser) rows.push(...(await runBrowserBench(console.log)));
if (values.json) {
  const json = rows.map(
    ({ model, cuts, batch, backend, method, medianMs, minMs, maxMs, steps }) => ({
      model,
      cuts,
      batch,
      backend,
      method,
      medianMs,
      minMs,
      maxMs,
      steps,
    }),
  );
  writeFileSync(values.json, JSON.stringify(json, null, 2));
  console.log(`wrote ${values.json}`);
}
