// Keeps the notebook's last state in localStorage (state/autosave.ts): a second after the last
// change, at least every few seconds while training, and at once when the tab is hidden or
// closed. The report is written only when it changes, and only once a step has been taken: before
// that it is the report at the seeded weights, which the worker computes again on reload from the
// saved settings (writing it cost the loading page a task of 60–200 ms). Writing a report takes
// the main thread tens of milliseconds (localStorage is synchronous), so a timed write waits for
// an idle period long enough for it: not in the middle of a drag or a chart's redraw.
import { useCallback, useEffect, useRef } from 'react';
import type { GradientsReport, StepRecord } from '../../worker/protocol';
import { writeAutosave, writeAutosavedReport, type KeyValueStore } from '../state/autosave';
import type { NotebookSettings } from '../state/notebookSettings';
import type { DisplayPreferences } from './useDisplayPreferences';

export const AUTOSAVE_DELAY_MS = 1000;
/** While steps keep arriving, the curves are still written at least this often. */
export const AUTOSAVE_MAX_WAIT_MS = 5000;
/** The idle time a timed write waits for (the browser grants at most 50 ms at a time). */
export const AUTOSAVE_IDLE_MS = 40;

export interface AutosaveInput {
  settings: NotebookSettings;
  display: DisplayPreferences;
  records: StepRecord[];
  report: GradientsReport | null;
}

const browserStore = (): KeyValueStore | null => {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
};

export function useAutosave(input: AutosaveInput, store: KeyValueStore | null = browserStore()) {
  const latest = useRef(input);
  latest.current = input;
  const pending = useRef<{
    timer: ReturnType<typeof setTimeout>;
    since: number;
    idle?: number;
  } | null>(null);
  const savedReport = useRef<GradientsReport | null | undefined>(undefined);

  const flush = useCallback(() => {
    cancelPending(pending.current);
    pending.current = null;
    if (!store) return;
    const { settings, display, records, report } = latest.current;
    writeAutosave(store, { settings, display, records });
    // No records, no step: the weights are the seeded ones the worker starts from on reload.
    const kept = records.length > 0 ? report : null;
    if (savedReport.current !== kept) {
      writeAutosavedReport(store, kept);
      savedReport.current = kept;
    }
  }, [store]);

  const { settings, display, records, report } = input;
  useEffect(() => {
    const now = Date.now();
    const since = pending.current?.since ?? now;
    cancelPending(pending.current);
    const wait = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, since + AUTOSAVE_MAX_WAIT_MS - now));
    const entry: NonNullable<typeof pending.current> = {
      timer: setTimeout(() => {
        if (typeof requestIdleCallback !== 'function') return flush();
        const askForIdle = () => {
          entry.idle = requestIdleCallback(
            (deadline) =>
              deadline.timeRemaining() >= AUTOSAVE_IDLE_MS || deadline.didTimeout
                ? flush()
                : askForIdle(),
            { timeout: Math.max(1, since + AUTOSAVE_MAX_WAIT_MS - Date.now()) },
          );
        };
        askForIdle();
      }, wait),
      since,
    };
    pending.current = entry;
  }, [settings, display, records, report, flush]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden' && pending.current) flush();
    };
    const onPageHide = () => {
      if (pending.current) flush();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      if (pending.current) flush();
    };
  }, [flush]);

  /** Writes nothing until the state changes again (after "start fresh" has cleared the store). */
  const cancel = useCallback(() => {
    cancelPending(pending.current);
    pending.current = null;
    savedReport.current = undefined;
  }, []);
  return { flush, cancel };
}

function cancelPending(pending: { timer: ReturnType<typeof setTimeout>; idle?: number } | null) {
  if (!pending) return;
  clearTimeout(pending.timer);
  if (pending.idle !== undefined) cancelIdleCallback(pending.idle);
}
