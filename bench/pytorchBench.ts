// PyTorch (Debian's python3-torch) on the same seed-cnn step, batch and dropout as bench/measure.ts
// times in tfjs, with 1 thread and with every core, interleaved in one process. Skipped, with a
// line saying how to install it, when torch is missing.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { BenchRow } from './measure';

const PYTHON = '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, 'pytorch/seed_cnn_step.py');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function runPytorchBench(log: (line: string) => void, steps: number): BenchRow[] {
  const threads = [...new Set([1, cpus().length])];
  const run = spawnSync(
    PYTHON,
    [SCRIPT, '--threads', threads.join(','), '--steps', String(steps)],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) {
    log(
      `pytorch: skipped (${(run.stderr || run.error?.message || '').trim().split('\n').pop()}); ` +
        'install it with `apt-get install -y --no-install-recommends python3-torch`',
    );
    return [];
  }
  const { torch, rows } = JSON.parse(run.stdout) as {
    torch: string;
    rows: { threads: number; times_ms: number[] }[];
  };
  return rows.map(({ threads: count, times_ms: times }) => {
    const row: BenchRow = {
      model: 'seed-cnn',
      cuts: [],
      batch: 32,
      backend: 'pytorch',
      threads: count,
      method: 'reference',
      medianMs: median(times),
      minMs: Math.min(...times),
      maxMs: Math.max(...times),
      steps: times.length,
      peakBytes: 0,
      gflopsPerSecond: 0,
    };
    log(
      `seed-cnn batch 32 pytorch ${torch} ${count} thread${count === 1 ? '' : 's'}: median ${row.medianMs.toFixed(1)} ms ` +
        `(min ${row.minMs.toFixed(1)}, max ${row.maxMs.toFixed(1)}, ${times.length} steps)`,
    );
    return row;
  });
}
