// The seed-style table as data: per method, one row per compared tensor, last part first (the
// order the chain rule computes them), each boundary gradient between its two parts, judged
// against the reference and, when the float64 check ran, against it too.
import type { Comparison, SampledComparison } from '../../core/compare';
import type { GradientsReport } from '../../worker/protocol';
import { chainRuleRows } from '../../core/format';

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
  return chainRuleRows(report).flatMap(({ kind, index, name }): GradientRow[] => {
    const comparison = (kind === 'weight' ? method.weightComparisons : method.boundaryComparisons)[
      index
    ];
    if (!comparison) return [];
    const againstFd64 = (
      kind === 'weight' ? method.againstFd64?.weights : method.againstFd64?.boundaries
    )?.[index];
    if (kind === 'weight') {
      const w = report.weights[index];
      return [
        {
          name,
          what: `${w.name}, ${report.parts[w.part].name}`,
          shape: w.shape,
          kind,
          index,
          comparison,
          againstFd64,
        },
      ];
    }
    const cut = report.boundaries[index];
    return [
      {
        name,
        what: `dL/d(out of ${report.parts[index].name}), cut after layer ${cut.cut}`,
        shape: cut.shape,
        kind,
        index,
        comparison,
        againstFd64,
      },
    ];
  });
}
