// Keeps the notebook's last state in localStorage (state/autosave.ts): a second after the last
// change, at least every few seconds while training, and at once when the tab is hidden or
// closed. The report is written only when it changes.
import { useCallback, useEffect, useRef } from 'react';
import type { GradientsReport, StepRecord } from '../../worker/protocol';
import { writeAutosave, writeAutosavedReport, type KeyValueStore } from '../state/autosave';
import type { NotebookSettings } from '../state/notebookSettings';
import type { DisplayPreferences } from './useDisplayPreferences';

export const AUTOSAVE_DELAY_MS = 1000;
/** While steps keep arriving, the curves are still written at least this often. */
export const AUTOSAVE_MAX_WAIT_MS = 5000;

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
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; since: number } | null>(null);
  const savedReport = useRef<GradientsReport | null | undefined>(undefined);

  const flush = useCallback(() => {
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    if (!store) return;
    const { settings, display, records, report } = latest.current;
    writeAutosave(store, { settings, display, records });
    if (savedReport.current !== report) {
      writeAutosavedReport(store, report);
      savedReport.current = report;
    }
  }, [store]);

  const { settings, display, records, report } = input;
  useEffect(() => {
    const now = Date.now();
    const since = pending.current?.since ?? now;
    if (pending.current) clearTimeout(pending.current.timer);
    const wait = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, since + AUTOSAVE_MAX_WAIT_MS - now));
    pending.current = { timer: setTimeout(flush, wait), since };
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
    if (pending.current) clearTimeout(pending.current.timer);
    pending.current = null;
    savedReport.current = undefined;
  }, []);
  return { flush, cancel };
}
