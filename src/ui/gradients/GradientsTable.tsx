// The seed's check, as a table per method: `dLoss_dWeights2 valid: True` rows (last part first,
// the order the chain rule computes them) with the max abs/rel error and the cosine against
// the reference, and, when the float64 check ran, a second verdict against it: agreeing with
// the reference says "the same as tfjs's tape", agreeing with float64 says "right".
// True/False are written out, not only coloured.
import type { MethodName } from '../../core/gradients/types';
import type { GradientsReport } from '../../worker/protocol';
import { formatMs, pythonBool, scientific } from '../format/numbers';
import { fd64Verdict } from './fd64';
import { gradientRows } from './gradientRows';
import { METHOD_DESCRIPTIONS } from './methods';
import { tablePlaceholder } from './tablePlaceholder';
import { Verdict } from './Verdict';

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
        const againstFd64 = fd64Verdict(report, method);
        return (
          <div key={name} className="gradient-table-scroll" style={tablePlaceholder(rows.length)}>
            <table className="gradient-table" data-method={name}>
              <caption>
                <strong>{name}</strong>: {METHOD_DESCRIPTIONS[name]} — {valid}/{rows.length}{' '}
                allclose to the reference
                {againstFd64
                  ? `, ${againstFd64.agreeing}/${againstFd64.checked} agree with float64`
                  : ''}
                , loss {method.loss.toPrecision(6)}, {formatMs(method.timeMs)}
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
                  {againstFd64 ? (
                    <>
                      <th scope="col">float64 check</th>
                      <th scope="col" className="number">
                        rel to float64
                      </th>
                    </>
                  ) : null}
                  <th scope="col">what</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr
                    key={row.name}
                    data-valid={pythonBool(row.comparison.allclose)}
                    data-fd64={row.againstFd64 ? pythonBool(row.againstFd64.agrees) : undefined}
                  >
                    <th scope="row" className="seed-name">
                      {row.name}
                    </th>
                    <Verdict isTrue={row.comparison.allclose} />
                    <td className="number">{scientific(row.comparison.maxAbsError)}</td>
                    <td className="number">{scientific(row.comparison.maxRelError)}</td>
                    <td className="number">{row.comparison.cosine.toFixed(6)}</td>
                    {againstFd64 && row.againstFd64 ? (
                      <>
                        <Verdict isTrue={row.againstFd64.agrees} />
                        <td className="number">{scientific(row.againstFd64.maxRelError)}</td>
                      </>
                    ) : null}
                    <td className="what">
                      {row.what} [{row.shape.join('×')}]
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}
