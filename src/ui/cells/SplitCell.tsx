// Cell 3: where the model is cut. Each cut makes one more part, model_0 … model_k; the
// gradients below are recomputed for every new set of cuts.
import { memo } from 'react';
import { partsOf } from '../../core/cuts';
import { SplitEditor } from '../split/SplitEditor';
import type { NotebookSettings } from '../state/notebookSettings';
import type { ErrorNotice } from '../state/sessionState';
import { Cell } from './Cell';

interface SplitCellProps {
  model: NotebookSettings['model'];
  cuts: number[];
  batch: number;
  error?: ErrorNotice;
  /** New cuts, from the drop's or key's own event. */
  onChange: (cuts: number[]) => void;
}

export const SplitCell = memo(function SplitCell({
  model,
  cuts,
  batch,
  error,
  onChange,
}: SplitCellProps) {
  const parts = partsOf(model.spec.input, model.shapes, cuts);
  return (
    <Cell
      number={3}
      id="split"
      title="Split"
      lead="Drag a cut between two layers. Each part gets its own tape, as in the question; the chained VJPs carry dL/d(out) from one part to the one before."
      errors={[error]}
      status={
        <span data-testid="parts-summary">
          {parts.map((p) => `${p.name}: layers ${p.firstLayer}–${p.lastLayer}`).join(' | ')}
        </span>
      }
    >
      <SplitEditor
        layers={model.spec.layers}
        shapes={model.shapes}
        inputShape={model.spec.input}
        cuts={cuts}
        batch={batch}
        onChange={onChange}
      />
    </Cell>
  );
});
