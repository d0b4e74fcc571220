// Notebook settings that live in the URL hash: read once at start, written back (replacing the
// history entry, so Back leaves the page rather than undoing each keystroke) as they change.
// `initial` may start elsewhere (the autosave, when the URL has no hash). The hash to start from
// is startingHash(): the URL's, or the newer one this tab handed over to its reload.
import { useEffect, useReducer, useRef } from 'react';
import { handOverHash, hashOnLoad } from '../state/hashAcrossReload';
import type { KeyValueStore } from '../state/autosave';
import { settingsReducer, type NotebookSettings } from '../state/notebookSettings';
import { urlHashOf } from '../state/notebookUrl';

/**
 * The hash is written this long after the last change. history.replaceState is a call into the
 * browser that took Chromium's main thread 1–13 ms: written at once, it ran in the drop's own
 * task and kept the new cuts' report waiting; a drop is answered in about 100 ms. After the
 * delay it still waits for an idle moment: a second drop's report can be on its way by then
 * (the trace showed the write, 13–22 ms on a busy machine, inside the next drop's answer).
 */
export const URL_WRITE_DELAY_MS = 300;

/** However busy the page, the hash is written at most this long after the delay. */
const IDLE_TIMEOUT_MS = 1000;

/** The hash this page load starts from (read once: the hand-over is used up by reading it). */
export function startingHash(): string {
  return hashOnLoad(tabStore(), window.location.hash);
}

export function useUrlSettings(initial: () => NotebookSettings) {
  const [settings, dispatch] = useReducer(settingsReducer, undefined, initial);
  const latest = useRef(settings);
  latest.current = settings;
  // The hash as this page last left the URL: if the URL differs when the page begins to leave,
  // someone else (the address bar, Back) changed it, and that link is what the reload opens.
  const shown = useRef<string | null>(null);

  useEffect(() => {
    shown.current ??= window.location.hash;
    const write = () => (shown.current = writeHash(settings));
    let idle: number | null = null;
    const timer = setTimeout(() => {
      // jsdom (the UI tests) has no requestIdleCallback: there the write follows the delay.
      if (typeof requestIdleCallback !== 'function') write();
      else idle = requestIdleCallback(write, { timeout: IDLE_TIMEOUT_MS });
    }, URL_WRITE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [settings]);

  // A reload or a closed tab must find the latest settings, pending or not: a closed tab's
  // history entry in the URL, a reload (whose URL is already fixed) through this tab's storage.
  // The URL a reload opens is the one it started from (`beforeunload`): while the server
  // answers, the delayed write above can still change the page's URL before `pagehide`.
  useEffect(() => {
    /** The URL as the page began to leave it, and whether it was the page's own. */
    const departure = () => {
      const url = window.location.hash;
      return { url, isOwn: url === (shown.current ?? url) };
    };
    let leaving: { url: string; isOwn: boolean } | null = null;
    const onBeforeUnload = () => {
      leaving = departure();
    };
    const onPageHide = () => {
      const { url, isOwn } = leaving ?? departure();
      leaving = null;
      handOverHash(tabStore(), url, isOwn ? urlHashOf(latest.current) : url);
      if (isOwn) shown.current = writeHash(latest.current);
    };
    // Back from the browser's page cache: the page is still here. (A leave called off, a
    // download say, hears no pageshow; the next leave's beforeunload then replaces `leaving`.)
    const onPageShow = () => {
      leaving = null;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, []);
  return [settings, dispatch] as const;
}

/** Writes the settings' hash into the URL (if it changed); returns the hash the URL then shows. */
function writeHash(settings: NotebookSettings): string {
  const hash = urlHashOf(settings);
  if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
  return window.location.hash;
}

function tabStore(): KeyValueStore | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}
