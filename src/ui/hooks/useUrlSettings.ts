// Notebook settings that live in the URL hash: read once at start, written back (replacing the
// history entry, so Back leaves the page rather than undoing each keystroke) as they change.
// `initial` may start elsewhere (the autosave, when the URL has no hash).
import { useEffect, useReducer } from 'react';
import { settingsReducer, type NotebookSettings } from '../state/notebookSettings';
import { settingsFromUrlHash, urlHashOf } from '../state/notebookUrl';

export function useUrlSettings(
  initial: () => NotebookSettings = () => settingsFromUrlHash(window.location.hash),
) {
  const [settings, dispatch] = useReducer(settingsReducer, undefined, initial);
  useEffect(() => {
    const hash = urlHashOf(settings);
    if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
  }, [settings]);
  return [settings, dispatch] as const;
}
