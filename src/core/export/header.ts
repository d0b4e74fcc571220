// The words every exported program opens with and prints, the same for each target: what the
// model and its parts are, where the weights come from, what it prints and how to read it.
import type { ExportPlan } from './plan';
import { describeParts } from './plan';

export type ExportTarget = 'pytorch' | 'keras' | 'tfjs';
export const EXPORT_TARGETS: readonly ExportTarget[] = ['pytorch', 'keras', 'tfjs'];

/** The environment variable naming a file for the machine-readable gradients. */
export const JSON_ENV = 'SPLITTAPE_JSON';

/** Where the weights and batch come from, for the opening comment. */
export interface Provenance {
  /** e.g. `splittape check seed-toy --cuts 0,1 --seed 0 --batch 3`, when embedded. */
  command?: string;
  batch: number;
}

/** The first line each program prints: the model, its cuts and its parts. */
export const partsLine = (plan: ExportPlan) =>
  `${plan.spec.name}: cuts [${plan.cuts.join(', ')}] → ${describeParts(plan)}`;

/** The opening comment, as plain lines (each target adds its comment marks). */
export function headerLines(
  plan: ExportPlan,
  provenance: Provenance,
  how: string[],
  run: string,
): string[] {
  const cutText = plan.cuts.length
    ? `cut after layer${plan.cuts.length > 1 ? 's' : ''} ${plan.cuts.join(', ')}`
    : 'not cut (one part)';
  return [
    `${plan.spec.name}, ${cutText}: ${describeParts(plan)}. Exported by SplitTape.`,
    '',
    'Trains the parts as one model with a separate gradient computation per part, chained by the',
    'upstream gradient: each part gets dL/d(its output) from the part after it and returns dL/d(its',
    'weights) and dL/d(its input) in one backward pass (a vector-Jacobian product), last part first.',
    ...how,
    '',
    provenance.command
      ? `Weights and batch: the ones \`${provenance.command}\` uses, in tfjs layouts.`
      : `Weights: the framework's usual initialisation; batch: ${provenance.batch} random examples`,
    ...(provenance.command ? [] : ['(x uniform in [0, 1), labels as the seed draws them).']),
    'Prints the split gradients against one tape over the whole model, as `splittape check` does',
    '(`dLoss_dWeights0 valid: True`: numpy.allclose, rtol 1e-5, atol 1e-8), then the loss;',
    `with ${JSON_ENV}=path it also writes every gradient there as JSON (tfjs layouts, flat row-major).`,
    `Run: ${run}`,
  ];
}
