// Lays the curves and report read back from a file or the autosave over the live session
// (state/restoredSession.ts) and forgets them once a setting changes. Requests end them in the
// session's reducer, in the order they were sent (state/sessionState.ts).
import { useEffect, useMemo } from 'react';
import type { NotebookSettings } from '../state/notebookSettings';
import { isRestoredCurrent, withRestored, type RestoredSession } from '../state/restoredSession';
import type { SessionState } from '../state/sessionState';

export function useRestoredSession(
  live: SessionState,
  settings: NotebookSettings,
  restore: (restored: RestoredSession | null) => void,
) {
  const { restored } = live;
  const isCurrent = restored !== null && isRestoredCurrent(restored, settings);
  useEffect(() => {
    // Settings moved on: the saved curves belong to others, even if the learner comes back.
    if (restored !== null && !isCurrent) restore(null);
  }, [restored, isCurrent, restore]);
  return useMemo(() => withRestored(live, settings), [live, settings]);
}
