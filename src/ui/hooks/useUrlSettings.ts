// Notebook settings that live in the URL hash: read once at start, written back (replacing the
// history entry, so Back leaves the page rather than undoing each keystroke) as they change.
// `initial` may start elsewhere (the autosave, when the URL has no hash).
import { useEffect, useReducer, useRef } from 'react';
import { settingsReducer, type NotebookSettings } from '../state/notebookSettings';
import { settingsFromUrlHash, urlHashOf } from '../state/notebookUrl';

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

export function useUrlSettings(
  initial: () => NotebookSettings = () => settingsFromUrlHash(window.location.hash),
) {
  const [settings, dispatch] = useReducer(settingsReducer, undefined, initial);
  const latest = useRef(settings);
  latest.current = settings;

  useEffect(() => {
    let idle: number | null = null;
    const timer = setTimeout(() => {
      // jsdom (the UI tests) has no requestIdleCallback: there the write follows the delay.
      if (typeof requestIdleCallback !== 'function') writeHash(settings);
      else idle = requestIdleCallback(() => writeHash(settings), { timeout: IDLE_TIMEOUT_MS });
    }, URL_WRITE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      if (idle !== null) cancelIdleCallback(idle);
    };
  }, [settings]);

  // A reload or a closed tab must find the latest settings in the URL, pending or not.
  useEffect(() => {
    const onPageHide = () => writeHash(latest.current);
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, []);
  return [settings, dispatch] as const;
}

function writeHash(settings: NotebookSettings): void {
  const hash = urlHashOf(settings);
  if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
}
