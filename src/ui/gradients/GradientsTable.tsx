// The seed's check, as a table per method: `dLoss_dWeights2 valid: True` rows (last part first,
// the order the chain rule computes them) with the max abs/rel error and the cosine against
// the reference. True/False are written out, not only coloured.
import type { MethodName } from '../../core/gradients/types';
import type { GradientsReport } from '../../worker/protocol';
import { formatMs, pythonBool, scientific } from '../format/numbers';
import { gradientRows } from './gradientRows';
import { METHOD_DESCRIPTIONS } from './methods';

interface GradientsTableProps {
  report: GradientsReport;
  /** Methods to show, in order; the reference is the yardstick, not a row. */
  methods?: MethodName[];
}

const SHOWN: MethodName[] = ['vjp', 'jacobian', 'naive'];

export function GradientsTable({ report, methods = SHOWN }: GradientsTableProps) {
  return (
    <div className="gradient-tables" data-cuts={report.cuts.join(',')}>
      {methods.map((name) => {
        const method = report.methods.find((m) => m.method === name);
        if (!method)
          return (
            <div key={name} className="method-pending" data-method={name}>
              <h3>{name}</h3>
              <p>
                {name === 'jacobian'
                  ? 'Computing… the Jacobian method needs one VJP per output element of every part, so it arrives after the others.'
                  : 'Not computed for this report.'}
              </p>
            </div>
          );
        if (method.refused)
          return (
            <div key={name} className="method-refused" data-method={name}>
              <h3>
                {name}: {METHOD_DESCRIPTIONS[name]}
              </h3>
              <p>
                <strong>Refused:</strong> {method.refused}. This is the seed answer&apos;s own
                &ldquo;gotcha&rdquo;; the chained VJPs never build these Jacobians.
              </p>
            </div>
          );
        const rows = gradientRows(report, method);
        const valid = rows.filter((r) => r.comparison.allclose).length;
        return (
          <table key={name} className="gradient-table" data-method={name}>
            <caption>
              <strong>{name}</strong>: {METHOD_DESCRIPTIONS[name]} — {valid}/{rows.length} allclose,
              loss {method.loss.toPrecision(6)}, {formatMs(method.timeMs)}
            </caption>
            <thead>
              <tr>
                <th scope="col">gradient</th>
                <th scope="col">valid</th>
                <th scope="col" className="number">
                  max |Δ|
                </th>
                <th scope="col" className="number">
                  max rel
                </th>
                <th scope="col" className="number">
                  cosine
                </th>
                <th scope="col">what</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} data-valid={pythonBool(row.comparison.allclose)}>
                  <th scope="row" className="seed-name">
                    {row.name}
                  </th>
                  <td className={row.comparison.allclose ? 'valid' : 'invalid'}>
                    <span aria-hidden="true">{row.comparison.allclose ? '✓ ' : '✗ '}</span>
                    {pythonBool(row.comparison.allclose)}
                  </td>
                  <td className="number">{scientific(row.comparison.maxAbsError)}</td>
                  <td className="number">{scientific(row.comparison.maxRelError)}</td>
                  <td className="number">{row.comparison.cosine.toFixed(6)}</td>
                  <td className="what">
                    {row.what} [{row.shape.join('×')}]
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
