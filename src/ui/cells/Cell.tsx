// One notebook cell: a numbered heading, a one-line purpose, the worker's errors that belong
// here (in words), and the content inside its own error boundary.
import type { ReactNode } from 'react';
import type { ErrorNotice } from '../state/sessionState';
import { CellBoundary } from './CellBoundary';

interface CellProps {
  number: number;
  title: string;
  /** A stable name for links, tests and screenshots. */
  id: string;
  lead?: ReactNode;
  errors?: (ErrorNotice | undefined)[];
  status?: ReactNode;
  children: ReactNode;
}

export function Cell({ number, title, id, lead, errors = [], status, children }: CellProps) {
  const shown = errors.filter((e): e is ErrorNotice => e !== undefined);
  return (
    <section className="cell" id={id} aria-labelledby={`${id}-title`} data-cell={id}>
      <header className="cell-header">
        <h2 id={`${id}-title`}>
          <span className="cell-number" aria-hidden="true">
            {number}
          </span>
          {title}
        </h2>
        {status ? <div className="cell-status">{status}</div> : null}
      </header>
      {lead ? <p className="cell-lead">{lead}</p> : null}
      {shown.map((e) => (
        <p key={e.message} className="cell-error" role="alert">
          {e.recoverable ? '' : 'Stopped: '}
          {e.message}
        </p>
      ))}
      <CellBoundary cellTitle={title}>{children}</CellBoundary>
    </section>
  );
}
