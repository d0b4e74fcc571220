// exportCode as a function: the Keras programs against golden files (TensorFlow cannot be
// installed here, so they are read, and compiled by python3), every Python program compiles,
// float32 values survive the trip through program text, and bad input is named.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CutError } from '../../src/core/cuts';
import { exportCode, EXPORT_TARGETS } from '../../src/core/export';
import { float32Text } from '../../src/core/export/literals';
import { PRESETS } from '../../src/core/presets';
import { SpecError } from '../../src/core/spec';
import { engineRun } from './exportPrograms';
import { AVG_POOL_SAME, GLOBAL_POOL, KITCHEN_SINK, TANH_MAX_POOL } from './models';

const PYTHON = '/usr/bin/python3';
const seedToy = PRESETS['seed-toy'].spec;

describe('the Keras program', () => {
  it('is the golden file for seed-toy, without weights', async () => {
    const code = exportCode(seedToy, [0, 1], 'keras', undefined, { batch: 3 });
    await expect(code).toMatchFileSnapshot('../fixtures/export/seed-toy.keras.py');
  });

  it('is the golden file for colab-mlp with check’s weights and batch', async () => {
    const engine = engineRun('colab-mlp', [1]);
    const code = exportCode(engine.spec, [1], 'keras', engine.embedded, {
      command: 'splittape check colab-mlp --cuts 1 --seed 0 --batch 4',
    });
    await expect(code).toMatchFileSnapshot('../fixtures/export/colab-mlp.weights.keras.py');
  });

  it('is the golden file for the kitchen sink with dropout masks', async () => {
    const engine = engineRun(KITCHEN_SINK, [2, 6], { training: true });
    const code = exportCode(KITCHEN_SINK, [2, 6], 'keras', engine.embedded, {
      command: 'splittape check kitchen-sink.json --cuts 2,6 --seed 0 --batch 4 --training',
    });
    expect(code).toContain('layers.Lambda(lambda x: x * DROPOUT_MASKS[7]');
    expect(code).toContain('layers.AveragePooling2D((2, 2), strides=(1, 1), padding="valid"');
    await expect(code).toMatchFileSnapshot('../fixtures/export/kitchen-sink.masks.keras.py');
  });

  it('chains one persistent tape per part with output_gradients', () => {
    const code = exportCode(seedToy, [0, 1], 'keras');
    expect(code).toContain('tf.GradientTape(persistent=True)');
    expect(code).toContain(
      'outputs[k], parts[k].trainable_weights + [inputs[k]], output_gradients=upstream',
    );
  });
});

describe('every Python program', () => {
  it('compiles, for every model, with and without embedded data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splittape-compile-'));
    const models = [seedToy, PRESETS['colab-mlp'].spec, AVG_POOL_SAME, TANH_MAX_POOL, GLOBAL_POOL];
    const files: string[] = [];
    models.forEach((spec, i) => {
      for (const target of ['pytorch', 'keras'] as const) {
        const path = join(dir, `${target}-${i}.py`);
        writeFileSync(path, exportCode(spec, [0], target));
        files.push(path);
      }
    });
    const engine = engineRun(KITCHEN_SINK, [0, 5], { training: true });
    for (const target of ['pytorch', 'keras'] as const) {
      const path = join(dir, `${target}-embedded.py`);
      writeFileSync(path, exportCode(KITCHEN_SINK, [0, 5], target, engine.embedded));
      files.push(path);
    }
    const compile = `import py_compile, sys\nfor f in sys.argv[1:]: py_compile.compile(f, doraise=True)`;
    await expect(promisify(execFile)(PYTHON, ['-c', compile, ...files])).resolves.toBeDefined();
  });
});

describe('exportCode', () => {
  it('writes float32 values so that they read back as the same float32', () => {
    const values = [0.1, -1e-30, 3.4e38, 1 / 3, Math.fround(0.27283838), -0, 1, 2 ** -149];
    for (let i = 0; i < 2000; i++)
      values.push((Math.random() - 0.5) * 10 ** (Math.random() * 20 - 10));
    for (const v of values) {
      const text = float32Text(v);
      expect(Math.fround(Number(text))).toBe(Math.fround(v));
      expect(text.length).toBeLessThanOrEqual(16);
    }
  });

  it('names the part and layout conversions of each target', () => {
    const torch = exportCode(seedToy, [0, 1], 'pytorch');
    expect(torch).toContain('class Model2(nn.Module):');
    expect(torch).toContain('inp = h.detach().requires_grad_()');
    expect(torch).toContain('outputs[k].backward(upstream)');
    expect(torch).toContain('torch.distributed.pipelining');
    expect(torch).toContain('x.permute(0, 2, 3, 1).flatten(1)');
    const tfjs = exportCode(seedToy, [0, 1], 'tfjs');
    expect(tfjs).toContain('tf.sum(tf.mul(part.apply(input, w), g))');
    expect(tfjs).not.toContain('averagePoolSame');
    expect(exportCode(AVG_POOL_SAME, [1], 'tfjs')).toContain('function averagePoolSame');
  });

  it("pads as TensorFlow does: 'same' puts the odd cell at the end", () => {
    const torch = exportCode(TANH_MAX_POOL, [1], 'pytorch');
    // layer 2: 3×3 input, kernel 2, stride 1 → one cell after; layer 3: 3×3, pool [2, 3], stride 2.
    expect(torch).toContain('x = F.pad(x, (0, 1, 0, 1))');
    expect(torch).toContain('x = F.pad(x, (1, 1, 0, 1), value=-math.inf)');
    const avg = exportCode(AVG_POOL_SAME, [1], 'pytorch');
    expect(avg).toContain('x = average_pool_same(x, (2, 2), (1, 1), (0, 1, 0, 1))');
  });

  it('refuses bad cuts, bad specs, unknown targets and data that does not fit', () => {
    expect(() => exportCode(seedToy, [4], 'pytorch')).toThrow(CutError);
    expect(() => exportCode({ ...seedToy, layers: [] }, [], 'keras')).toThrow(SpecError);
    expect(() => exportCode(seedToy, [], 'jax' as never)).toThrow(/unknown target 'jax'/);
    const engine = engineRun('colab-mlp', [1]);
    const wrong = { ...engine.embedded, x: { shape: [4, 5], data: new Float32Array(20) } };
    expect(() => exportCode(engine.spec, [1], 'tfjs', wrong)).toThrow(
      /embedded x has shape \[4, 5\], the model needs \[4,4\]/,
    );
    expect(EXPORT_TARGETS).toEqual(['pytorch', 'keras', 'tfjs']);
  });
});
