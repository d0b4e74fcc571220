// Code export: a model spec and its cuts as a program for PyTorch, TensorFlow/Keras or
// TensorFlow.js that trains the parts as one, a backward pass per part chained by the upstream
// gradient, and prints the seed-style comparison with the full tape. Pure TypeScript.
import type { ModelSpec } from '../spec';
import { EXPORT_TARGETS, type ExportTarget } from './header';
import { kerasProgram } from './keras';
import { checkEmbedded, type Embedded } from './literals';
import { planExport } from './plan';
import { pytorchProgram } from './pytorch';
import { tfjsProgram } from './tfjs';

export { EXPORT_TARGETS, JSON_ENV, type ExportTarget } from './header';
export type { Embedded, EmbeddedTensor } from './literals';

export interface ExportOptions {
  /** Examples in the random batch of a program without embedded data (default 4). */
  batch?: number;
  /** The `splittape check …` command the embedded data came from, for the opening comment. */
  command?: string;
}

/**
 * The program text for `target`. With `embedded` (tfjs layouts, weights in trainableWeights
 * order) it prints the numbers `splittape check` printed for the same data. Throws SpecError,
 * CutError or an Error naming the embedded tensor that does not fit.
 */
export function exportCode(
  spec: ModelSpec,
  cuts: readonly number[],
  target: ExportTarget,
  embedded?: Embedded,
  options: ExportOptions = {},
): string {
  if (!EXPORT_TARGETS.includes(target))
    throw new Error(`unknown target '${String(target)}' (known: ${EXPORT_TARGETS.join(', ')})`);
  const plan = planExport(spec, cuts);
  const batch = embedded ? checkEmbedded(plan, embedded) : (options.batch ?? 4);
  const provenance = {
    batch,
    command: embedded ? (options.command ?? 'splittape check') : undefined,
  };
  switch (target) {
    case 'pytorch':
      return pytorchProgram(plan, provenance, embedded);
    case 'keras':
      return kerasProgram(plan, provenance, embedded);
    case 'tfjs':
      return tfjsProgram(plan, provenance, embedded);
  }
}
