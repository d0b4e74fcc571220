// Cell 1: the data. Which dataset the session uses and how many examples, a batch of them drawn
// as thumbnails named by class, and how the classes balance. Data that does not fit the model
// says so here, with the preset that fits one click away.
import { memo } from 'react';
import type { DatasetChoice, DatasetPreview } from '../../worker/protocol';
import { ClassBalance } from '../data/ClassBalance';
import { classCounts, classIndexOf, classNameOf } from '../data/classes';
import { presetFor } from '../data/datasetChoice';
import { DatasetPicker } from '../data/DatasetPicker';
import { ExampleThumbnail } from '../data/ExampleThumbnail';
import type { SettingsAction } from '../state/notebookSettings';
import type { ErrorNotice } from '../state/sessionState';
import { useDisplay } from '../theme/DisplayContext';
import { Cell } from './Cell';

interface DataCellProps {
  preview: DatasetPreview | null;
  dataset: DatasetChoice;
  /** The batch size: the seed's random batch is one batch. */
  batch?: number;
  /** The running preset, if any: no need to offer the one already in use. */
  presetName?: string | null;
  error?: ErrorNotice;
  dispatch: (action: SettingsAction) => void;
}

export const DataCell = memo(function DataCell({
  preview,
  dataset,
  batch = 3,
  presetName = null,
  error,
  dispatch,
}: DataCellProps) {
  const { fontScale } = useDisplay();
  const thumbnailWidth = Math.round(76 * fontScale);
  const fitting = presetFor(dataset);
  const offersPreset = error !== undefined && fitting !== null && fitting !== presetName;
  // A preview of another kind is the previous data: shown while the worker still uses it (its
  // last choice did not fit), hidden while the new data is on its way.
  const isShown = preview !== null && (preview.kind === dataset.kind || error !== undefined);
  const classNames =
    preview?.classNames ??
    Array.from({ length: Math.max(2, preview?.labels[0]?.length ?? 0) }, (_, k) => String(k));
  return (
    <Cell
      number={1}
      id="data"
      title="Data"
      lead="What the model sees: one batch of it is used for the gradient comparison, all of it for training."
      errors={[error]}
    >
      <DatasetPicker dataset={dataset} batch={batch} dispatch={dispatch} />
      {offersPreset ? (
        <p className="data-fix">
          <button type="button" onClick={() => dispatch({ kind: 'preset', name: fitting })}>
            use {fitting}
          </button>{' '}
          — a model built for this data (its cuts and batch come with it).
        </p>
      ) : null}
      {preview && isShown ? (
        <>
          {error ? (
            <p className="data-stale">The session still uses the data it had before this choice:</p>
          ) : null}
          <p className="data-description">
            {preview.description}. Each example is [{preview.inputShape.join(' × ')}]
            {preview.examples.length < preview.size
              ? `; the first ${preview.examples.length} of ${preview.size} are shown.`
              : '.'}
            {preview.testSize
              ? ` Accuracy is measured on ${preview.testSize} held-out examples the model never trains on.`
              : ' Nothing is held out, so there is no accuracy to measure.'}
          </p>
          <div className="data-batch">
            <div className="thumbnails" aria-label="examples of the dataset">
              {preview.examples.map((example, i) => (
                <ExampleThumbnail
                  key={i}
                  example={example}
                  label={classNameOf(classIndexOf(preview.labels[i] ?? [0]), classNames)}
                  displayWidth={thumbnailWidth}
                />
              ))}
            </div>
            <ClassBalance
              counts={classCounts(preview.labels, classNames.length)}
              classNames={classNames}
              of={`the ${preview.examples.length} examples shown`}
            />
          </div>
        </>
      ) : (
        <p className="placeholder">Waiting for the worker to draw the data…</p>
      )}
    </Cell>
  );
});
