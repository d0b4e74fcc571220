// The benchmark itself, backend-agnostic: it runs in Node (bench/run.ts) and in a browser worker
// (bench/browser/worker.ts) alike, on whatever tfjs backend is current.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { checkCuts, partsOf } from '../src/core/cuts';
import { randomBatch } from '../src/core/data/randomBatch';
import {
  assertJacobiansFit,
  JacobianBudgetError,
  planJacobians,
  DEFAULT_JACOBIAN_BUDGET_BYTES,
} from '../src/core/gradients/jacobian';
import { computeGradients } from '../src/core/gradients/methods';
import { tensorsOf, type MethodName } from '../src/core/gradients/types';
import { trainingStepFlops } from '../src/core/flops';
import { buildModel } from '../src/core/model';
import { PRESETS, seedCnnSpec } from '../src/core/presets';
import type { ModelSpec } from '../src/core/spec';

export interface BenchCase {
  model: string;
  spec: ModelSpec;
  cuts: number[];
  batch: number;
  steps: number;
}

export interface BenchRow {
  model: string;
  cuts: number[];
  batch: number;
  backend: string;
  /** Threads the backend computes with (wasm's pool; PyTorch's intra-op threads). */
  threads: number;
  method: MethodName;
  medianMs: number;
  minMs: number;
  maxMs: number;
  steps: number;
  peakBytes: number;
  gflopsPerSecond: number;
}

export interface BenchSummary {
  backend: string;
  matMulGflopsPerSecond: number;
  rows: BenchRow[];
  flops: Record<string, number>;
}

/** seed-toy at its default cuts; seed-cnn at 64×64×3, batch 32, 2 parts and 4 parts. */
export function benchCases(stepsFor: (model: string) => number): BenchCase[] {
  return [
    {
      model: 'seed-toy',
      spec: PRESETS['seed-toy'].spec,
      cuts: [0, 1],
      batch: 3,
      steps: stepsFor('seed-toy'),
    },
    { model: 'seed-cnn', spec: seedCnnSpec(64), cuts: [8], batch: 32, steps: stepsFor('seed-cnn') },
    {
      model: 'seed-cnn',
      spec: seedCnnSpec(64),
      cuts: [2, 5, 8],
      batch: 32,
      steps: stepsFor('seed-cnn'),
    },
  ];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** GFLOP/s of a 1024×1024 matMul on the current backend: what the hardware gives tfjs. */
export async function matMulGflops(): Promise<number> {
  const n = 1024;
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const start = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    times.push(performance.now() - start);
    c.dispose();
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (median(times.slice(1)) / 1000) / 1e9;
}

/** Times each method on each case; the first step of each is a warm-up and not counted. */
export async function runBench(
  cases: BenchCase[],
  methods: MethodName[],
  log: (line: string) => void,
): Promise<BenchSummary> {
  const backend = tf.getBackend();
  const threads = backend === 'wasm' ? getThreadsCount() : 1;
  const matMul = await matMulGflops();
  log(`backend ${backend}: 1024×1024 matMul ${matMul.toFixed(2)} GFLOP/s`);
  const rows: BenchRow[] = [];
  const flops: Record<string, number> = {};
  for (const c of cases) {
    const model = buildModel(c.spec, 0);
    const batch = randomBatch(model.spec, 1, c.batch, 0);
    const parts = partsOf(model.spec.input, model.shapes, checkCuts(c.cuts, model.layers.length));
    const stepFlops = trainingStepFlops(model.spec, model.shapes, c.batch);
    flops[c.model] = stepFlops;
    const input = { model, batch, parts, context: { training: true, step: 0 } };
    for (const method of methods) {
      if (method === 'jacobian') {
        try {
          assertJacobiansFit(planJacobians(model, parts, c.batch), DEFAULT_JACOBIAN_BUDGET_BYTES);
        } catch (error) {
          if (!(error instanceof JacobianBudgetError)) throw error;
          log(`${c.model} [${c.cuts}] jacobian: refused by the memory guard (${error.message})`);
          continue;
        }
      }
      const times: number[] = [];
      let peakBytes = 0;
      const steps = method === 'jacobian' ? Math.min(c.steps, 3) : c.steps;
      for (let i = 0; i <= steps; i++) {
        const start = performance.now();
        const profile = await tf.profile(async () => {
          const result = computeGradients(method, {
            ...input,
            context: { training: true, step: i },
          });
          await Promise.all(result.weightGrads.map((g) => g.data()));
          tf.dispose(tensorsOf(result));
        });
        const ms = performance.now() - start;
        if (i > 0) times.push(ms);
        peakBytes = Math.max(peakBytes, profile.peakBytes);
      }
      const row: BenchRow = {
        model: c.model,
        cuts: c.cuts,
        batch: c.batch,
        backend,
        threads,
        method,
        medianMs: median(times),
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
        steps,
        peakBytes,
        gflopsPerSecond: stepFlops / (median(times) / 1000) / 1e9,
      };
      rows.push(row);
      log(
        `${c.model} [${c.cuts}] batch ${c.batch} ${method.padEnd(9)} median ${row.medianMs.toFixed(1)} ms ` +
          `(min ${row.minMs.toFixed(1)}, max ${row.maxMs.toFixed(1)}, ${steps} steps), ` +
          `peak ${(peakBytes / 2 ** 20).toFixed(1)} MiB, ${row.gflopsPerSecond.toFixed(2)} GFLOP/s`,
      );
    }
    const ref = rows.find(
      (r) => r.model === c.model && r.cuts === c.cuts && r.method === 'reference',
    );
    const vjp = rows.find((r) => r.model === c.model && r.cuts === c.cuts && r.method === 'vjp');
    if (ref && vjp)
      log(
        `${c.model} [${c.cuts}]: vjp/reference ${(vjp.medianMs / ref.medianMs).toFixed(3)}, ` +
          `${(stepFlops / 1e9).toFixed(3)} GFLOP per step, efficiency ${(vjp.gflopsPerSecond / matMul).toFixed(2)} of matMul`,
      );
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  }
  return { backend, matMulGflopsPerSecond: matMul, rows, flops };
}
