// One class of your own images: its name (editable), a zone to drop files or folders on, buttons
// to pick files or a folder, how many images the worker kept, the decode's progress bar, the
// files not used with their reasons, and a Clear button.
import { useId, useRef, useState, type DragEvent } from 'react';
import { IMAGE_LIMITS } from '../../core/data/imageLimits';
import type { ImageClass, ImageRejection } from '../../worker/protocol';
import type { ImageProgress } from '../state/sessionState';
import { filesOfDrop } from './droppedFiles';

/** Refusals listed in full up to this many; the rest are counted. */
const LISTED_REJECTIONS = 50;

interface ImageClassZoneProps {
  classIndex: ImageClass;
  name: string;
  /** Checks a new name against the other class's; returns the problem or null. */
  nameProblem: (name: string) => string | null;
  onRename: (name: string) => void;
  count: number;
  rejected: ImageRejection[];
  progress: ImageProgress | null;
  onFiles: (files: File[]) => void;
  onClear: () => void;
}

export function ImageClassZone({
  classIndex,
  name,
  nameProblem,
  onRename,
  count,
  rejected,
  progress,
  onFiles,
  onClear,
}: ImageClassZoneProps) {
  const letter = classIndex === 0 ? 'A' : 'B';
  const nameId = useId();
  const progressId = useId();
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState(name);
  const [isOver, setOver] = useState(false);
  const problem = nameProblem(draft);
  const commitName = () => {
    if (problem) setDraft(name);
    else if (draft !== name) onRename(draft.trim());
  };
  const fromInput = (input: HTMLInputElement | null) => {
    if (!input?.files || input.files.length === 0) return;
    onFiles([...input.files]);
    // The same files picked again should be sent again.
    input.value = '';
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    void filesOfDrop(event.dataTransfer).then((files) => files.length > 0 && onFiles(files));
  };
  const isShort = count < IMAGE_LIMITS.minPerClass;
  return (
    <section
      className="image-class"
      data-class-index={classIndex}
      aria-label={`class ${letter}: ${name}`}
    >
      <div className="image-class-name field">
        <label htmlFor={nameId}>
          Class {letter} (label {classIndex})
        </label>
        <input
          id={nameId}
          type="text"
          value={draft}
          maxLength={IMAGE_LIMITS.nameLength}
          aria-invalid={problem !== null}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commitName}
          onKeyDown={(e) => e.key === 'Enter' && commitName()}
        />
        {problem ? <span className="field-problem">{problem}</span> : null}
      </div>
      <div
        className="image-drop"
        data-over={isOver}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          Drop images or a folder of <strong>{name}</strong> here, or
        </p>
        <div className="controls">
          <button type="button" onClick={() => filesInput.current?.click()}>
            pick files
          </button>
          <button type="button" onClick={() => folderInput.current?.click()}>
            pick a folder
          </button>
          <input
            ref={filesInput}
            type="file"
            multiple
            accept="image/*"
            hidden
            aria-label={`image files for class ${letter}`}
            onChange={(e) => fromInput(e.currentTarget)}
          />
          <input
            ref={folderInput}
            type="file"
            multiple
            hidden
            aria-label={`a folder of images for class ${letter}`}
            {...{ webkitdirectory: '' }}
            onChange={(e) => fromInput(e.currentTarget)}
          />
        </div>
      </div>
      <p className="image-count" data-count={count} aria-live="polite">
        <strong>{count}</strong> image{count === 1 ? '' : 's'} of {name}
        {isShort ? ` — at least ${IMAGE_LIMITS.minPerClass} are needed to train` : ''}
        {count > 0 || rejected.length > 0 ? (
          <>
            {' '}
            <button type="button" onClick={onClear}>
              Clear {name}
            </button>
          </>
        ) : null}
      </p>
      {progress ? (
        <div className="image-progress" role="status">
          <label htmlFor={progressId}>
            Decoding: {progress.done} of {progress.total} files
          </label>
          <progress id={progressId} value={progress.done} max={Math.max(1, progress.total)} />
        </div>
      ) : null}
      {rejected.length > 0 ? (
        <div className="image-rejected">
          <p>
            {rejected.length} file{rejected.length === 1 ? ' was' : 's were'} not used:
          </p>
          <ul aria-label={`files not used for class ${letter}`}>
            {rejected.slice(0, LISTED_REJECTIONS).map((r, i) => (
              <li key={i} data-name={r.name}>
                <span className="image-rejected-name">{r.name}</span>: {r.reason}
              </li>
            ))}
          </ul>
          {rejected.length > LISTED_REJECTIONS ? (
            <p>…and {rejected.length - LISTED_REJECTIONS} more.</p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
