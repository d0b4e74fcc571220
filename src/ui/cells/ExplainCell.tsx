// Cell 6: why chaining works. The chain rule written for the current parts, the VJP
// recursion that computes it without Jacobians, and the live numbers it names: the size of
// the gradient crossing each cut, each part's weight gradient, and the Jacobians it avoids.
import { memo, Suspense, useDeferredValue } from 'react';
import { norm } from '../../core/compare';
import type { GradientsReport } from '../../worker/protocol';
import { formatBytes, withSeparators } from '../format/numbers';
import { chainRuleFor, naiveFor, texNumber, vjpRecursion } from '../explain/chainRuleTex';
import { Tex } from '../explain/Tex';
import { seedWeightNames } from '../../core/format';
import { Cell } from './Cell';
import { WhenVisible } from './WhenVisible';

interface ExplainCellProps {
  report: GradientsReport | null;
  /** Opens presenter mode on one traced step. */
  onPresent?: () => void;
}

const sumOfSquares = (arrays: Float32Array[]) => arrays.reduce((s, a) => s + norm(a) ** 2, 0);

// A new report's formulas (KaTeX, a few ms) follow in a deferred render of their own, after the
// one that draws the new table: the table is what a dropped cut waits for.
export const ExplainCell = memo(function ExplainCell({ report, onPresent }: ExplainCellProps) {
  return <ExplainContent report={useDeferredValue(report)} onPresent={onPresent} />;
});

const ExplainContent = memo(function ExplainContent({ report, onPresent }: ExplainCellProps) {
  if (!report)
    return (
      <Cell number={6} id="explain" title="Explain">
        <p className="placeholder">The explanation appears with the first gradients.</p>
      </Cell>
    );
  const { parts } = report;
  return (
    <Cell
      number={6}
      id="explain"
      title="Explain"
      lead={`The model is cut into ${parts.length} part${parts.length === 1 ? '' : 's'}: ${parts.map((p) => `${p.name} (layers ${p.firstLayer}–${p.lastLayer})`).join(', ')}. out_k is the output of model_k; the last one is the prediction ŷ.`}
    >
      {onPresent ? (
        <p>
          <button type="button" onClick={onPresent}>
            Present one step
          </button>{' '}
          full screen, part by part (→ ← to step, Esc to leave).
        </p>
      ) : null}
      <WhenVisible placeholderHeight={FORMULAS_HEIGHT}>
        <Suspense fallback={<FormulasLoading />}>
          <Formulas report={report} />
        </Suspense>
      </WhenVisible>
    </Cell>
  );
});

/** Roughly the height the formulas and the table take, kept while they load. */
const FORMULAS_HEIGHT = '40rem';

const FormulasLoading = () => (
  <p className="placeholder" style={{ minHeight: FORMULAS_HEIGHT }}>
    Loading the formulas…
  </p>
);

/** The typeset part of the cell: it suspends until KaTeX has loaded. */
function Formulas({ report }: { report: GradientsReport }) {
  const { parts } = report;
  const vjp = report.methods.find((m) => m.method === 'vjp');
  const naive = report.methods.find((m) => m.method === 'naive');
  const last = parts.length - 1;
  const names = seedWeightNames(report.weights);
  return (
    <>
      <h3>The chain rule across the cuts</h3>
      {parts.map((p) => (
        <Tex key={p.index} tex={chainRuleFor(p.index, parts)} display />
      ))}
      <h3>How the chained VJPs compute it</h3>
      <p>
        No factor ∂out/∂out is ever built. Starting from the loss, each part takes the gradient g
        arriving at its output and, in one backward pass of its own tape, returns the gradient of
        its weights and the gradient g for the part before it:
      </p>
      {vjpRecursion(parts).map((line) => (
        <Tex key={line} tex={line} display />
      ))}
      {vjp ? (
        <>
          <h3>The numbers, now</h3>
          <table className="explain-numbers">
            <thead>
              <tr>
                <th scope="col">part</th>
                <th scope="col">gradient arriving at its output</th>
                <th scope="col">its weight gradient</th>
                <th scope="col">Jacobians the seed answer would build</th>
              </tr>
            </thead>
            <tbody>
              {parts.map((p) => {
                const indices = report.weights
                  .map((w, i) => (w.part === p.index ? i : -1))
                  .filter((i) => i >= 0);
                const weightNorm = Math.sqrt(sumOfSquares(indices.map((i) => vjp.weights[i].data)));
                const boundary = p.index < last ? vjp.boundaries[p.index] : undefined;
                const plan = report.jacobianPlans[p.index];
                return (
                  <tr key={p.index}>
                    <th scope="row">{p.name}</th>
                    <td>
                      {boundary ? (
                        <Tex
                          tex={`\\lVert g_{${p.index}} \\rVert = ${texNumber(norm(boundary.data))}\\ \\ [${boundary.shape.join('\\times ')}]`}
                        />
                      ) : (
                        <Tex tex={`g_{${p.index}} = \\partial L/\\partial \\hat{y}`} />
                      )}
                    </td>
                    <td>
                      {indices.length > 0 ? (
                        <Tex
                          tex={`\\lVert \\partial L/\\partial W_{${p.index}} \\rVert = ${texNumber(weightNorm)}`}
                        />
                      ) : (
                        'no weights'
                      )}
                    </td>
                    <td>
                      {plan
                        ? `${formatBytes(plan.bytes)} at its peak (${withSeparators(plan.jacobianFloats)} floats of Jacobians plus the contraction's product), ${withSeparators(plan.vjps)} VJPs to fill`
                        : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}
      <h3>What the question&apos;s separate tapes get wrong</h3>
      <p>
        Each tape differentiates its own part&apos;s output instead of the loss, so the gradient g
        arriving from later parts never enters — not even ∂L/∂ŷ for the last part:
      </p>
      {parts.map((p) => (
        <Tex key={p.index} tex={naiveFor(p.index, parts)} display />
      ))}
      {naive && !naive.refused ? (
        <p>
          Here the naive gradients point elsewhere; their cosine with the reference (1 would be the
          same direction) is{' '}
          {naive.weightComparisons.map((c, i) => `${names[i]} ${c.cosine.toFixed(3)}`).join(', ')}.
        </p>
      ) : null}
    </>
  );
}
