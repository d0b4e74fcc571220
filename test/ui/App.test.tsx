// The whole notebook against a fake worker: what it sends on start, how the worker's answers
// reach the cells, errors shown in the cell that caused them, and nothing blank on a crash.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { beforeAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import type { WorkerEvent } from '../../src/worker/protocol';
import { fixtureSeedToyConfigured } from './fixtures/configured';
import { FakeWorker } from './fixtures/fakeWorker';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';
import { preloadGradientCharts } from '../../src/ui/charts/lazyCharts';
import { preloadTex } from '../../src/ui/explain/Tex';
import { URL_WRITE_DELAY_MS } from '../../src/ui/hooks/useUrlSettings';

function renderApp() {
  const worker = new FakeWorker();
  const createWorker = () => worker;
  render(<App createWorker={createWorker} />);
  act(() => vi.advanceTimersByTime(0));
  const emit = (event: WorkerEvent) => act(() => worker.emit(event));
  return { worker, emit };
}

beforeEach(() => {
  vi.useFakeTimers();
  window.location.hash = '';
});
afterEach(() => vi.useRealTimers());

// The page loads KaTeX and recharts on demand; loaded here first, formulas and charts draw in
// the same render.
beforeAll(() => Promise.all([preloadTex(), preloadGradientCharts()]));

describe('App', () => {
  it('configures the worker with the seed toy on start', () => {
    const { worker } = renderApp();
    expect(worker.posted).toHaveLength(1);
    const [request] = worker.posted;
    expect(request.type === 'configure' && request.config.cuts).toEqual([0, 1]);
  });

  it('shows the backend, the data, the gradients table and the explanation as events arrive', () => {
    const { emit } = renderApp();
    emit({ type: 'ready', backend: 'wasm' });
    emit(fixtureSeedToyConfigured());
    emit({ type: 'gradients', report: fixtureReport() });
    expect(screen.getByTestId('backend').textContent).toMatch(/backend: wasm/);
    expect(screen.getAllByRole('img', { name: /example/ })).toHaveLength(3);
    // Every vjp row is True twice: allclose to the reference, and agreeing with float64.
    const vjpRows = [...document.querySelectorAll('table[data-method="vjp"] tbody tr')];
    expect(vjpRows.map((r) => [r.getAttribute('data-valid'), r.getAttribute('data-fd64')])).toEqual(
      Array(8).fill(['True', 'True']),
    );
    const vjp = document.querySelector('table[data-method="vjp"]') as HTMLElement;
    expect(within(vjp).getAllByText('True')).toHaveLength(16);
    expect(document.querySelector('#explain')?.textContent).toMatch(
      /The chain rule across the cuts/,
    );
  });

  it('puts each worker error in the cell that caused it', () => {
    const { emit } = renderApp();
    emit({
      type: 'error',
      where: 'training',
      message: 'step 4: the loss is no longer finite',
      recoverable: true,
    });
    emit({
      type: 'error',
      where: 'cuts',
      message: 'cut 9: a cut goes after a layer from 0 to 3',
      recoverable: true,
    });
    expect(
      within(document.querySelector('#train') as HTMLElement).getByRole('alert').textContent,
    ).toMatch(/step 4/);
    expect(
      within(document.querySelector('#split') as HTMLElement).getByRole('alert').textContent,
    ).toMatch(/cut 9/);
    expect(within(document.querySelector('#data') as HTMLElement).queryByRole('alert')).toBeNull();
  });

  it('starts training from the Train cell and draws the twins as progress arrives', () => {
    const { worker, emit } = renderApp();
    emit(fixtureSeedToyConfigured());
    fireEvent.click(screen.getByRole('button', { name: /^Train \d+ steps$/ }));
    expect(worker.posted.at(-1)).toEqual({ type: 'train', steps: 100 });
    emit({ type: 'progress', records: fixtureRecords(20), stepsPerSecond: 40, state: 'running' });
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByText(/step 20 of 100 · 40\.0 steps\/s/)).toBeTruthy();
  });

  it('trains the session of a learning rate typed just before Train, with its target shown', () => {
    const { worker, emit } = renderApp();
    emit(fixtureSeedToyConfigured());
    fireEvent.change(screen.getByLabelText('Learning rate', { exact: true }), {
      target: { value: '0.2' },
    });
    fireEvent.click(screen.getByRole('button', { name: /^Train \d+ steps$/ }));
    // The configure still in its delay goes first: the run is the new rate's.
    const [configure, train] = worker.posted.slice(1);
    expect(configure.type === 'configure' && configure.config.hyper.learningRate).toBe(0.2);
    expect(train).toEqual({ type: 'train', steps: 100 });
    act(() => vi.advanceTimersByTime(1000));
    expect(worker.posted).toHaveLength(3);
    // The worker's answers in order: the rebuilt session at step 0, then the run.
    emit({ type: 'trainingState', state: 'idle', step: 0 });
    emit(fixtureSeedToyConfigured());
    emit({ type: 'trainingState', state: 'running', step: 0 });
    emit({ type: 'progress', records: fixtureRecords(20), stepsPerSecond: 40, state: 'running' });
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByText(/step 20 of 100 · 40\.0 steps\/s/)).toBeTruthy();
  });

  it('recomputes the comparison at the current weights on request', () => {
    const { worker, emit } = renderApp();
    emit(fixtureSeedToyConfigured());
    emit({ type: 'gradients', report: fixtureReport() });
    fireEvent.click(screen.getByRole('button', { name: 'Recompute at the current weights' }));
    expect(worker.posted.at(-1)).toEqual({
      type: 'computeGradients',
      cuts: [0, 1],
      methods: ['reference', 'vjp', 'jacobian', 'naive'],
    });
  });

  it('sends a moved cut from the key press itself, before the render that draws it; the URL follows later', () => {
    const worker = new FakeWorker();
    // What the page showed when each request left: the moved handle's slider, or not yet.
    const drawnWhenSent: boolean[] = [];
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (message) => {
      drawnWhenSent.push(document.querySelector('[role="slider"][aria-valuenow="2"]') !== null);
      post(message);
    };
    render(<App createWorker={() => worker} />);
    act(() => vi.advanceTimersByTime(1000));
    act(() => worker.emit(fixtureSeedToyConfigured()));
    act(() => vi.advanceTimersByTime(1000));
    const hashBefore = window.location.hash;
    const sentBefore = worker.posted.length;
    fireEvent.keyDown(screen.getByRole('slider', { name: /^cut after layer 1 / }), {
      key: 'ArrowRight',
    });
    expect(worker.posted.slice(sentBefore)).toEqual([
      {
        type: 'computeGradients',
        cuts: [0, 2],
        methods: ['reference', 'vjp', 'jacobian', 'naive'],
      },
    ]);
    expect(drawnWhenSent.at(-1)).toBe(false);
    expect(screen.getByRole('slider', { name: /^cut after layer 2 / })).toBeTruthy();
    // The hash is written once the drop's answer has had its time, not in the key's own task.
    expect(window.location.hash).toBe(hashBefore);
    act(() => vi.advanceTimersByTime(URL_WRITE_DELAY_MS));
    expect(JSON.parse(decodeURIComponent(window.location.hash.slice(1))).cuts).toEqual([0, 2]);
  });

  it('terminates the worker when the page goes away', () => {
    const worker = new FakeWorker();
    const createWorker = () => worker;
    const { unmount } = render(<App createWorker={createWorker} />);
    unmount();
    expect(worker.isTerminated).toBe(true);
  });
});
