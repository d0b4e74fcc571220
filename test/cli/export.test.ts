// `splittape export` as a user runs it: with --with-weights the exported tfjs program prints the
// loss line `splittape check` prints for the same seed and batch, and its gradients are the ones
// in check's dump; bad arguments exit 2 with one line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runExport } from '../../src/cli/export';
import { programDir, readResult, run } from '../core/exportPrograms';

const splittape = (...args: string[]) => run('npx', ['tsx', 'src/cli/main.ts', ...args]);
const dir = programDir();

describe('splittape export', () => {
  it('writes a tfjs program that prints check’s loss line and its dumped gradients', async () => {
    const program = join(dir, 'seed-toy.mjs');
    const dump = join(dir, 'dump.json');
    const [exported, checked] = await Promise.all([
      splittape(
        'export',
        'seed-toy',
        '--to',
        'tfjs',
        '--with-weights',
        '--seed',
        '2',
        '--batch',
        '5',
        '--out',
        program,
      ),
      splittape(
        'check',
        'seed-toy',
        '--seed',
        '2',
        '--batch',
        '5',
        '--methods',
        'reference,vjp',
        '--out',
        dump,
      ),
    ]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/wrote .*seed-toy\.mjs: seed-toy cut at \[0, 1\] for tfjs/);
    expect(checked.code).toBe(0);
    const json = join(dir, 'seed-toy.json');
    const ran = await run('node', [program], { SPLITTAPE_JSON: json });
    expect(ran.code).toBe(0);
    const checkLoss = checked.stdout.match(/== vjp: .* — (loss \d\.\d+),/)![1];
    expect(ran.stdout.split('\n')).toContain(checkLoss);
    const engine = JSON.parse(readFileSync(dump, 'utf8')) as {
      gradients: { vjp: { name: string; data: number[] }[] };
    };
    const result = readResult(json);
    engine.gradients.vjp.forEach((want, i) => {
      const got = result.split.weights[i].data;
      const scale = Math.max(...want.data.map(Math.abs));
      const error = Math.max(...want.data.map((w, j) => Math.abs(w - got[j])));
      expect(error / scale, want.name).toBeLessThanOrEqual(1e-5);
    });
  });

  it('prints a program without weights to stdout', async () => {
    const written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await runExport(['colab-mlp', '--to', 'pytorch', '--cuts', '0,2'])).toBe(0);
      const stdout = String(written.mock.calls[0][0]);
      expect(stdout).toMatch(/^"""colab-mlp, cut after layers 0, 2/);
      expect(stdout).toContain('outputs[k].backward(upstream)');
    } finally {
      written.mockRestore();
    }
  });

  it('exits 2 with one line through the splittape command', async () => {
    const { code, stderr, stdout } = await splittape('export', 'seed-toy', '--to', 'jax');
    expect(code).toBe(2);
    expect(stderr.trim()).toBe("splittape: --to must be one of pytorch, keras, tfjs, got 'jax'");
    expect(stdout).toBe('');
  });

  // The same function the command dispatches to, in-process: a tsx start costs seconds each.
  it.each([
    [['seed-toy'], /--to must be one of pytorch, keras, tfjs, got ''/],
    [['seed-toy', '--to', 'keras', '--cuts', '9'], /cut 9: a cut goes after a layer/],
    [
      ['seed-toy', '--to', 'keras', '--seed', '1'],
      /--seed only means something with --with-weights/,
    ],
    [['test/fixtures/broken-spec.json', '--to', 'tfjs'], /layer 1 \(dense\): units is missing/],
    [['missing.json', '--to', 'tfjs'], /cannot read spec file 'missing.json'/],
    [['no-such-model', '--to', 'tfjs'], /unknown preset 'no-such-model'/],
    [['seed-toy', '--to', 'tfjs', '--batch', '0'], /--batch must be an integer ≥ 1/],
    [['seed-toy', '--to', 'tfjs', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with one line for export %j', async (args, message) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const written = vi.spyOn(process.stdout, 'write');
    try {
      expect(await runExport(args)).toBe(2);
      expect(errors).toHaveBeenCalledTimes(1);
      const line = String(errors.mock.calls[0][0]);
      expect(line).toMatch(message);
      expect(line.split('\n')).toHaveLength(1);
      expect(written).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      written.mockRestore();
    }
  });
});
