// Is tfjs's own gradient right? The float64 check (fd64) answers without tfjs: how it sampled,
// the step and tolerance it used, and its verdict on the one-tape reference, tensor by tensor.
// When fd64 did not run, one line says so and what it would have cost.
import type { GradientsReport } from '../../worker/protocol';
import { formatMs, scientific, withSeparators } from '../format/numbers';
import { describeReferenceVerdict, fd64NotRunText, fd64Verdict, sampledText } from './fd64';
import { gradientRows } from './gradientRows';
import { FD64_TEXT, METHOD_LABELS } from './methods';
import { tablePlaceholder } from './tablePlaceholder';
import { Verdict } from './Verdict';

/** The loud block at the top of the cell when tfjs's reference disagrees with float64. */
export function ReferenceWrongAlert({ report }: { report: GradientsReport }) {
  const sentence = describeReferenceVerdict(report);
  if (!sentence) return null;
  return (
    <div className="fd64-alert" role="alert">
      <p className="fd64-alert-title">
        <span aria-hidden="true">⚠ </span>The reference gradient is wrong
      </p>
      <p>{sentence}</p>
      <p>
        Below, True against the reference means only &ldquo;the same as tfjs&apos;s tape&rdquo;; the
        float64 check column says which gradients are right.
      </p>
    </div>
  );
}

export function Fd64Check({ report }: { report: GradientsReport }) {
  const fd64 = report.fd64;
  const reference = report.methods.find((m) => m.method === 'reference');
  if (!fd64 || !reference?.againstFd64) {
    // The worker's own estimate, at the sample size it was asked for.
    return <p className="fd64-not-run">{fd64NotRunText(report.fd64Estimate?.seconds)}</p>;
  }
  const verdict = fd64Verdict(report, reference)!;
  const rows = gradientRows(report, reference);
  const sizeOf = (row: (typeof rows)[number]) => row.shape.reduce((a, b) => a * b, 1);
  const sampledOf = (row: (typeof rows)[number]) =>
    (row.kind === 'weight' ? fd64.weights : fd64.boundaries)[row.index].indices.length;
  return (
    <section className="fd64-check" aria-labelledby="fd64-title">
      <h3 id="fd64-title">Is tfjs&apos;s own gradient right? The float64 check</h3>
      <p>
        <strong>{FD64_TEXT.label}</strong>: {FD64_TEXT.description}. For each sampled element θ it
        computes (L(θ + h) − L(θ − h)) / 2h with <strong>h = {scientific(fd64.step, 0)}</strong>, up
        to {fd64.samplesPerTensor} elements per tensor (smaller tensors in full),{' '}
        {withSeparators(fd64.evaluations)} float64 forward passes in{' '}
        <strong>{formatMs(fd64.timeMs)}</strong>. A float32 gradient agrees when its largest error
        over the sample is at most <strong>{scientific(fd64.tolerance, 0)}</strong> of the
        tensor&apos;s scale (its largest magnitude).
      </p>
      <div className="gradient-table-scroll" style={tablePlaceholder(rows.length)}>
        <table className="gradient-table" data-method="reference">
          <caption>
            <strong>{METHOD_LABELS.reference}</strong> against float64: {verdict.agreeing}/
            {verdict.checked} agree
          </caption>
          <thead>
            <tr>
              <th scope="col">gradient</th>
              <th scope="col">sampled</th>
              <th scope="col">float64 check</th>
              <th scope="col" className="number">
                rel to float64
              </th>
              <th scope="col">what</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name} data-fd64={row.againstFd64!.agrees ? 'True' : 'False'}>
                <th scope="row" className="seed-name">
                  {row.name}
                </th>
                <td>{sampledText(sampledOf(row), sizeOf(row))}</td>
                <Verdict isTrue={row.againstFd64!.agrees} />
                <td className="number">{scientific(row.againstFd64!.maxRelError)}</td>
                <td className="what">
                  {row.what} [{row.shape.join('×')}]
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
