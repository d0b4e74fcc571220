// Your own images, two classes side by side: what happens to them (decoded in this tab's worker,
// never uploaded, never saved) and the limits, in words; each class's zone sends its files to
// the worker and shows what it kept and refused.
import { IMAGE_LIMITS, IMAGE_LIMITS_TEXT, STORE_SIDE } from '../../core/data/imageLimits';
import type { ImageClass, Request } from '../../worker/protocol';
import type { SettingsAction } from '../state/notebookSettings';
import type { ImagesView } from '../state/sessionState';
import { ImageClassZone } from './ImageClassZone';

interface OwnImagesProps {
  classes: [string, string];
  images: ImagesView;
  dispatch: (action: SettingsAction) => void;
  send: (request: Request) => void;
}

export function OwnImages({ classes, images, dispatch, send }: OwnImagesProps) {
  const addFiles = (classIndex: ImageClass, files: File[]) => {
    // A folder of more files than one message takes goes in several; the worker keeps order.
    for (let at = 0; at < files.length; at += IMAGE_LIMITS.filesPerMessage)
      send({
        type: 'addImages',
        classIndex,
        files: files.slice(at, at + IMAGE_LIMITS.filesPerMessage),
      });
  };
  const rename = (classIndex: ImageClass, name: string) => {
    const next: [string, string] = [...classes];
    next[classIndex] = name;
    dispatch({ kind: 'dataset', dataset: { kind: 'images', classes: next } });
  };
  const nameProblem = (classIndex: ImageClass) => (name: string) => {
    const trimmed = name.trim();
    if (trimmed.length === 0) return 'a class needs a name';
    if (trimmed === classes[1 - classIndex].trim()) return 'the two classes need different names';
    return null;
  };
  return (
    <div className="own-images">
      <p className="own-images-note">
        Your images are decoded in this tab (in its worker) and never leave the browser: nothing is
        uploaded. They are not kept in the link, the notebook file or the autosave either, so after
        a reload, or loading a notebook, drop them again: everything else is kept. Each image is
        stretched to {STORE_SIDE}×{STORE_SIDE} colour, then resized to the model&apos;s input (one
        channel means luminance); 20 % of each class is held out for accuracy. Limits:{' '}
        {IMAGE_LIMITS_TEXT}; at least {IMAGE_LIMITS.minPerClass} per class. Files that are not
        images, or fail to decode, are listed by name with the reason. Adding or clearing images
        starts the session afresh on what the two classes then hold.
      </p>
      <div className="image-classes">
        {([0, 1] as const).map((k) => (
          <ImageClassZone
            // A name changed elsewhere (a loaded notebook) resets the field's draft.
            key={`${k}:${classes[k]}`}
            classIndex={k}
            name={classes[k]}
            nameProblem={nameProblem(k)}
            onRename={(name) => rename(k, name)}
            count={images.counts[k]}
            rejected={images.rejected[k]}
            progress={images.progress[k]}
            onFiles={(files) => addFiles(k, files)}
            onClear={() => send({ type: 'clearImages', classIndex: k })}
          />
        ))}
      </div>
    </div>
  );
}
