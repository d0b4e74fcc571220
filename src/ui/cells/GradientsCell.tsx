// Cell 4: the gradients of every method against the reference, for the current cuts: the
// seed's allclose table, judged a second time against the float64 check when it ran (and a loud
// alert when tfjs's reference itself is wrong), the error, norm and element-by-element charts,
// and what the Jacobian method costs as the model grows.
import { memo, useDeferredValue, type Dispatch } from 'react';
import type { CostPoint, GradientsReport, Request } from '../../worker/protocol';
import { CostChart, ErrorChart, GradientScatterChart, NormChart } from '../charts/lazyCharts';
import { formatMs, scientific } from '../format/numbers';
import { costSizes } from '../gradients/costSizes';
import { Fd64Check, ReferenceWrongAlert } from '../gradients/Fd64Check';
import { GradientsTable } from '../gradients/GradientsTable';
import { ALL_METHODS } from '../gradients/methods';
import type { ErrorNotice } from '../state/sessionState';
import { CheckSettings } from '../gradients/CheckSettings';
import type { GradientCheckSettings, SettingsAction } from '../state/notebookSettings';
import { ATOL, RTOL } from '../../core/compare';
import { Cell } from './Cell';

interface GradientsCellProps {
  report: GradientsReport | null;
  isComputing: boolean;
  input: number[];
  cost: CostPoint[] | null;
  isMeasuringCost: boolean;
  cuts: number[];
  send: (request: Request) => void;
  /** A failure of the comparison itself, shown here where it happened. */
  error?: ErrorNotice;
  check: GradientCheckSettings;
  dispatch: Dispatch<SettingsAction>;
}

export const GradientsCell = memo(function GradientsCell(props: GradientsCellProps) {
  const { report, isComputing, input, cost, isMeasuringCost, cuts, send, error, check, dispatch } =
    props;
  const sizes = costSizes(input);
  // The table commits first; the float64 check's section (~3 ms) and the charts (recharts, tens
  // of ms each) follow in a deferred render: the table is what a dropped cut waits for.
  const laterReport = useDeferredValue(report);
  return (
    <Cell
      number={4}
      id="gradients"
      title="Gradients"
      errors={[error]}
      lead={`Every method computes dL/dW for the same weights and batch; each is checked against the one-tape reference with numpy's allclose (rtol ${scientific(RTOL, 0)}, atol ${scientific(ATOL, 0)}), and against float64 finite differences that do not use tfjs at all.`}
      status={
        report ? (
          <span aria-live="polite">
            cuts [{report.cuts.join(', ')}] · batch {report.batch} ·{' '}
            {report.context.training ? 'dropout active' : 'inference'} ·{' '}
            {formatMs(report.elapsedMs)}
            {isComputing ? ' · updating…' : ''}
          </span>
        ) : (
          <span>computing…</span>
        )
      }
    >
      {report ? (
        <>
          <ReferenceWrongAlert report={report} />
          <p className="recompute">
            The comparison uses the reference twin&apos;s current weights.{' '}
            <button
              type="button"
              disabled={isComputing}
              onClick={() => send({ type: 'computeGradients', cuts, methods: ALL_METHODS })}
            >
              Recompute at the current weights
            </button>
          </p>
          <CheckSettings check={check} dispatch={dispatch} />
          <Fd64Section report={laterReport ?? report} />
          <ComparisonTable report={report} />
          <GradientCharts report={laterReport ?? report} />
        </>
      ) : (
        <p className="placeholder">Waiting for the first gradients from the worker…</p>
      )}
      <section className="cost" aria-labelledby="cost-title">
        <h3 id="cost-title">What the Jacobian method costs as the model grows</h3>
        <p>
          The seed answer builds every part&apos;s full Jacobian; its memory grows with (output size
          × parameter count). The chained VJPs need one backward pass. Measure both at input sizes{' '}
          {sizes.join(', ')}:
        </p>
        <button
          type="button"
          onClick={() => send({ type: 'measureCost', sizes })}
          disabled={isMeasuringCost}
        >
          {isMeasuringCost ? 'Measuring…' : cost ? 'Measure again' : 'Measure the cost'}
        </button>
        {cost && cost.length > 0 ? (
          <div className="chart-grid">
            <CostChart
              points={cost}
              measure="memory"
              sizeLabel={input.length === 3 ? 'input side (pixels)' : 'input length (features)'}
            />
            <CostChart
              points={cost}
              measure="time"
              sizeLabel={input.length === 3 ? 'input side (pixels)' : 'input length (features)'}
            />
          </div>
        ) : cost ? (
          <p>No size could be measured for this model.</p>
        ) : null}
      </section>
    </Cell>
  );
});

// Memoised on the report alone: a new cut list re-renders the cell (its button needs the cuts)
// but not the tables and charts of the old report, which would hold up sending the new cuts.
const ComparisonTable = memo(function ComparisonTable({ report }: { report: GradientsReport }) {
  return <GradientsTable report={report} />;
});

const Fd64Section = memo(Fd64Check);

const GradientCharts = memo(function GradientCharts({ report }: { report: GradientsReport }) {
  return (
    <div className="chart-grid">
      <ErrorChart report={report} />
      <NormChart report={report} />
      <GradientScatterChart report={report} />
    </div>
  );
});
