// Text for the terminal: per method, the seed's `dLoss_dWeights2 valid: True` lines (last part
// first, the order the chain rule computes them) with the errors, then a summary.
import type { Comparison } from '../core/compare';
import { boundaryName, formatBytes, pythonBool, scientific, seedWeightNames } from '../core/format';
import type { GradientReport, MethodReport } from '../core/report';

const DESCRIPTIONS: Record<string, string> = {
  reference: 'one tape over the whole model (the yardstick)',
  vjp: 'a tape per part, chained by vector-Jacobian products',
  jacobian: "the seed answer's full Jacobians per part",
  naive: "the question's separate tapes, no upstream gradient",
};

const errors = (c: Comparison) =>
  `max|Δ| ${scientific(c.maxAbsError).padEnd(7)} rel ${scientific(c.maxRelError).padEnd(7)} cos ${c.cosine.toFixed(6)}`;

function formatMethod(report: GradientReport, m: MethodReport): string[] {
  const head = `== ${m.method}: ${DESCRIPTIONS[m.method]}`;
  if (m.refused) return [head, `refused: ${m.refused}`];
  const names = seedWeightNames(report.weights);
  const lines = [head + ` — loss ${m.loss.toPrecision(8)}, ${m.timeMs.toFixed(0)} ms`];
  const width = Math.max(...names.map((n) => n.length), boundaryName(0).length);
  for (let k = report.parts.length - 1; k >= 0; k--) {
    report.weights.forEach((w, i) => {
      if (w.part !== k) return;
      const c = m.weightComparisons[i];
      lines.push(
        `${`${names[i]} valid:`.padEnd(width + 7)} ${pythonBool(c.allclose).padEnd(5)}  ${errors(c)}  ${w.name}, ${report.parts[k].name}`,
      );
    });
    if (k > 0) {
      const c = m.boundaryComparisons[k - 1];
      const cut = report.boundaries[k - 1];
      lines.push(
        `${`${boundaryName(k - 1)} valid:`.padEnd(width + 7)} ${pythonBool(c.allclose).padEnd(5)}  ${errors(c)}  dL/d(out of ${report.parts[k - 1].name}) [${cut.shape.join(', ')}], cut after layer ${cut.cut}`,
      );
    }
  }
  return lines;
}

export function formatCheck(report: GradientReport, backend: string): string {
  const parts = report.parts
    .map((p) => `${p.name} = layers ${p.firstLayer}–${p.lastLayer} (${p.paramCount} params)`)
    .join(' | ');
  const lines = [
    `${report.model}: cuts [${report.cuts.join(', ')}] → ${parts}`,
    `batch ${report.batch}, ${report.context.training ? 'training (dropout active)' : 'inference'}, backend ${backend}, allclose: rtol 1e-5, atol 1e-8`,
  ];
  for (const m of report.methods) {
    if (m.method !== 'reference') lines.push('', ...formatMethod(report, m));
  }
  const jacobian = report.methods.find((m) => m.method === 'jacobian' && !m.refused);
  if (jacobian) {
    const bytes = Math.max(...report.jacobianPlans.map((p) => p.bytes));
    const vjps = report.jacobianPlans.reduce((n, p) => n + p.vjps, 0);
    lines.push(`(jacobian: ${vjps} VJPs, largest part ${formatBytes(bytes)} of Jacobians)`);
  }
  lines.push('', 'summary:');
  for (const m of report.methods) {
    if (m.method === 'reference') continue;
    const all = [...m.weightComparisons, ...m.boundaryComparisons];
    const ok = all.filter((c) => c.allclose).length;
    lines.push(
      m.refused
        ? `  ${m.method.padEnd(9)} refused (over the memory budget)`
        : `  ${m.method.padEnd(9)} ${ok}/${all.length} tensors allclose to the reference, ${m.timeMs.toFixed(0)} ms`,
    );
  }
  return lines.join('\n');
}
