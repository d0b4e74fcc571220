// Notebook settings that live in the URL hash: read once at start, written back (replacing the
// history entry, so Back leaves the page rather than undoing each keystroke) as they change.
import { useEffect, useReducer } from 'react';
import { settingsReducer } from '../state/notebookSettings';
import { settingsFromUrlHash, urlHashOf } from '../state/notebookUrl';

export function useUrlSettings() {
  const [settings, dispatch] = useReducer(settingsReducer, undefined, () =>
    settingsFromUrlHash(window.location.hash),
  );
  useEffect(() => {
    const hash = urlHashOf(settings);
    if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
  }, [settings]);
  return [settings, dispatch] as const;
}
