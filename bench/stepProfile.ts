// `npx tsx bench/stepProfile.ts [--backend wasm|cpu] [--method vjp|reference] [--steps N]`:
// where a seed-cnn gradient step (64×64×3, batch 32, cut after layer 8) spends its time, kernel
// by kernel, from tfjs's own profile. Each kernel call is keyed by its name, its place in the
// step's kernel sequence and its input shapes; the table gives its median over the steps.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { useBackend, type BackendName } from '../src/core/backends/select';
import { checkCuts, partsOf } from '../src/core/cuts';
import { randomBatch } from '../src/core/data/randomBatch';
import { computeGradients } from '../src/core/gradients/methods';
import { tensorsOf, type MethodName } from '../src/core/gradients/types';
import { buildModel } from '../src/core/model';
import { seedCnnSpec } from '../src/core/presets';
import { median } from './convKernelTiming';

tf.env().set('PROD', true);

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    method: { type: 'string', default: 'vjp' },
    steps: { type: 'string', default: '6' },
    top: { type: 'string', default: '20' },
  },
});

await useBackend(values.backend as BackendName);
const model = buildModel(seedCnnSpec(64), 0);
const batch = randomBatch(model.spec, 1, 32, 0);
const parts = partsOf(model.spec.input, model.shapes, checkCuts([8], model.layers.length));
const steps = Number(values.steps);

// kernel key → its times, one per profiled step; walls → whole-step wall times.
const kernelTimes = new Map<string, number[]>();
const walls: number[] = [];
let peakBytes = 0;
for (let step = 0; step <= steps; step++) {
  const start = performance.now();
  const profile = await tf.profile(async () => {
    const result = computeGradients(values.method as MethodName, {
      model,
      batch,
      parts,
      context: { training: true, step },
    });
    await Promise.all(result.weightGrads.map((g) => g.data()));
    tf.dispose(tensorsOf(result));
  });
  const wall = performance.now() - start;
  if (step === 0) continue; // warm-up
  walls.push(wall);
  peakBytes = Math.max(peakBytes, profile.peakBytes);
  const seen = new Map<string, number>();
  for (const k of profile.kernels) {
    const shapes = k.inputShapes.map((s) => `[${s}]`).join(' ');
    const base = `${k.name} ${shapes}`;
    const nth = (seen.get(base) ?? 0) + 1;
    seen.set(base, nth);
    const key = nth > 1 ? `${base} #${nth}` : base;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    kernelTimes.set(key, [...(kernelTimes.get(key) ?? []), ms]);
  }
}

/** wasm's heap never shrinks: its size after the steps is the most the step's buffers needed. */
function heapNote(): string {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } };
  if (!backend.wasm) return '';
  return `, wasm heap ${(backend.wasm.HEAPU8.buffer.byteLength / 2 ** 20).toFixed(0)} MiB`;
}

const rows = [...kernelTimes].map(([key, ms]) => ({ key, ms: median(ms) }));
const total = rows.reduce((s, r) => s + r.ms, 0);
rows.sort((a, b) => b.ms - a.ms);
console.log(
  `${values.backend} ${values.method}: step wall median ${median(walls).toFixed(1)} ms ` +
    `(min ${Math.min(...walls).toFixed(1)}), kernels ${total.toFixed(1)} ms in ${rows.length} calls ` +
    `(nested calls counted in their callers too), peak ${(peakBytes / 2 ** 20).toFixed(1)} MiB ` +
    `of tensors${heapNote()}`,
);
for (const r of rows.slice(0, Number(values.top)))
  console.log(`${r.ms.toFixed(1).padStart(7)} ms  ${r.key}`);
model.dispose();
tf.dispose([batch.x, batch.y]);
