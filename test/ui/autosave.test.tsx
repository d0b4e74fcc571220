// The autosave: the notebook kept in localStorage in the file's own format, what a reload starts
// from (the URL hash wins for the settings), and "start fresh" clearing it after a confirmation.
import { act, fireEvent, render, renderHook, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/ui/App';
import { AUTOSAVE_IDLE_MS, useAutosave } from '../../src/ui/hooks/useAutosave';
import {
  AUTOSAVE_KEY,
  AUTOSAVE_REPORT_KEY,
  MAX_AUTOSAVE_CHARS,
  readAutosave,
  startingPoint,
  writeAutosave,
  writeAutosavedReport,
  type KeyValueStore,
} from '../../src/ui/state/autosave';
import { settingsForPreset, settingsReducer } from '../../src/ui/state/notebookSettings';
import { urlHashOf } from '../../src/ui/state/notebookUrl';
import { FakeWorker } from './fixtures/fakeWorker';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';

const display = { theme: 'system', largeText: false } as const;

function changedSettings() {
  let settings = settingsForPreset('seed-toy');
  settings = settingsReducer(settings, { kind: 'cuts', cuts: [1] });
  return settingsReducer(settings, { kind: 'hyper', hyper: { learningRate: 0.05 } });
}

class MapStore implements KeyValueStore {
  items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

describe('the autosave store', () => {
  it('reads back what it wrote: settings, curves and the report under its own key', () => {
    const store = new MapStore();
    const report = fixtureReport();
    const settings = { ...changedSettings(), cuts: report.cuts };
    expect(writeAutosave(store, { settings, display, records: fixtureRecords(12) })).toBe(true);
    expect(writeAutosavedReport(store, report)).toBe(true);
    expect(JSON.parse(store.items.get(AUTOSAVE_KEY)!).report).toBeUndefined();
    const read = readAutosave(store)!;
    expect(read.settings).toEqual(settings);
    expect(read.records).toHaveLength(12);
    expect(read.report?.cuts).toEqual(report.cuts);
  });

  it('keeps the rest when the report belongs to other cuts, and nothing when the text is broken', () => {
    const store = new MapStore();
    writeAutosave(store, { settings: changedSettings(), display, records: fixtureRecords(3) });
    writeAutosavedReport(store, fixtureReport()); // cuts [0, 1], the settings have [1]
    const read = readAutosave(store)!;
    expect(read.settings.cuts).toEqual([1]);
    expect(read.report).toBeUndefined();
    store.items.set(AUTOSAVE_KEY, '{"format": "splittape-notebook", "version": 1, "cuts": [');
    expect(readAutosave(store)).toBeNull();
  });

  it('drops the curves of a run too long to keep, and survives a full store', () => {
    const store = new MapStore();
    const records = fixtureRecords(10_000);
    writeAutosave(store, { settings: changedSettings(), display, records });
    const text = store.items.get(AUTOSAVE_KEY)!;
    expect(text.length).toBeLessThanOrEqual(MAX_AUTOSAVE_CHARS);
    expect(JSON.parse(text).records).toBeUndefined();
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(writeAutosave(full, { settings: changedSettings(), display })).toBe(false);
    expect(writeAutosavedReport(full, null)).toBe(true);
  });
});

describe('what the page starts from', () => {
  const saved = { settings: changedSettings(), display, records: fixtureRecords(5) };

  it('is the autosave when the URL has no hash', () => {
    const start = startingPoint('', saved);
    expect(start.settings).toEqual(saved.settings);
    expect(start.restored?.records).toHaveLength(5);
  });

  it('is the hash when it names other settings: the autosave’s curves are not shown', () => {
    const other = settingsForPreset('seed-toy');
    const start = startingPoint(urlHashOf(other), saved);
    expect(start.settings.cuts).toEqual(other.cuts);
    expect(start.restored).toBeNull();
  });

  it('takes the autosave’s draft and curves when the hash names its settings', () => {
    const withDraft = {
      ...saved,
      settings: settingsReducer(saved.settings, { kind: 'draft', draft: { name: 'typing' } }),
    };
    const start = startingPoint(urlHashOf(withDraft.settings), withDraft);
    expect(start.settings.draft).toEqual({ name: 'typing' });
    expect(start.restored?.records).toHaveLength(5);
  });
});

describe('the page and its autosave', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    window.location.hash = '';
  });
  afterEach(() => vi.useRealTimers());

  function renderApp() {
    const worker = new FakeWorker();
    const view = render(<App createWorker={() => worker} />);
    act(() => vi.advanceTimersByTime(0));
    return { worker, view };
  }

  it('starts from the autosave after a reload: its settings configure the worker, its curves show', () => {
    writeAutosave(localStorage, {
      settings: changedSettings(),
      display,
      records: fixtureRecords(8),
    });
    const { worker } = renderApp();
    const [request] = worker.posted;
    expect(request.type === 'configure' && request.config.cuts).toEqual([1]);
    expect(request.type === 'configure' && request.config.hyper.learningRate).toBe(0.05);
    expect(
      (screen.getByRole('button', { name: 'Training curves (CSV)' }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('writes the notebook a second after a change, and again when the page is hidden', () => {
    renderApp();
    act(() => vi.advanceTimersByTime(1000));
    const first = readAutosave(localStorage)!;
    expect(first.settings.cuts).toEqual([0, 1]);
    localStorage.clear();
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: /large text/i }));
    });
    act(() => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(readAutosave(localStorage)!.display.largeText).toBe(true);
  });

  it('starts fresh only after a confirmation, clearing the autosave and the settings', () => {
    writeAutosave(localStorage, {
      settings: changedSettings(),
      display,
      records: fixtureRecords(8),
    });
    const { worker } = renderApp();
    const confirm = vi.spyOn(window, 'confirm').mockReturnValueOnce(false);
    fireEvent.click(screen.getByRole('button', { name: 'Start fresh' }));
    expect(confirm).toHaveBeenCalledOnce();
    expect(localStorage.getItem(AUTOSAVE_KEY)).not.toBeNull();
    confirm.mockReturnValueOnce(true);
    fireEvent.click(screen.getByRole('button', { name: 'Start fresh' }));
    expect(localStorage.getItem(AUTOSAVE_KEY)).toBeNull();
    expect(localStorage.getItem(AUTOSAVE_REPORT_KEY)).toBeNull();
    expect(screen.getByRole('status').textContent).toMatch(/^Started fresh/);
    expect(
      (screen.getByRole('button', { name: 'Training curves (CSV)' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    act(() => vi.advanceTimersByTime(300));
    const last = worker.posted.at(-1)!;
    expect(last.type === 'configure' && last.config.cuts).toEqual([0, 1]);
  });

  it('refuses a hostile file with its message and keeps the notebook as it was', async () => {
    writeAutosave(localStorage, { settings: changedSettings(), display });
    renderApp();
    const hashBefore = window.location.hash;
    const evil = JSON.stringify({
      format: 'splittape-notebook',
      version: 1,
      __proto__: { polluted: true },
    }).replace('"version":1', '"version":1,"__proto__":{"polluted":true}');
    const file = new File([evil], 'evil.json', { type: 'application/json' });
    vi.useRealTimers();
    fireEvent.change(screen.getByTestId('notebook-file-input'), { target: { files: [file] } });
    const alert = await screen.findByText(/Could not load evil\.json/);
    expect(alert.textContent).toBe(
      "Could not load evil.json: __proto__: the key '__proto__' is not allowed in a notebook file. The notebook is unchanged.",
    );
    expect(window.location.hash).toBe(hashBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the autosave in a browser with idle callbacks', () => {
  let idle: { callback: IdleRequestCallback; options?: IdleRequestOptions }[];
  beforeEach(() => {
    vi.useFakeTimers();
    idle = [];
    vi.stubGlobal(
      'requestIdleCallback',
      (callback: IdleRequestCallback, options?: IdleRequestOptions) =>
        idle.push({ callback, options }),
    );
    vi.stubGlobal('cancelIdleCallback', () => undefined);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  const idlePeriod = (ms: number, didTimeout = false) =>
    act(() => idle.shift()!.callback({ timeRemaining: () => ms, didTimeout }));

  it('writes a report only in an idle period long enough for it, or once the longest wait is up', () => {
    const store = new MapStore();
    const input = {
      settings: settingsForPreset('seed-toy'),
      display,
      records: fixtureRecords(2),
      report: fixtureReport(),
    };
    renderHook(() => useAutosave(input, store));
    act(() => vi.advanceTimersByTime(1000));
    expect(store.items.size).toBe(0);
    // A frame's leftover while something is drawn: not enough, it asks again.
    idlePeriod(AUTOSAVE_IDLE_MS - 30);
    expect(store.items.size).toBe(0);
    idlePeriod(AUTOSAVE_IDLE_MS + 5);
    expect(store.items.get(AUTOSAVE_REPORT_KEY)).toBeDefined();
    expect(store.items.get(AUTOSAVE_KEY)).toBeDefined();
  });

  it('keeps no report before the first step: the worker computes the same one on reload', () => {
    const store = new MapStore();
    store.items.set(AUTOSAVE_REPORT_KEY, '{"stale": true}');
    const input = {
      settings: settingsForPreset('seed-toy'),
      display,
      records: fixtureRecords(0),
      report: fixtureReport(),
    };
    const { rerender } = renderHook((props) => useAutosave(props, store), { initialProps: input });
    act(() => vi.advanceTimersByTime(1000));
    idlePeriod(AUTOSAVE_IDLE_MS + 5);
    expect(store.items.get(AUTOSAVE_KEY)).toBeDefined();
    expect(store.items.has(AUTOSAVE_REPORT_KEY)).toBe(false);
    // The first steps: the same report may now be at weights a reload would not have.
    rerender({ ...input, records: fixtureRecords(1) });
    act(() => vi.advanceTimersByTime(1000));
    idlePeriod(AUTOSAVE_IDLE_MS + 5);
    expect(store.items.get(AUTOSAVE_REPORT_KEY)).toBeDefined();
  });

  it('without a long enough idle period, writes when the idle callback times out', () => {
    const store = new MapStore();
    const input = {
      settings: settingsForPreset('seed-toy'),
      display,
      records: fixtureRecords(2),
      report: fixtureReport(),
    };
    renderHook(() => useAutosave(input, store));
    act(() => vi.advanceTimersByTime(1000));
    expect(idle[0].options?.timeout).toBeGreaterThan(0);
    idlePeriod(0, true);
    expect(store.items.get(AUTOSAVE_REPORT_KEY)).toBeDefined();
  });
});
