// The gradient table and the training curves as CSV (RFC 4180: comma-separated, quoted where a
// field holds a comma, quote or line break, CRLF between rows), for a spreadsheet or pandas.
import type { GradientsReport, StepRecord, TwinName } from '../../worker/protocol';
import { gradientRows } from '../gradients/gradientRows';

type Cell = string | number | boolean | undefined;

const TWINS: readonly TwinName[] = ['reference', 'vjp', 'naive'];

function csvField(value: Cell): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? numberText(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// Full precision: the file is for analysis, not for reading at a glance.
const numberText = (n: number) =>
  Number.isFinite(n) ? String(n) : n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan';

export const csvOf = (rows: Cell[][]) =>
  rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/** One row per method and compared tensor, in the order the notebook's table shows them. */
export function gradientTableCsv(report: GradientsReport): string {
  const rows: Cell[][] = [
    [
      'method',
      'tensor',
      'what',
      'shape',
      'kind',
      'max_abs_error',
      'max_rel_error',
      'cosine',
      'valid',
      'fd64_max_rel_error',
      'fd64_agrees',
      'refused',
    ],
  ];
  for (const method of report.methods) {
    if (method.refused) {
      rows.push([method.method, '', '', '', '', '', '', '', '', '', '', method.refused]);
      continue;
    }
    for (const row of gradientRows(report, method))
      rows.push([
        method.method,
        row.name,
        row.what,
        row.shape.join('x'),
        row.kind,
        row.comparison.maxAbsError,
        row.comparison.maxRelError,
        row.comparison.cosine,
        row.comparison.allclose ? 'True' : 'False',
        row.againstFd64?.maxRelError,
        row.againstFd64 === undefined ? undefined : row.againstFd64.agrees ? 'True' : 'False',
        '',
      ]);
  }
  return csvOf(rows);
}

/** One row per recorded step; a column per twin for each series the records carry. */
export function trainingCurvesCsv(records: StepRecord[]): string {
  const has = (pick: (r: StepRecord) => Partial<Record<TwinName, unknown>>) =>
    TWINS.filter((t) => records.some((r) => pick(r)[t] !== undefined));
  const losses = has((r) => r.losses);
  const accuracies = has((r) => r.accuracies);
  const errors = has((r) => r.gradientErrors);
  const timings = has((r) => r.timingsMs);
  const header: Cell[] = [
    'step',
    ...losses.map((t) => `loss_${t}`),
    ...accuracies.map((t) => `accuracy_${t}`),
    'max_weight_diff',
    ...errors.map((t) => `max_gradient_rel_error_${t}`),
    ...timings.map((t) => `time_ms_${t}`),
  ];
  const rows = records.map((r): Cell[] => [
    r.step,
    ...losses.map((t) => r.losses[t]),
    ...accuracies.map((t) => r.accuracies[t]),
    r.maxWeightDiff,
    ...errors.map((t) => {
      const e = r.gradientErrors[t];
      return e && e.length > 0 ? Math.max(...e) : undefined;
    }),
    ...timings.map((t) => r.timingsMs[t]),
  ]);
  return csvOf([header, ...rows]);
}
