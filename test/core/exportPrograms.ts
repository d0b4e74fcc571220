// For the export tests: the engine's numbers for a model (what `splittape check` computes and
// dumps), the exported program for them with the same weights and batch embedded, and the
// comparison of what a program wrote (SPLITTAPE_JSON) with the engine's gradients.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runCheck } from '../../src/core/check';
import { exportCode, type Embedded, type ExportTarget } from '../../src/core/export';
import { PRESETS } from '../../src/core/presets';
import type { TensorData } from '../../src/core/report';
import type { ModelSpec } from '../../src/core/spec';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface EngineRun {
  spec: ModelSpec;
  cuts: number[];
  embedded: Embedded;
  /** The vjp method's gradients (bit-identical to the reference in the engine's own tests). */
  weights: TensorData[];
  boundaries: TensorData[];
  /** `loss 0.27283838`, as `splittape check` prints it. */
  lossLine: string;
}

/** What `splittape check <model> --cuts … --seed 0 --batch …` computes. */
export function engineRun(
  model: string | ModelSpec,
  cuts: number[],
  options: { batch?: number; training?: boolean } = {},
): EngineRun {
  const result = runCheck(model, {
    cuts,
    batch: options.batch,
    training: options.training,
    methods: ['reference', 'vjp'],
    fd64: false,
  });
  const vjp = result.report.methods.find((m) => m.method === 'vjp')!;
  return {
    spec: typeof model === 'string' ? PRESETS[model].spec : model,
    cuts,
    embedded: {
      weights: result.weights,
      x: result.x,
      y: result.y,
      dropoutMasks: result.dropoutMasks,
    },
    weights: vjp.weights,
    boundaries: vjp.boundaries,
    lossLine: `loss ${vjp.loss.toPrecision(8)}`,
  };
}

export const exportRun = (run: EngineRun, target: ExportTarget) =>
  exportCode(run.spec, run.cuts, target, run.embedded);

/** A fresh directory that resolves `@tensorflow/tfjs` from this repository's node_modules. */
export function programDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'splittape-export-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

export interface ProgramTensor {
  name: string;
  shape: number[];
  data: number[];
}
export interface ProgramResult {
  loss: number;
  lossText: string;
  reference: { weights: ProgramTensor[]; boundaries: ProgramTensor[] };
  split: { weights: ProgramTensor[]; boundaries: ProgramTensor[] };
}

export const readResult = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as ProgramResult;

/** max|program − engine| / max|engine| for one tensor (the error relative to its scale). */
function relativeError(got: ProgramTensor, want: TensorData): number {
  if (got.shape.join() !== want.shape.join())
    throw new Error(`${got.name}: shape [${got.shape}] against the engine's [${want.shape}]`);
  let scale = 0;
  let error = 0;
  want.data.forEach((w, i) => {
    scale = Math.max(scale, Math.abs(w));
    error = Math.max(error, Math.abs(got.data[i] - w));
  });
  return scale === 0 ? error : error / scale;
}

/**
 * The largest relative error of every tensor the program computed — its full tape and its
 * chained split, weights and boundaries — against the engine's chained gradients.
 */
export function worstError(result: ProgramResult, run: EngineRun): { error: number; at: string } {
  let worst = { error: 0, at: '' };
  for (const side of ['reference', 'split'] as const) {
    const tensors = [
      ...result[side].weights.map((t, i) => [t, run.weights[i]] as const),
      ...result[side].boundaries.map((t, i) => [t, run.boundaries[i]] as const),
    ];
    if (tensors.length !== run.weights.length + run.boundaries.length)
      throw new Error(`${side}: ${tensors.length} tensors, the engine has more`);
    for (const [got, want] of tensors) {
      const error = relativeError(got, want);
      if (!(error <= worst.error)) worst = { error, at: `${side} ${got.name}` };
    }
  }
  return worst;
}

export const run = async (
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      env: { ...process.env, ...env },
      maxBuffer: 64 * 2 ** 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
};

export const writeProgram = (dir: string, name: string, code: string) => {
  const path = join(dir, name);
  writeFileSync(path, code);
  return path;
};
