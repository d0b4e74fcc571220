// The held-out evaluations among the training records: the accuracy curve's rows (percent) and
// the latest evaluation, whose mistakes and confusion matrix the Train cell shows.
import type { Evaluation, StepRecord, TwinName } from '../../worker/protocol';
import type { StepRow } from '../charts/stepPlotScales';

export const TWIN_ORDER: readonly TwinName[] = ['reference', 'vjp', 'naive'];

export const evaluationsOf = (records: readonly StepRecord[]): Evaluation[] =>
  records.flatMap((r) => (r.evaluation ? [r.evaluation] : []));

/** One row per evaluation: each twin's held-out accuracy in percent, keyed by twin. */
export const accuracyRows = (evaluations: readonly Evaluation[]): StepRow[] =>
  evaluations.map((e) => {
    const row: StepRow = { step: e.step };
    for (const twin of TWIN_ORDER) {
      const score = e.twins[twin];
      if (score) row[twin] = 100 * score.accuracy;
    }
    return row;
  });

/** A fraction as a percentage with one decimal: 0.9375 → '93.8 %'. */
export const percent = (fraction: number) => `${(100 * fraction).toFixed(1)} %`;

/**
 * Whether two lists hold the same evaluations: records are appended, never edited, so the same
 * count and the same last object mean nothing new (a progress event without a new evaluation
 * then redraws none of the held-out views).
 */
export const sameEvaluations = (
  a: { evaluations: readonly Evaluation[] },
  b: { evaluations: readonly Evaluation[] },
) => a.evaluations.length === b.evaluations.length && a.evaluations.at(-1) === b.evaluations.at(-1);
