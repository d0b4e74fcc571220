// Text for the terminal: per method, the seed's `dLoss_dWeights2 valid: True` lines (last part
// first, the order the chain rule computes them) with the errors, then a summary.
import { ATOL, RTOL, type Comparison, type SampledComparison } from '../core/compare';
import { describeReferenceVerdict, fd64Verdict } from '../core/fd64Verdict';
import { chainRuleRows, formatBytes, pythonBool, scientific } from '../core/format';
import { METHOD_TEXT } from '../core/gradients/types';
import type { GradientReport, MethodReport } from '../core/report';

const errors = (c: Comparison) =>
  `max|Δ| ${scientific(c.maxAbsError).padEnd(7)} rel ${scientific(c.maxRelError).padEnd(7)} cos ${c.cosine.toFixed(6)}`;

function formatMethod(report: GradientReport, m: MethodReport): string[] {
  const head = `== ${m.method}: ${METHOD_TEXT[m.method].description}`;
  if (m.refused) return [head, `refused: ${m.refused}`];
  const rows = chainRuleRows(report);
  const lines = [head + ` — loss ${m.loss.toPrecision(8)}, ${m.timeMs.toFixed(0)} ms`];
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const { kind, index, name, part } of rows) {
    const c = (kind === 'weight' ? m.weightComparisons : m.boundaryComparisons)[index];
    const cut = report.boundaries[index];
    const what =
      kind === 'weight'
        ? `${report.weights[index].name}, ${report.parts[part].name}`
        : `dL/d(out of ${report.parts[part].name}) [${cut.shape.join(', ')}], cut after layer ${cut.cut}`;
    lines.push(
      `${`${name} valid:`.padEnd(width + 7)} ${pythonBool(c.allclose).padEnd(5)}  ${errors(c)}  ${what}`,
    );
  }
  return lines;
}

/** Every computed method against fd64, one line per tensor, last part first. */
function formatFd64(report: GradientReport): string[] {
  const fd64 = report.fd64;
  if (!fd64) return [];
  const methods = report.methods.filter((m) => m.againstFd64);
  const verdict = (c: SampledComparison) =>
    `${pythonBool(c.agrees).padEnd(5)} ${scientific(c.maxRelError).padEnd(7)}`;
  const lines = [
    `== fd64: ${METHOD_TEXT.fd64.description} — loss ${fd64.loss.toPrecision(8)}, ${fd64.timeMs.toFixed(0)} ms`,
    `h ${scientific(fd64.step, 0)}, up to ${fd64.samplesPerTensor} sampled elements per tensor (seed ${fd64.seed}), ${fd64.evaluations} float64 forward passes;`,
    `a method agrees when max|Δ| over the sample ≤ ${scientific(fd64.tolerance, 0)} × the tensor's largest magnitude (the number is that ratio)`,
    `${''.padEnd(22)}${'sampled'.padEnd(14)}${methods.map((m) => m.method.padEnd(15)).join('')}`.trimEnd(),
  ];
  const row = (name: string, sampled: string, pick: (m: MethodReport) => SampledComparison) =>
    `${name.padEnd(22)}${sampled.padEnd(14)}${methods.map((m) => verdict(pick(m)).padEnd(15)).join('')}`.trimEnd();
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  for (const { kind, index, name } of chainRuleRows(report)) {
    const sampled =
      kind === 'weight'
        ? `${fd64.weights[index].indices.length}/${size(report.weights[index].shape)}`
        : `${fd64.boundaries[index].indices.length}/${size(report.boundaries[index].shape)}`;
    lines.push(
      row(name, sampled, (m) =>
        kind === 'weight' ? m.againstFd64!.weights[index] : m.againstFd64!.boundaries[index],
      ),
    );
  }
  const warning = describeReferenceVerdict(report);
  if (warning) lines.push('', `!! ${warning}`);
  return lines;
}

/** True when every computed method but naive agrees with fd64 (or fd64 did not run). */
export const agreesWithFd64 = (report: GradientReport) =>
  report.methods
    .filter((m) => m.method !== 'naive' && m.againstFd64)
    .every((m) => !fd64Verdict(report, m)?.first);

export function formatCheck(report: GradientReport, backend: string, fd64Skipped?: string): string {
  const parts = report.parts
    .map((p) => `${p.name} = layers ${p.firstLayer}–${p.lastLayer} (${p.paramCount} params)`)
    .join(' | ');
  const lines = [
    `${report.model}: cuts [${report.cuts.join(', ')}] → ${parts}`,
    `batch ${report.batch}, ${report.context.training ? 'training (dropout active)' : 'inference'}, backend ${backend}, allclose: rtol ${scientific(RTOL, 0)}, atol ${scientific(ATOL, 0)}`,
  ];
  for (const m of report.methods) {
    if (m.method !== 'reference') lines.push('', ...formatMethod(report, m));
  }
  if (report.fd64) lines.push('', ...formatFd64(report));
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
  if (report.fd64) {
    const agreeing = report.methods
      .filter((m) => m.againstFd64)
      .map((m) => {
        const v = fd64Verdict(report, m)!;
        return `${m.method} ${v.agreeing}/${v.checked}`;
      });
    lines.push(
      `  fd64      agree with float64 (tolerance ${scientific(report.fd64.tolerance, 0)}): ${agreeing.join(', ')}; ${report.fd64.timeMs.toFixed(0)} ms`,
    );
  } else if (fd64Skipped) lines.push(`  fd64      not run: ${fd64Skipped}`);
  return lines.join('\n');
}
