// Your own images in the Data cell: the choice and its class names (in the URL and the notebook
// file, never the pixels), the zones sending picked files to the worker, the progress bar, the
// files not used with their reasons, Clear, and the session state those events fold into.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DataCell } from '../../src/ui/cells/DataCell';
import { readDatasetChoice } from '../../src/ui/data/datasetChoice';
import { readNotebookText, serializeNotebook } from '../../src/ui/state/notebookFile';
import { settingsForPreset, type SettingsAction } from '../../src/ui/state/notebookSettings';
import { settingsFromUrlHash, urlHashOf } from '../../src/ui/state/notebookUrl';
import {
  NO_IMAGES,
  initialSession,
  sessionReducer,
  type ImagesView,
  type SessionState,
} from '../../src/ui/state/sessionState';
import type { DatasetChoice, Request, WorkerEvent } from '../../src/worker/protocol';

const choice: DatasetChoice = { kind: 'images', classes: ['cats', 'dogs'] };

function renderCell(
  images: ImagesView = NO_IMAGES,
  extra: Partial<Parameters<typeof DataCell>[0]> = {},
) {
  const dispatch = vi.fn<(action: SettingsAction) => void>();
  const send = vi.fn<(request: Request) => void>();
  render(
    <DataCell
      preview={null}
      dataset={choice}
      presetName="seed-toy"
      images={images}
      dispatch={dispatch}
      send={send}
      {...extra}
    />,
  );
  return { dispatch, send };
}

describe('the own-images choice', () => {
  it('is offered by the picker, with two default class names and no size', () => {
    const dispatch = vi.fn<(action: SettingsAction) => void>();
    render(
      <DataCell preview={null} dataset={{ kind: 'synthetic', size: 64 }} dispatch={dispatch} />,
    );
    fireEvent.change(screen.getByLabelText('Dataset'), { target: { value: 'images' } });
    expect(dispatch).toHaveBeenCalledWith({
      kind: 'dataset',
      dataset: { kind: 'images', classes: ['class A', 'class B'] },
    });
  });

  it('keeps only the class names in the URL and the notebook file, and refuses bad names', () => {
    const settings = { ...settingsForPreset('seed-cnn'), dataset: choice };
    expect(settingsFromUrlHash(urlHashOf(settings)).dataset).toEqual(choice);
    const text = serializeNotebook({ settings, display: { theme: 'system', largeText: false } });
    expect(JSON.parse(text).dataset).toEqual(choice);
    const read = readNotebookText(text);
    expect(read.ok && read.notebook.settings.dataset).toEqual(choice);
    expect(readDatasetChoice({ kind: 'images', classes: ['cats', 'cats'] })).toEqual({
      ok: false,
      field: 'classes',
      problem: 'the two classes need different names',
    });
    expect(readDatasetChoice({ kind: 'images', classes: ['cats', 'dogs'], pixels: [1] })).toEqual({
      ok: false,
      field: 'pixels',
      problem: 'is not a dataset field',
    });
  });
});

