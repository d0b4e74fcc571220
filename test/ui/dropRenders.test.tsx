// What a dropped cut draws again: the page's drop-to-table time is spent in the drop's own render
// and its answer's, so the cells the cuts do not touch must not render on either.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { createElement, type ComponentProps } from 'react';
import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import { fixtureSeedToyConfigured } from './fixtures/configured';
import { FakeWorker } from './fixtures/fakeWorker';
import { fixtureReport } from './fixtures/report';
import { preloadGradientCharts } from '../../src/ui/charts/lazyCharts';
import { preloadTex } from '../../src/ui/explain/Tex';

// Counts the Train cell's progress line: it renders whenever the Train cell does.
const renders = vi.hoisted(() => ({ progress: 0 }));
vi.mock('../../src/ui/train/TrainingProgress', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/ui/train/TrainingProgress')>();
  return {
    ...original,
    TrainingProgress: (props: ComponentProps<typeof original.TrainingProgress>) => {
      renders.progress += 1;
      return createElement(original.TrainingProgress, props);
    },
  };
});

// Formulas and charts are on demand; loaded first, they draw in the same render.
beforeAll(() => Promise.all([preloadTex(), preloadGradientCharts()]));

beforeEach(() => {
  vi.useFakeTimers();
  window.location.hash = '';
});
afterEach(() => vi.useRealTimers());

it('leaves the Train cell alone on a moved cut and on the new cuts’ report', () => {
  const worker = new FakeWorker();
  render(<App createWorker={() => worker} />);
  act(() => vi.advanceTimersByTime(1000));
  act(() => worker.emit(fixtureSeedToyConfigured()));
  act(() => worker.emit({ type: 'gradients', report: fixtureReport() }));
  act(() => vi.advanceTimersByTime(1000));
  expect(screen.getByText(/^Train \d+ steps$/)).toBeTruthy();
  const before = renders.progress;

  fireEvent.keyDown(screen.getByRole('slider', { name: /^cut after layer 1 / }), {
    key: 'ArrowRight',
  });
  act(() => vi.advanceTimersByTime(1000));
  expect(worker.posted.at(-1)).toMatchObject({ type: 'computeGradients', cuts: [0, 2] });
  const report = { ...fixtureReport(), cuts: [0, 2] };
  act(() => worker.emit({ type: 'gradients', report }));
  act(() => vi.advanceTimersByTime(1000));

  expect(document.querySelector('.gradient-tables')?.getAttribute('data-cuts')).toBe('0,2');
  expect(renders.progress).toBe(before);
});
