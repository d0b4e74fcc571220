// Holds the curves and report read back from a file or the autosave and lays them over the live
// session (state/restoredSession.ts); forgets them once a setting changes or the run moves on.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Request } from '../../worker/protocol';
import type { NotebookSettings } from '../state/notebookSettings';
import {
  endsRestored,
  isContinued,
  isRestoredCurrent,
  withRestored,
  type RestoredSession,
} from '../state/restoredSession';
import type { SessionState } from '../state/sessionState';

export function useRestoredSession(
  live: SessionState,
  sendLive: (request: Request) => void,
  settings: NotebookSettings,
  initial: RestoredSession | null,
) {
  const [restored, setRestored] = useState<RestoredSession | null>(initial);
  const isCurrent = restored !== null && isRestoredCurrent(restored, settings);
  useEffect(() => {
    // Settings moved on: the saved curves belong to others, even if the learner comes back.
    if (restored !== null && !isCurrent) setRestored(null);
  }, [restored, isCurrent]);
  const session = useMemo(() => withRestored(live, restored, settings), [live, restored, settings]);
  const isContinuing = restored !== null && isContinued(restored, live);
  const send = useCallback(
    (request: Request) => {
      if (endsRestored(request, isContinuing)) setRestored(null);
      sendLive(request);
    },
    [sendLive, isContinuing],
  );
  return { session, send, restore: setRestored };
}
