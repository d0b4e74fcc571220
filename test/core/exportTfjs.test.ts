// The exported TensorFlow.js program, run by Node on the weights and batch `splittape check`
// uses: its full tape and its chained parts agree with the engine's gradients, and it prints the
// loss line check prints.
import { describe, expect, it } from 'vitest';
import { seedCnnSpec } from '../../src/core/presets';
import type { ModelSpec } from '../../src/core/spec';
import {
  engineRun,
  exportRun,
  programDir,
  readResult,
  run,
  worstError,
  writeProgram,
  type EngineRun,
} from './exportPrograms';
import { AVG_POOL_SAME, KITCHEN_SINK, TANH_MAX_POOL } from './models';

const dir = programDir();

async function runTfjs(engine: EngineRun, name: string, code = exportRun(engine, 'tfjs')) {
  const program = writeProgram(dir, `${name}.mjs`, code);
  const json = `${program}.json`;
  const { code: exit, stdout, stderr } = await run('node', [program], { SPLITTAPE_JSON: json });
  if (exit !== 0) throw new Error(`node ${program} exited ${exit}: ${stderr}`);
  return { stdout, result: readResult(json) };
}

const CASES: [string, string | ModelSpec, number[], { batch?: number; training?: boolean }][] = [
  ['seed-toy', 'seed-toy', [0, 1], {}],
  ['colab-mlp', 'colab-mlp', [1], {}],
  ['seed-cnn at 32×32', seedCnnSpec(32), [2, 8], { batch: 2 }],
  ["average pooling 'same'", AVG_POOL_SAME, [1], {}],
  ["tanh and max pooling 'same'", TANH_MAX_POOL, [1, 3], {}],
  ['the kitchen sink with dropout masks', KITCHEN_SINK, [2, 6], { training: true }],
];

describe('the exported tfjs program', () => {
  it.each(CASES)(
    'matches the engine to 1e-5 and prints check’s loss line: %s',
    async (label, model, cuts, options) => {
      const engine = engineRun(model, cuts, options);
      const { stdout, result } = await runTfjs(engine, label.replace(/\W+/g, '-'));
      const worst = worstError(result, engine);
      console.log(
        `tfjs export, ${label} ${JSON.stringify(cuts)}: max rel error ${worst.error.toExponential(1)} (${worst.at})`,
      );
      expect(worst.error).toBeLessThanOrEqual(1e-5);
      expect(stdout.split('\n')).toContain(engine.lossLine);
      const verdicts = stdout.match(/^dLoss_d\w+ valid:\s+(True|False)/gm) ?? [];
      expect(verdicts).toHaveLength(engine.weights.length + engine.boundaries.length);
      expect(verdicts.every((v) => v.endsWith('True'))).toBe(true);
    },
  );

  it("is caught by the engine's numbers when it uses tfjs's stock 'same' AvgPoolGrad", async () => {
    const engine = engineRun(AVG_POOL_SAME, [1]);
    // Back to tfjs's own avgPool gradient, which divides by the full window: the program's own
    // full tape and split still agree with each other, only the comparison with the engine fails.
    const stock = exportRun(engine, 'tfjs').replace(
      '  return pool(x);',
      "  return tf.avgPool(x, window, strides, 'same');",
    );
    const { stdout, result } = await runTfjs(engine, 'stock-avg-pool', stock);
    expect(stdout).not.toMatch(/valid:\s+False/);
    expect(worstError(result, engine).error).toBeGreaterThan(1e-2);
  });
});
