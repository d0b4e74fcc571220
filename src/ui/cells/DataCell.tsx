// Cell 1: the data. Which dataset the session uses and how many examples (or your own images,
// dropped into two classes), a batch of them drawn as thumbnails named by class, and how the
// classes balance over the whole dataset. Data that does not fit the model says so here, with
// the preset that fits one click away.
import { memo } from 'react';
import { IMAGE_LIMITS } from '../../core/data/imageLimits';
import type { DatasetChoice, DatasetPreview, Request } from '../../worker/protocol';
import { ClassBalance } from '../data/ClassBalance';
import { classIndexOf, classNameOf } from '../data/classes';
import { presetFor } from '../data/datasetChoice';
import { DatasetPicker } from '../data/DatasetPicker';
import { ExampleThumbnail } from '../data/ExampleThumbnail';
import { OwnImages } from '../data/OwnImages';
import type { SettingsAction } from '../state/notebookSettings';
import { NO_IMAGES, type ErrorNotice, type ImagesView } from '../state/sessionState';
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
  /** Your own images as the worker holds them (for the images choice). */
  images?: ImagesView;
  dispatch: (action: SettingsAction) => void;
  /** Sends your image files to the worker. */
  send?: (request: Request) => void;
}

export const DataCell = memo(function DataCell({
  preview,
  dataset,
  batch = 3,
  presetName = null,
  error,
  images = NO_IMAGES,
  dispatch,
  send = () => {},
}: DataCellProps) {
  const { fontScale } = useDisplay();
  const thumbnailWidth = Math.round(76 * fontScale);
  const fitting = presetFor(dataset);
  // Own images too few to train on are not the model's fault: no preset is offered for that.
  const hasEnoughImages = images.counts.every((n) => n >= IMAGE_LIMITS.minPerClass);
  const offersPreset =
    error !== undefined &&
    fitting !== null &&
    fitting !== presetName &&
    (dataset.kind !== 'images' || hasEnoughImages);
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
      {dataset.kind === 'images' ? (
        <OwnImages classes={dataset.classes} images={images} dispatch={dispatch} send={send} />
      ) : null}
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
              train={preview.classCounts.train}
              test={preview.classCounts.test}
              classNames={classNames}
            />
          </div>
        </>
      ) : (
        <p className="placeholder">
          {dataset.kind === 'images' && !hasEnoughImages
            ? 'Nothing trains until both classes have images.'
            : 'Waiting for the worker to draw the data…'}
        </p>
      )}
    </Cell>
  );
});
