// The `splittape check` command as a user runs it: its lines, exit codes, and the JSON dump,
// which is re-checked here by an independent float64 backprop written from the dump alone.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareSampled } from '../../src/core/compare';
import { fd64Gradients } from '../../src/core/oracle/fd64';
import { KITCHEN_SINK } from '../core/models';

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

  it("catches tfjs's stock AvgPoolGrad with --stock-kernels: exit 1 and the fault named in words", async () => {
    const spec = 'test/fixtures/avg-pool-same.json';
    const stock = await run('check', spec, '--cuts', '1', '--stock-kernels');
    expect(stock.code).toBe(1);
    expect(stock.stdout).toMatch(
      /tfjs's own gradient is wrong here: .*kernel of layer 0 \(conv2d\).*layers 0–1 \(conv2d, averagePooling2d\)/,
    );
    // The chained VJPs still agree with tfjs's tape: only the float64 check tells.
    expect(stock.stdout).toMatch(/vjp {7}5\/5 tensors allclose to the reference/);
    expect(stock.stdout).toMatch(/fd64 .*reference 3\/5, vjp 3\/5, jacobian 3\/5/);
    const fixed = await run('check', spec, '--cuts', '1');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toMatch(/fd64 .*reference 5\/5, vjp 5\/5, jacobian 5\/5, naive 0\/5/);
    expect(fixed.stdout).not.toMatch(/wrong here/);
  });

  it('runs fd64 by default only where it is cheap, and says why not', async () => {
    const cnn = await run('check', 'seed-cnn', '--methods', 'vjp', '--batch', '1');
    expect(cnn.stdout).toMatch(/fd64 {6}not run: not asked for in --methods/);
    const toy = await run('check', 'seed-toy');
    expect(toy.stdout).toMatch(
      /fd64 {6}agree with float64 .*reference 8\/8, vjp 8\/8, jacobian 8\/8, naive 0\/8/,
    );
  });

  it('writes a self-contained dump: the spec, the dropout masks and fd64, re-checkable from the file alone', async () => {
    const out = join(dir, 'kitchen.json');
    const spec = join(dir, 'kitchen-spec.json');
    writeFileSync(spec, JSON.stringify(KITCHEN_SINK));
    const { code } = await run(
      'check',
      spec,
      '--cuts',
      '1,4',
      '--training',
      '--batch',
      '3',
      '--out',
      out,
    );
    expect(code).toBe(0);
    const dump = JSON.parse(readFileSync(out, 'utf8'));
    expect(dump.model).toEqual(KITCHEN_SINK);
    expect(
      dump.dropoutMasks.map((m: { layer: number; shape: number[] }) => [m.layer, m.shape]),
    ).toEqual([[7, [3, 5]]]);
    expect(dump.fd64.weights.map((w: { name: string }) => w.name)).toEqual(
      dump.weights.map((w: { name: string }) => w.name),
    );
    // The float64 oracle fed nothing but the file agrees with the dumped vjp gradients — and
    // without the dropout masks it would not: the masks are part of what makes the dump exact.
    const fromFile = fd64Gradients(
      {
        spec: dump.model,
        weights: dump.weights,
        x: dump.x,
        y: dump.y,
        dropoutMasks: dump.dropoutMasks,
      },
      { cuts: dump.cuts, samplesPerTensor: 16, seed: 3 },
    );
    const agree = (masked: typeof fromFile) =>
      dump.gradients.vjp.every(
        (g: { data: number[] }, i: number) =>
          compareSampled(g.data, masked.weights[i].indices, masked.weights[i].values).agrees,
      );
    expect(agree(fromFile)).toBe(true);
    const unmasked = fd64Gradients(
      { spec: dump.model, weights: dump.weights, x: dump.x, y: dump.y },
      { cuts: dump.cuts, samplesPerTensor: 16, seed: 3 },
    );
    expect(agree(unmasked)).toBe(false);
  });
});
