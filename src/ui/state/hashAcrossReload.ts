// The URL hash is written a moment after each change (hooks/useUrlSettings.ts), and a reload
// fixes the URL it will load before the page hears `pagehide`: a hash written then only reaches
// the history entry, not the reload. So the page also hands the latest hash to its own next load
// through sessionStorage, which belongs to this tab alone and outlives a reload. The hand-over
// counts only when the next load starts from the very URL the page was showing: a link pasted
// into the tab, or Back to another hash, is a different URL, and its own hash wins.
import type { KeyValueStore } from './autosave';

export const HASH_HANDOVER_KEY = 'splittape.hashOnReload';

interface Handover {
  /** The hash the page showed when it began to leave (beforeunload): the URL a reload loads. */
  shown: string;
  /** The hash of its latest settings, not yet written to the URL. */
  latest: string;
}

/** Called on pagehide, when the page's URL may still show older settings than it holds. */
export function handOverHash(store: KeyValueStore | null, shown: string, latest: string): void {
  if (!store) return;
  try {
    if (shown === latest) store.removeItem(HASH_HANDOVER_KEY);
    else store.setItem(HASH_HANDOVER_KEY, JSON.stringify({ shown, latest } satisfies Handover));
  } catch {
    // Storage refused (private windows): a reload then finds the URL's older settings.
  }
}

/** The hash this load starts from: the handed-over one if the URL is the one it was handed from. */
export function hashOnLoad(store: KeyValueStore | null, current: string): string {
  if (!store) return current;
  try {
    const text = store.getItem(HASH_HANDOVER_KEY);
    store.removeItem(HASH_HANDOVER_KEY);
    if (!text) return current;
    const handover = JSON.parse(text) as Partial<Handover>;
    return handover.shown === current && typeof handover.latest === 'string'
      ? handover.latest
      : current;
  } catch {
    // Refused storage or a garbled entry: the URL is all there is.
    return current;
  }
}
