// Presenter mode: one real training step of the split model, frame by frame, full screen, large
// and high-contrast. → and ← (or PageDown/PageUp from a clicker, or the buttons) move; Esc leaves.
// Every number and picture is the worker's trace of the step (core/trace.ts), none invented.
import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { GradientsReport, StepTrace } from '../../worker/protocol';
import type { ErrorNotice } from '../state/sessionState';
import { PresenterFrame } from './PresenterFrame';
import { PartStrip } from './PartStrip';
import { framesOf, frameTitle } from './frames';
import './Presenter.css';

interface PresenterViewProps {
  trace: { trace: StepTrace; step: number } | null;
  isTracing: boolean;
  /** The latest gradient report, for the float64 check when it ran at the trace's cuts. */
  report: GradientsReport | null;
  error?: ErrorNotice;
  onClose: () => void;
}

const NEXT_KEYS = ['ArrowRight', 'PageDown'];
const PREVIOUS_KEYS = ['ArrowLeft', 'PageUp'];

export function PresenterView({ trace, isTracing, report, error, onClose }: PresenterViewProps) {
  const frames = useMemo(() => (trace ? framesOf(trace.trace) : []), [trace]);
  const [index, setIndex] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const last = frames.length - 1;
  const go = useCallback(
    (delta: number) => setIndex((i) => Math.min(Math.max(i + delta, 0), Math.max(last, 0))),
    [last],
  );

  // A new trace starts from its title.
  useEffect(() => setIndex(0), [trace]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
      else if (NEXT_KEYS.includes(event.key)) go(1);
      else if (PREVIOUS_KEYS.includes(event.key)) go(-1);
      else if (event.key === 'Home') setIndex(0);
      else if (event.key === 'End') setIndex(Math.max(last, 0));
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, last, onClose]);

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    root.current?.focus();
    return () => opener?.focus?.();
  }, []);

  const ready = trace !== null && !isTracing && frames.length > 0;
  const frame = ready ? frames[Math.min(index, last)] : null;
  return (
    <div
      ref={root}
      className="presenter"
      role="dialog"
      aria-modal="true"
      aria-label="Presenter: one step, part by part"
      tabIndex={-1}
      data-frame={frame ? index : undefined}
      data-frames={frames.length}
    >
      <header className="presenter-top">
        <h2>{frame && trace ? frameTitle(frame, trace.trace) : 'Presenter: one step'}</h2>
        {frame ? (
          <span className="presenter-count" aria-live="polite">
            {index + 1} / {frames.length}
          </span>
        ) : null}
      </header>
      {frame && trace ? (
        <>
          <PartStrip trace={trace.trace} frame={frame} />
          <section className="presenter-detail">
            {/* Its formulas wait for KaTeX, loaded on first use. */}
            <Suspense fallback={<p className="presenter-wait">Loading the formulas…</p>}>
              <PresenterFrame frame={frame} trace={trace.trace} step={trace.step} report={report} />
            </Suspense>
          </section>
        </>
      ) : (
        <p className="presenter-wait" role={error ? 'alert' : 'status'}>
          {error ? error.message : 'Tracing one step in the worker…'}
        </p>
      )}
      <footer className="presenter-nav">
        <button type="button" onClick={() => go(-1)} disabled={!frame || index === 0}>
          ← Previous
        </button>
        <span className="presenter-hint">→ ← to step · Esc to leave</span>
        <button type="button" onClick={onClose}>
          Leave (Esc)
        </button>
        <button type="button" onClick={() => go(1)} disabled={!frame || index >= last}>
          Next →
        </button>
      </footer>
    </div>
  );
}
