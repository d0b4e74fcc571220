// An error boundary per cell: a cell that throws while drawing shows what went wrong in words
// and a way to try again, and the rest of the notebook keeps working.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface CellBoundaryProps {
  cellTitle: string;
  children: ReactNode;
}

interface CellBoundaryState {
  error: Error | null;
}

export class CellBoundary extends Component<CellBoundaryProps, CellBoundaryState> {
  state: CellBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): CellBoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    // Kept in the console for whoever debugs it; the learner sees the message below.
    console.error(`The ${this.props.cellTitle} cell failed:`, error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="cell-crash" role="alert">
        <p>
          <strong>The {this.props.cellTitle} cell could not be drawn:</strong>{' '}
          {this.state.error.message}
        </p>
        <p>The other cells still work.</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try this cell again
        </button>
      </div>
    );
  }
}
