// The `splittape train` command as a user runs it: its lines, its JSON, the split twin's losses
// equal to the full tape's step for step, and the exit codes for a NaN stop and bad input.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMnistFiles } from '../../scripts/build-mnist';
import type { TrainDump } from '../../src/cli/train';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', [
      'tsx',
      'src/cli/main.ts',
      'train',
      ...args,
    ]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

const dir = mkdtempSync(join(tmpdir(), 'splittape-train-'));

beforeAll(() => {
  buildMnistFiles(); // quick when npm install has built them
});

describe('splittape train', () => {
  it('seed-cnn-28 on MNIST 3 vs 8: a line per evaluation, a summary, the JSON, and vjp losses equal to the reference', async () => {
    const out = join(dir, 'mnist.json');
    const { code, stdout, stderr } = await run(
      'seed-cnn-28',
      '--dataset',
      'mnist:3,8',
      '--steps',
      '20',
      '--eval-every',
      '10',
      '--eval-examples',
      '200',
      '--backend',
      'wasm',
      '--json',
      out,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^train seed-cnn-28, cuts \[8\] \(2 parts\), 1580 MNIST images/);
    const stepLines = lines.filter((l) => l.startsWith('step'));
    expect(stepLines).toHaveLength(2);
    for (const [i, line] of stepLines.entries())
      expect(line).toMatch(
        new RegExp(
          `^step +${10 * (i + 1)}  loss reference \\d\\.\\d{6}  vjp \\d\\.\\d{6}  test accuracy reference +\\d+\\.\\d %  vjp +\\d+\\.\\d %  \\d+\\.\\d steps/s$`,
        ),
      );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^done: 20 steps in .* test accuracy reference \d+\.\d %, vjp \d+\.\d %/,
      ),
    );

    const dump = JSON.parse(readFileSync(out, 'utf8')) as TrainDump;
    expect(dump).toMatchObject({
      model: 'seed-cnn-28',
      cuts: [8],
      dataset: 'mnist:3,8',
      steps: 20,
    });
    expect(Object.keys(dump.twins).sort()).toEqual(['reference', 'vjp']);
    for (const series of Object.values(dump.twins)) {
      expect(series.step).toEqual([...Array(20).keys()]);
      expect(series.loss).toHaveLength(20);
      expect(series.evalStep).toEqual([10, 20]);
      expect(series.testAccuracy).toHaveLength(2);
      for (const accuracy of series.testAccuracy) {
        expect(accuracy).toBeGreaterThanOrEqual(0);
        expect(accuracy).toBeLessThanOrEqual(1);
      }
    }
    // The chained VJPs are the full tape's gradients: equal losses at every step (float32
    // rounding at most, 2^-23 relative); they have matched exactly on every backend so far.
    const { reference, vjp } = dump.twins;
    for (let i = 0; i < 20; i++)
      expect(Math.abs(vjp!.loss[i] - reference!.loss[i])).toBeLessThanOrEqual(
        2 ** -23 * Math.abs(reference!.loss[i]),
      );
    expect(vjp!.testAccuracy).toEqual(reference!.testAccuracy);
    // It learns: from chance (loss ≈ ln 2) to most held-out digits right within 20 steps.
    expect(reference!.loss[0]).toBeGreaterThan(0.6);
    expect(reference!.testAccuracy[1]).toBeGreaterThan(0.75);
  });

  it('--naive trains the separate-tapes twin too, whose losses part from the reference', async () => {
    const out = join(dir, 'naive.json');
    const { code, stdout } = await run(
      'seed-toy',
      '--dataset',
      'shapes',
      '--steps',
      '6',
      '--eval-every',
      '3',
      '--optimizer',
      'sgd',
      '--lr',
      '0.5',
      '--backend',
      'cpu',
      '--naive',
      '--json',
      out,
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^step +3 {2}loss reference .* naive \d\.\d{6} {2}test accuracy .* naive +\d+\.\d %/m,
    );
    const dump = JSON.parse(readFileSync(out, 'utf8')) as TrainDump;
    expect(Object.keys(dump.twins).sort()).toEqual(['naive', 'reference', 'vjp']);
    expect(dump.twins.naive!.loss.at(-1)).not.toBe(dump.twins.reference!.loss.at(-1));
  });

  it('a loss that becomes NaN or infinite stops the run with its reason and exit code 1', async () => {
    const spec = join(dir, 'explode.json');
    writeFileSync(
      spec,
      JSON.stringify({
        name: 'explode',
        input: [4],
        loss: 'mse',
        layers: [
          { type: 'dense', units: 8, activation: 'relu' },
          { type: 'dense', units: 1 },
        ],
      }),
    );
    const { code, stderr } = await run(spec, '--optimizer', 'sgd', '--lr', '1000', '--steps', '50');
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^splittape: step \d+: the reference twin's loss is no longer a finite number — learning rate 1000 is probably too high/,
    );
  });

  // Concurrent: each is a process that mostly waits for tsx and tfjs to load.
  it.concurrent.each([
    [
      ['seed-toy', '--dataset', 'cifar'],
      /^splittape: --dataset must be one of seed-random, synthetic, shapes, mnist:3,8 or mnist:all, got 'cifar'$/,
    ],
    [
      ['seed-toy', '--dataset', 'mnist:all'],
      /^splittape: all ten digits are a 10-class task, but seed-toy ends in 1 output: .*the preset seed-cnn-28-digits fits$/,
    ],
    [
      ['seed-cnn-28', '--steps', 'many', '--lr=-1'],
      /^splittape: --lr must be a positive number, got '-1'$/,
    ],
  ] as const)('bad input %j exits 2 with one line', async (args, message) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });
});
