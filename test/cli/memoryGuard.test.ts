// `splittape check` refuses a model too big for memory before building it: exit 2, one line
// with the estimate in words.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'src/cli/main.ts', ...args],
      { timeout: 120_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

describe('splittape check memory guard', () => {
  it('exits 2 with the estimate for a 2000×2000×3 input and a 256-filter conv', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'splittape-memory-'));
    const path = join(dir, 'huge.json');
    writeFileSync(
      path,
      JSON.stringify({
        name: 'huge',
        input: [2000, 2000, 3],
        loss: 'mse',
        layers: [
          { type: 'conv2d', filters: 256, kernelSize: 3, activation: 'relu' },
          { type: 'globalAveragePooling2d' },
          { type: 'dense', units: 1 },
        ],
      }),
    );
    const { code, stdout, stderr } = await run('check', path, '--batch', '32');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^splittape: this model needs about 1\.1 TiB for one gradient check at batch 32 \(activations 366\.9 GiB, their gradients 731\.0 GiB, dataset 1\.4 GiB, weights 29\.0 KiB, weight gradients 29\.0 KiB\); the notebook's limit is 1\.0 GiB: use a smaller input/,
      ),
    ]);
  });
});
