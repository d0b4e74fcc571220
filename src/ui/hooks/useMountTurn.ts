// True once this component's turn to mount its heavy content has come (see mountTurns.ts).
// The turn passes on when the effect is cleaned up, i.e. after the content has been committed.
import { startTransition, useEffect, useState } from 'react';
import { requestMountTurn } from '../charts/mountTurns';

export function useMountTurn(isWanted: boolean): boolean {
  const [hasTurn, setHasTurn] = useState(false);
  useEffect(() => {
    if (!isWanted || hasTurn) return;
    // A transition: React renders the chart in slices instead of one ~100 ms task.
    return requestMountTurn(() => startTransition(() => setHasTurn(true)));
  }, [isWanted, hasTurn]);
  return hasTurn;
}
