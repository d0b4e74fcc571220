// The seed-style table as data: per method, one row per compared tensor, last part first (the
// order the chain rule computes them), each boundary gradient between its two parts, judged
// against the reference and, when the float64 check ran, against it too.
import type { Comparison, SampledComparison } from '../../core/compare';
import type { GradientsReport } from '../../worker/protocol';
import { boundaryName, seedWeightNames } from '../../core/format';

export interface GradientRow {
  name: string;
  /** What the tensor is, e.g. "kernel of layer 3 (dense), model_2". */
  what: string;
  shape: number[];
  kind: 'weight' | 'boundary';
  /** Index into the method's weights or boundaries. */
  index: number;
  comparison: Comparison;
  /** Against fd64's sampled float64 gradient, when it ran. */
  againstFd64?: SampledComparison;
}

type MethodReport = GradientsReport['methods'][number];

export function gradientRows(report: GradientsReport, method: MethodReport): GradientRow[] {
  const names = seedWeightNames(report.weights);
  const rows: GradientRow[] = [];
  for (let k = report.parts.length - 1; k >= 0; k--) {
    report.weights.forEach((w, i) => {
      if (w.part !== k || !method.weightComparisons[i]) return;
      rows.push({
        name: names[i],
        what: `${w.name}, ${report.parts[k].name}`,
        shape: w.shape,
        kind: 'weight',
        index: i,
        comparison: method.weightComparisons[i],
        againstFd64: method.againstFd64?.weights[i],
      });
    });
    const cut = k > 0 ? report.boundaries[k - 1] : undefined;
    if (cut && method.boundaryComparisons[k - 1])
      rows.push({
        name: boundaryName(k - 1),
        what: `dL/d(out of ${report.parts[k - 1].name}), cut after layer ${cut.cut}`,
        shape: cut.shape,
        kind: 'boundary',
        index: k - 1,
        comparison: method.boundaryComparisons[k - 1],
        againstFd64: method.againstFd64?.boundaries[k - 1],
      });
  }
  return rows;
}
