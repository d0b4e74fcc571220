// The parts model_0 … model_k side by side, with the cuts between them and the loss at the end:
// the part at work is lit, the ones done are outlined, and each cut shows what crossed it.
import { Fragment } from 'react';
import type { StepTrace } from '../../worker/protocol';
import { partStatus, type Frame } from './frames';

interface PartStripProps {
  trace: StepTrace;
  frame: Frame;
}

/** What crossed cut k by this frame: out_k forward, then g_k backward. */
function cutState(frame: Frame, k: number): 'none' | 'forward' | 'backward' {
  switch (frame.kind) {
    case 'title':
      return 'none';
    case 'forward':
      return frame.part >= k ? 'forward' : 'none';
    case 'loss':
      return 'forward';
    case 'upstream':
    case 'vjp':
      return frame.part <= k ? 'backward' : 'forward';
    case 'compare':
    case 'update':
      return 'backward';
  }
}

export function PartStrip({ trace, frame }: PartStripProps) {
  const last = trace.parts.length - 1;
  const lossLit =
    frame.kind === 'loss' || (frame.kind === 'upstream' && frame.part === last)
      ? 'active'
      : ['title', 'forward'].includes(frame.kind)
        ? 'waiting'
        : 'done';
  return (
    <ol className="presenter-strip" aria-label="the parts">
      {trace.parts.map((p) => {
        const crossed = p.index < last ? cutState(frame, p.index) : 'none';
        return (
          <Fragment key={p.index}>
            <li className={`presenter-part is-${partStatus(frame, p.index, last)}`}>
              <strong>{p.name}</strong>
              <span>
                layers {p.firstLayer}
                {p.lastLayer > p.firstLayer ? `–${p.lastLayer}` : ''}
              </span>
            </li>
            {p.index < last ? (
              <li className={`presenter-cut is-${crossed}`} aria-label={`cut ${p.index}`}>
                <span className="presenter-cut-line" aria-hidden="true" />
                <span className="presenter-cut-label">
                  {crossed === 'forward'
                    ? `out_${p.index} →`
                    : crossed === 'backward'
                      ? `← g_${p.index}`
                      : ''}
                </span>
              </li>
            ) : null}
          </Fragment>
        );
      })}
      <li className={`presenter-part presenter-loss is-${lossLit}`}>
        <strong>L</strong>
        <span>{trace.lossName}</span>
      </li>
    </ol>
  );
}
