// What the twins learned, judged on held-out examples at the latest evaluation: each twin's
// accuracy, a few of its mistakes and (for more than two classes) its confusion matrix. The
// accuracy curve sits with the other training charts (charts/AccuracyChart.tsx).
import { memo } from 'react';
import type { Evaluation } from '../../worker/protocol';
import { TWIN_LABELS } from '../charts/twinSeries';
import { ConfusionMatrix } from './ConfusionMatrix';
import { percent, sameEvaluations, TWIN_ORDER } from './evaluations';
import { HeldOutMistakes } from './HeldOutMistakes';

interface HeldOutResultsProps {
  evaluations: Evaluation[];
}

export const HeldOutResults = memo(function HeldOutResults({ evaluations }: HeldOutResultsProps) {
  const last = evaluations.at(-1);
  const shown = last ? TWIN_ORDER.filter((t) => last.twins[t]) : [];
  return (
    <section className="held-out" aria-label="held-out evaluation">
      {last ? (
        <>
          <p className="held-out-summary" data-step={last.step}>
            Held-out accuracy at step {last.step} ({last.examples} examples):{' '}
            {shown.map((t, i) => (
              <span key={t} data-twin={t} data-accuracy={last.twins[t]!.accuracy}>
                {i > 0 ? ' · ' : ''}
                {TWIN_LABELS[t]} <strong>{percent(last.twins[t]!.accuracy)}</strong>
              </span>
            ))}
          </p>
          <div className="held-out-twins">
            {shown.map((t) => {
              const score = last.twins[t]!;
              return (
                <div key={t} className="held-out-twin" data-twin={t}>
                  <h3>
                    {TWIN_LABELS[t]}: {score.correct} of {score.examples} right
                  </h3>
                  <p className="held-out-caption">
                    Some it got wrong (true → predicted, and the model&apos;s output):
                  </p>
                  <HeldOutMistakes mistakes={score.mistakes} classNames={last.classNames} />
                  {last.classNames.length > 2 ? (
                    <ConfusionMatrix
                      confusion={score.confusion}
                      classNames={last.classNames}
                      caption={`Confusion matrix of ${TWIN_LABELS[t]} at step ${last.step}: rows are the true classes, columns the predictions`}
                    />
                  ) : null}
                </div>
              );
            })}
          </div>
        </>
      ) : (
        <p className="placeholder">
          The twins are scored on held-out examples every few steps once training starts.
        </p>
      )}
    </section>
  );
}, sameEvaluations);
