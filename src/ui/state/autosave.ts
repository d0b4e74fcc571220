// The last state of the notebook, kept in the browser's localStorage in the notebook file's own
// format (state/notebookFile.ts), so a reload or a closed tab loses nothing. The gradient report
// has a key of its own: it changes rarely and can be large, the records change every step.
import { urlHashOf, settingsFromUrlHash } from './notebookUrl';
import { readNotebook, serializeNotebook, serializeReport, type Notebook } from './notebookFile';
import type { NotebookSettings } from './notebookSettings';
import type { GradientsReport, StepRecord } from '../../worker/protocol';

export const AUTOSAVE_KEY = 'splittape.autosave';
export const AUTOSAVE_REPORT_KEY = 'splittape.autosave.report';
/** localStorage holds about 5 M characters per origin; leave room for the rest of the page. */
export const MAX_AUTOSAVE_CHARS = 2_000_000;
/** Most float32 gradients take 9–12 characters in JSON ("-0.0123456,"); exact zeros take 2. */
const TYPICAL_CHARS_PER_NUMBER = 8;

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Writes the notebook without its report; false when storage refused it (full, private). */
export function writeAutosave(store: KeyValueStore, notebook: Notebook): boolean {
  const text = serializeNotebook({ ...notebook, report: undefined });
  // A very long run is kept without its curves rather than not at all.
  const kept =
    text.length <= MAX_AUTOSAVE_CHARS
      ? text
      : serializeNotebook({ ...notebook, records: undefined, report: undefined });
  return put(store, AUTOSAVE_KEY, kept);
}

/** Writes the report under its own key, or removes it (none, or too large to keep). */
export function writeAutosavedReport(
  store: KeyValueStore,
  report: GradientsReport | null,
): boolean {
  // Count the numbers before writing them out: a seed-cnn report holds over a million, and
  // serialising it just to find it too large blocked the page for a second.
  const numbers = report
    ? report.methods.reduce(
        (n, m) => n + [...m.weights, ...m.boundaries].reduce((k, t) => k + t.data.length, 0),
        0,
      )
    : 0;
  const text =
    report && numbers * TYPICAL_CHARS_PER_NUMBER <= MAX_AUTOSAVE_CHARS
      ? serializeReport(report)
      : null;
  if (text === null || text.length > MAX_AUTOSAVE_CHARS) {
    remove(store, AUTOSAVE_REPORT_KEY);
    return report === null;
  }
  return put(store, AUTOSAVE_REPORT_KEY, text);
}

/** The autosaved notebook, checked like a file; null when there is none or it does not read. */
export function readAutosave(store: KeyValueStore): Notebook | null {
  let text: string | null;
  let reportText: string | null;
  try {
    text = store.getItem(AUTOSAVE_KEY);
    reportText = store.getItem(AUTOSAVE_REPORT_KEY);
  } catch {
    return null;
  }
  if (text === null) return null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  try {
    if (reportText !== null && typeof raw === 'object' && raw !== null) {
      try {
        const withReport = { ...raw, report: JSON.parse(reportText) as unknown };
        return readNotebook(withReport);
      } catch {
        // A report from other settings (saved just before they changed): keep the rest.
      }
    }
    return readNotebook(raw);
  } catch {
    return null;
  }
}

export function clearAutosave(store: KeyValueStore): void {
  remove(store, AUTOSAVE_KEY);
  remove(store, AUTOSAVE_REPORT_KEY);
}

/** What the page starts from, and the curves and report to show until the learner moves on. */
export interface StartingPoint {
  settings: NotebookSettings;
  restored: { records: StepRecord[]; report: GradientsReport | null } | null;
}

/**
 * The URL hash, when there is one, wins for the settings: a shared link must open what it
 * names. The autosave then brings back only what the hash cannot carry (the model editor's
 * draft, the curves, the report), and only when its settings are the hash's. Without a hash,
 * the autosave is the notebook.
 */
export function startingPoint(hash: string, autosaved: Notebook | null): StartingPoint {
  const fromHash = settingsFromUrlHash(hash);
  const hasHash = hash.length > 1;
  if (!autosaved) return { settings: fromHash, restored: null };
  if (hasHash && urlHashOf(autosaved.settings) !== urlHashOf(fromHash))
    return { settings: fromHash, restored: null };
  return {
    settings: autosaved.settings,
    restored:
      autosaved.records?.length || autosaved.report
        ? { records: autosaved.records ?? [], report: autosaved.report ?? null }
        : null,
  };
}

function put(store: KeyValueStore, key: string, text: string): boolean {
  try {
    store.setItem(key, text);
    return true;
  } catch {
    // Full or refused (private windows): the page goes on; the next write tries again.
    return false;
  }
}

function remove(store: KeyValueStore, key: string): void {
  try {
    store.removeItem(key);
  } catch {
    // Storage refused: nothing was kept to remove.
  }
}
