// Cell 1: the data. Which dataset the session uses, how many examples, and a batch of them
// drawn as thumbnails with their labels.
import { memo, useId } from 'react';
import type { DatasetKind, DatasetPreview } from '../../worker/protocol';
import { ExampleThumbnail } from '../data/ExampleThumbnail';
import { labelText } from '../data/examplePixels';
import type { SettingsAction } from '../state/notebookSettings';
import type { ErrorNotice } from '../state/sessionState';
import { useDisplay } from '../theme/DisplayContext';
import { Cell } from './Cell';

interface DataCellProps {
  preview: DatasetPreview | null;
  dataset: { kind: DatasetKind; size: number };
  error?: ErrorNotice;
  dispatch: (action: SettingsAction) => void;
}

const KIND_LABELS: Record<DatasetKind, string> = {
  'seed-random': "the seed's random batch (noise, random labels)",
  synthetic: 'synthetic data a model can learn',
};

export const DataCell = memo(function DataCell({
  preview,
  dataset,
  error,
  dispatch,
}: DataCellProps) {
  const kindId = useId();
  const sizeId = useId();
  const { fontScale } = useDisplay();
  const thumbnailWidth = Math.round(76 * fontScale);
  return (
    <Cell
      number={1}
      id="data"
      title="Data"
      lead="What the model sees: one batch of it is used for the gradient comparison, all of it for training."
      errors={[error]}
    >
      <div className="controls">
        <label htmlFor={kindId}>Dataset</label>
        <select
          id={kindId}
          value={dataset.kind}
          onChange={(e) =>
            dispatch({ kind: 'dataset', dataset: { kind: e.target.value as DatasetKind } })
          }
        >
          {(Object.keys(KIND_LABELS) as DatasetKind[]).map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
        <label htmlFor={sizeId}>Examples</label>
        <input
          id={sizeId}
          type="number"
          min={1}
          max={4096}
          value={dataset.size}
          onChange={(e) => {
            const size = Number(e.target.value);
            if (Number.isInteger(size) && size >= 1 && size <= 4096)
              dispatch({ kind: 'dataset', dataset: { size } });
          }}
        />
      </div>
      {preview ? (
        <>
          <p className="data-description">
            {preview.description}. Each example is [{preview.inputShape.join(' × ')}]
            {preview.examples.length < preview.size
              ? `; the first ${preview.examples.length} of ${preview.size} are shown.`
              : '.'}
          </p>
          <div className="thumbnails" aria-label="examples of the dataset">
            {preview.examples.map((example, i) => (
              <ExampleThumbnail
                key={i}
                example={example}
                label={labelText(preview.labels[i] ?? [])}
                displayWidth={thumbnailWidth}
              />
            ))}
          </div>
        </>
      ) : (
        <p className="placeholder">Waiting for the worker to draw the data…</p>
      )}
    </Cell>
  );
});
