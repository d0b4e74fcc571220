// Cell 2: the model. The editor holds a draft; the last valid spec keeps running while the
// draft has problems, and the cell says which model is running.
import { memo, useCallback } from 'react';
import { checkSpec } from '../../core/spec';
import type { ModelSummary } from '../../worker/protocol';
import { withSeparators } from '../format/numbers';
import { ModelEditor } from '../model/ModelEditor';
import type { NotebookSettings, SettingsAction } from '../state/notebookSettings';
import type { ErrorNotice } from '../state/sessionState';
import { Cell } from './Cell';

interface ModelCellProps {
  draft: unknown;
  presetName: string | null;
  running: NotebookSettings['model'];
  summary: ModelSummary | null;
  error?: ErrorNotice;
  dispatch: (action: SettingsAction) => void;
}

export const ModelCell = memo(function ModelCell(props: ModelCellProps) {
  const { draft, presetName, running, summary, error, dispatch } = props;
  const onChange = useCallback(
    (next: unknown) => dispatch({ kind: 'draft', draft: next }),
    [dispatch],
  );
  const onPreset = useCallback((name: string) => dispatch({ kind: 'preset', name }), [dispatch]);
  const check = checkSpec(draft);
  const params = running.shapes.reduce((n, s) => n + s.paramCount, 0);
  return (
    <Cell
      number={2}
      id="model"
      title="Model"
      lead="A Keras-style stack of layers. Start from a preset or edit the layers; the notebook runs the last valid version."
      errors={[error]}
      status={
        <span className="running-model" data-testid="running-model">
          running <strong>{running.spec.name}</strong>: {running.spec.layers.length} layers,{' '}
          {withSeparators(summary?.paramCount ?? params)} parameters, loss {running.spec.loss}
        </span>
      }
    >
      {!check.ok ? (
        <p className="cell-warning" role="status">
          The draft has{' '}
          {check.problems.length === 1 ? 'a problem' : `${check.problems.length} problems`} (first:{' '}
          {check.problems[0].message}). The last valid model, {running.spec.name}, keeps running
          until it is fixed.
        </p>
      ) : null}
      <ModelEditor draft={draft} onChange={onChange} presetName={presetName} onPreset={onPreset} />
    </Cell>
  );
});