describe('the two zones', () => {
  it('states the limits and that nothing is uploaded or saved', () => {
    renderCell();
    const note = document.querySelector('.own-images-note')!.textContent!;
    expect(note).toMatch(/never leave the browser: nothing is uploaded/);
    expect(note).toMatch(/after a reload, or loading a notebook, drop them again/);
    expect(note).toMatch(
      /at most 2000 images per class, each file at most 20 MB and 4096 × 4096 pixels/,
    );
    expect(screen.getByText('Nothing trains until both classes have images.')).toBeTruthy();
  });

  it('sends picked files to the worker for their class', () => {
    const { send } = renderCell();
    const files = [new File(['a'], 'a.png', { type: 'image/png' }), new File(['b'], 'b.png')];
    fireEvent.change(screen.getByLabelText('image files for class B'), { target: { files } });
    expect(send).toHaveBeenCalledWith({ type: 'addImages', classIndex: 1, files });
    fireEvent.change(screen.getByLabelText('a folder of images for class A'), {
      target: { files: files.slice(0, 1) },
    });
    expect(send).toHaveBeenLastCalledWith({
      type: 'addImages',
      classIndex: 0,
      files: files.slice(0, 1),
    });
    expect(
      screen.getByLabelText('a folder of images for class A').hasAttribute('webkitdirectory'),
    ).toBe(true);
  });

  it('shows counts, the decode progress, the files not used with reasons, and clears a class', () => {
    const { send } = renderCell({
      counts: [12, 1],
      rejected: [[{ name: 'bad.jpg', reason: 'not an image this browser can decode (…)' }], []],
      revision: 3,
      progress: [null, { done: 8, total: 20 }],
    });
    const a = screen.getByRole('region', { name: 'class A: cats' });
    const b = screen.getByRole('region', { name: 'class B: dogs' });
    expect(within(a).getByText(/images of cats/).textContent).toBe('12 images of cats Clear cats');
    expect(within(b).getByText(/image of dogs/).textContent).toMatch(
      /^1 image of dogs — at least 2 are needed to train/,
    );
    const list = within(a).getByRole('list', { name: 'files not used for class A' });
    expect(list.textContent).toBe('bad.jpg: not an image this browser can decode (…)');
    const progress = within(b).getByRole('status');
    expect(progress.textContent).toBe('Decoding: 8 of 20 files');
    expect(progress.querySelector('progress')!.value).toBe(8);
    fireEvent.click(within(a).getByRole('button', { name: 'Clear cats' }));
    expect(send).toHaveBeenCalledWith({ type: 'clearImages', classIndex: 0 });
  });

  it('renames a class on Enter, and refuses an empty or repeated name in words', () => {
    const { dispatch } = renderCell();
    const field = screen.getByLabelText('Class B (label 1)');
    fireEvent.change(field, { target: { value: 'cats' } });
    expect(screen.getByText('the two classes need different names')).toBeTruthy();
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(dispatch).not.toHaveBeenCalled();
    fireEvent.change(field, { target: { value: ' wolves ' } });
    fireEvent.keyDown(field, { key: 'Enter' });
    expect(dispatch).toHaveBeenCalledWith({
      kind: 'dataset',
      dataset: { kind: 'images', classes: ['cats', 'wolves'] },
    });
  });

  it('offers a preset for a model that does not fit, but not for missing images', () => {
    const error = { message: 'your images are two classes, but …', recoverable: true };
    renderCell({ ...NO_IMAGES, counts: [1, 0] }, { error });
    expect(screen.queryByRole('button', { name: 'use seed-cnn' })).toBeNull();
  });

  it('offers seed-cnn when the images are there and the model is the problem', () => {
    const error = { message: 'your images are two classes, but …', recoverable: true };
    renderCell({ ...NO_IMAGES, counts: [5, 5] }, { error });
    expect(screen.getByRole('button', { name: 'use seed-cnn' })).toBeTruthy();
  });
});

describe('the session state of your images', () => {
  const fold = (state: SessionState, ...steps: ({ sent: Request } | { event: WorkerEvent })[]) =>
    steps.reduce(
      (s, step) =>
        'sent' in step
          ? sessionReducer(s, { kind: 'sent', request: step.sent })
          : sessionReducer(s, { kind: 'event', event: step.event }),
      state,
    );

  it('follows a decode from the request to the images event, and ignores a cleared one', () => {
    const files = [new Blob(['x'])];
    let state = fold(initialSession, { sent: { type: 'addImages', classIndex: 0, files } });
    expect(state.images.progress).toEqual([{ done: 0, total: 1 }, null]);
    state = fold(state, { event: { type: 'imageProgress', classIndex: 0, done: 1, total: 1 } });
    expect(state.images.progress[0]).toEqual({ done: 1, total: 1 });
    const images = {
      counts: [1, 0] as [number, number],
      rejected: [[], []] as [[], []],
      revision: 1,
    };
    state = fold(state, { event: { type: 'images', images } });
    expect(state.images).toEqual({ ...images, progress: [null, null] });
    // A clear sent while a batch was under way: that batch's late progress is not shown.
    state = fold(
      state,
      { sent: { type: 'addImages', classIndex: 1, files } },
      { sent: { type: 'clearImages', classIndex: 1 } },
      { event: { type: 'imageProgress', classIndex: 1, done: 1, total: 1 } },
    );
    expect(state.images.progress).toEqual([null, null]);
  });
});
