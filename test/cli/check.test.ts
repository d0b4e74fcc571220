// The `splittape check` command as a user runs it: its lines, exit codes, and the JSON dump,
// which is re-checked here by an independent float64 backprop written from the dump alone.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', [
      'tsx',
      'src/cli/main.ts',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const dir = mkdtempSync(join(tmpdir(), 'splittape-cli-'));

describe('splittape check', () => {
  it('prints the seed six lines for seed-toy and exits 0', async () => {
    const { code, stdout } = await run('check', 'seed-toy', '--methods', 'vjp,jacobian');
    expect(code).toBe(0);
    for (const name of ['Weights2', 'Bias2', 'Weights1', 'Bias1', 'Weights0', 'Bias0'])
      expect(stdout).toMatch(new RegExp(`^dLoss_d${name} valid:\\s+True `, 'm'));
    expect(stdout).toMatch(/vjp\s+8\/8 tensors allclose/);
    expect(stdout).toMatch(/jacobian\s+8\/8 tensors allclose/);
  });

  it('checks a spec file written by hand, with cuts and dropout active', async () => {
    const { code, stdout } = await run(
      'check',
      'test/fixtures/hand-written-spec.json',
      '--cuts',
      '0,2',
      '--batch',
      '2',
      '--training',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/hand-written: cuts \[0, 2\] → model_0 = layers 0–0/);
    expect(stdout).toMatch(/naive\s+0\/\d+ tensors allclose/);
  });

  it.each([
    [['check', 'test/fixtures/broken-spec.json'], /layer 1 \(dense\): units is missing/],
    [['check', 'seed-toy', '--cuts', '7'], /cut 7: a cut goes after a layer from 0 to 3/],
    [['check', 'seed-toy', '--cuts', 'a,b'], /--cuts must be layer indices/],
    [['check', 'no-such-preset'], /unknown preset 'no-such-preset'/],
    [['check', 'missing.json'], /cannot read spec file 'missing.json'/],
    [['check', 'seed-toy', '--methods', 'magic'], /unknown method 'magic'/],
    [['check', 'seed-toy', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['explain'], /expected 'check <preset \| spec.json>'/],
  ])('exits 2 with one line of words for %j', async (args, message) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).toBe('');
  });

  it('exits 2 on a spec file that is not JSON', async () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{ "name": ');
    const { code, stderr } = await run('check', path);
    expect(code).toBe(2);
    expect(stderr).toMatch(/is not valid JSON/);
  });

  it('writes a dump that an independent float64 backprop reproduces (colab-mlp)', async () => {
    const out = join(dir, 'dump.json');
    const { code } = await run('check', 'colab-mlp', '--out', out, '--seed', '4');
    expect(code).toBe(0);
    const dump = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(dump)).toEqual(
      expect.arrayContaining([
        'model',
        'cuts',
        'seed',
        'loss',
        'x',
        'y',
        'weights',
        'gradients',
        'boundaries',
      ]),
    );
    expect(dump.weights.map((w: { shape: number[] }) => w.shape)).toEqual([
      [4, 8],
      [8],
      [8, 1],
      [1],
    ]);
    for (const method of ['reference', 'vjp', 'jacobian', 'naive'])
      expect(dump.gradients[method].map((g: { name: string }) => g.name)).toEqual(
        dump.weights.map((w: { name: string }) => w.name),
      );

    // dense(8) → tanh → dense(1) → sigmoid, MSE, in float64 from the dump alone.
    const [W1, b1, W2, b2] = dump.weights.map((w: { data: number[] }) => w.data);
    const [n, d] = dump.x.shape;
    const grads = [new Array(32).fill(0), new Array(8).fill(0), new Array(8).fill(0), [0]];
    const dHidden: number[][] = [];
    for (let i = 0; i < n; i++) {
      const x = dump.x.data.slice(i * d, (i + 1) * d);
      const h = [...Array(8).keys()].map((j) =>
        Math.tanh(
          b1[j] + x.reduce((s: number, xk: number, k: number) => s + xk * W1[k * 8 + j], 0),
        ),
      );
      const p = 1 / (1 + Math.exp(-(b2[0] + h.reduce((s, hj, j) => s + hj * W2[j], 0))));
      const dz = ((2 * (p - dump.y.data[i])) / n) * p * (1 - p); // d(mean squared error)/d(logit)
      grads[3][0] += dz;
      h.forEach((hj, j) => (grads[2][j] += dz * hj));
      const dh = W2.map((w2j: number) => dz * w2j);
      dHidden.push(dh);
      h.forEach((hj, j) => {
        const da = dh[j] * (1 - hj * hj);
        grads[1][j] += da;
        x.forEach((xk: number, k: number) => (grads[0][k * 8 + j] += da * xk));
      });
    }
    const close = (a: number[], b: number[]) =>
      a.every((v, i) => Math.abs(v - b[i]) <= 1e-6 + 1e-4 * Math.abs(b[i]));
    for (const method of ['reference', 'vjp', 'jacobian'])
      dump.gradients[method].forEach((g: { data: number[] }, i: number) =>
        expect(close(g.data, grads[i]), `${method} ${i}`).toBe(true),
      );
    // The cut after layer 1 carries dL/d(tanh output) = dz · W2 for each example.
    expect(dump.boundaries.vjp[0].cut).toBe(1);
    expect(close(dump.boundaries.vjp[0].data, dHidden.flat())).toBe(true);
  });
});
