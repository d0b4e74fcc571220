// A notebook file with trained weights, and Train clicked before the worker has taken them: the
// run goes on from the saved step and its curves follow the saved ones — whether the click comes
// while the configure is still waiting out its delay, or after the import was sent but before
// the worker answered it. (Chromium showed the second: the saved steps 0–4 vanished and only
// step 5 was left, test/e2e/notebookFile.test.ts on a loaded CI machine.)
import * as tf from '@tensorflow/tfjs';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDataset } from '../../src/core/data/datasets';
import { TrainingSession } from '../../src/core/train';
import { exportTrainedState } from '../../src/core/trainedState';
import { App } from '../../src/ui/App';
import { preloadGradientCharts } from '../../src/ui/charts/lazyCharts';
import { serializeNotebook, type Notebook } from '../../src/ui/state/notebookFile';
import { settingsForPreset, settingsReducer } from '../../src/ui/state/notebookSettings';
import type { Request, WorkerEvent } from '../../src/worker/protocol';
import { fixtureSeedToyConfigured } from './fixtures/configured';
import { FakeWorker } from './fixtures/fakeWorker';
import { fixtureRecords } from './fixtures/records';

await tf.setBackend('cpu');

/** seed-toy with a new learning rate, five steps trained by core's real session, and its curves. */
async function savedNotebook(): Promise<File> {
  let settings = settingsForPreset('seed-toy');
  settings = settingsReducer(settings, { kind: 'hyper', hyper: { learningRate: 0.05 } });
  const dataset = makeDataset('synthetic', settings.model.spec, 1, 12, settings.hyper.seed);
  const session = new TrainingSession(settings.model.spec, settings.cuts, dataset, settings.hyper);
  for (let i = 0; i < 5; i++) session.trainStep();
  const weights = await exportTrainedState(session);
  session.dispose();
  dataset.dispose();
  const notebook: Notebook = {
    settings,
    display: { theme: 'light', largeText: false },
    records: fixtureRecords(5),
    weights,
  };
  return new File([serializeNotebook(notebook)], 'trained.json', { type: 'application/json' });
}

const FILE = await savedNotebook();

/** The text of each CSV the page hands to the browser's downloads. */
let downloads: Blob[];
beforeAll(() => preloadGradientCharts());
beforeEach(() => {
  window.location.hash = '';
  localStorage.clear();
  downloads = [];
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    downloads.push(blob as Blob);
    return 'blob:test';
  };
  URL.revokeObjectURL = () => undefined;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

const textOf = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob);
  });

/** The steps the Training curves CSV lists. */
async function stepsInCurves(): Promise<number[]> {
  fireEvent.click(screen.getByRole('button', { name: 'Training curves (CSV)' }));
  const rows = (await textOf(downloads.at(-1)!)).trim().split('\r\n').slice(1);
  return rows.map((row) => Number(row.split(',')[0]));
}

async function loadedPage() {
  const worker = new FakeWorker();
  render(<App createWorker={() => worker} />);
  const emit = (event: WorkerEvent) => act(() => worker.emit(event));
  await waitFor(() => expect(worker.posted).toHaveLength(1));
  emit(fixtureSeedToyConfigured());
  fireEvent.change(screen.getByTestId('notebook-file-input'), { target: { files: [FILE] } });
  await screen.findByText(/^Loaded trained\.json: .*training goes on from there\.$/);
  return { worker, emit, types: () => worker.posted.map((r: Request) => r.type) };
}

/** The worker's answers to the configure, the import and one step of training, in order. */
function answerImportAndStep(emit: (event: WorkerEvent) => void) {
  emit({ type: 'trainingState', state: 'idle', step: 0 });
  emit(fixtureSeedToyConfigured());
  emit({ type: 'weightsImported', step: 5 });
  emit({ type: 'trainingState', state: 'idle', step: 5 });
  emit({ type: 'trainingState', state: 'running', step: 5 });
  emit({ type: 'progress', records: fixtureRecords(1, 5), stepsPerSecond: 10, state: 'running' });
  emit({ type: 'trainingState', state: 'idle', step: 6 });
}

const trainOnce = () => {
  fireEvent.change(screen.getByLabelText('Steps', { exact: true }), { target: { value: '1' } });
  fireEvent.click(screen.getByRole('button', { name: /^Train 1 steps?$/ }));
};

describe('Train right after loading trained weights', () => {
  it('before the configure has gone: it goes first, with the weights, and the curves go on', async () => {
    const { emit, types } = await loadedPage();
    expect(types()).toEqual(['configure']);
    trainOnce();
    expect(types()).toEqual(['configure', 'configure', 'importWeights', 'train']);
    expect(await stepsInCurves()).toEqual([0, 1, 2, 3, 4]);
    answerImportAndStep(emit);
    expect(await stepsInCurves()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(screen.getByText(/step 6 of 6/)).toBeTruthy();
    // The timer the click overtook sends nothing more.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(types()).toEqual(['configure', 'configure', 'importWeights', 'train']);
  });

  it('after the import was sent, before the worker answered it: the curves go on', async () => {
    const { emit, types } = await loadedPage();
    await waitFor(() => expect(types()).toEqual(['configure', 'configure', 'importWeights']));
    trainOnce();
    expect(types().at(-1)).toBe('train');
    expect(screen.getByText(/step 5 of 6/)).toBeTruthy();
    answerImportAndStep(emit);
    expect(await stepsInCurves()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(screen.getByText(/step 6 of 6/)).toBeTruthy();
  });

  it('an import the worker refuses leaves fresh weights: training starts again at step 0', async () => {
    const { emit, types } = await loadedPage();
    await waitFor(() => expect(types()).toEqual(['configure', 'configure', 'importWeights']));
    emit(fixtureSeedToyConfigured());
    emit({
      type: 'error',
      where: 'training',
      message: 'the saved weights do not fit this model: twins.reference[0] has shape [3]',
      recoverable: true,
      answers: 'importWeights',
    });
    expect(await stepsInCurves()).toEqual([0, 1, 2, 3, 4]);
    trainOnce();
    emit({ type: 'progress', records: fixtureRecords(1, 0), stepsPerSecond: 10, state: 'idle' });
    expect(await stepsInCurves()).toEqual([0]);
  });
});
