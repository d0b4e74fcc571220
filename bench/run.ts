// `npm run bench [-- --json FILE] [--backends wasm,cpu] [--browser]`: step times of the gradient
// methods in Node (wasm, cpu) and, with --browser, in headless Chromium's worker.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from '../src/core/backends/select';
import { benchCases, runBench, type BenchRow } from './measure';
import { runBrowserBench } from './browser/run';
import { runPytorchBench } from './pytorchBench';

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
rows.push(...runPytorchBench(console.log, 8));
if (values.browser) rows.push(...(await runBrowserBench(console.log)));
// tfjs against PyTorch on the seed-cnn step (reference method: one tape, like loss.backward()).
const tfjsRows = rows.filter(
  (r) =>
    r.model === 'seed-cnn' &&
    r.method === 'reference' &&
    r.backend !== 'pytorch' &&
    r.cuts.join() === '8',
);
for (const torch of rows.filter((r) => r.backend === 'pytorch'))
  for (const r of tfjsRows)
    console.log(
      `tfjs ${r.backend} (${r.threads} thread${r.threads === 1 ? '' : 's'}) / pytorch (${torch.threads}): ` +
        `${(r.medianMs / torch.medianMs).toFixed(2)} by medians, ${(r.minMs / torch.minMs).toFixed(2)} by minimums`,
    );
if (values.json) {
  const json = rows.map(
    ({ model, cuts, batch, backend, threads, method, medianMs, minMs, maxMs, steps }) => ({
      model,
      cuts,
      batch,
      backend,
      threads,
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
