// A chart's data, changed only on the chart's turn (see charts/mountTurns.ts): when a new report
// reaches several recharts charts at once, each redraws in a task of its own instead of all of
// them in one long task. Until its turn comes a chart keeps showing the previous data.
import { startTransition, useEffect, useState } from 'react';
import { requestMountTurn } from '../charts/mountTurns';

/** `value`, or while `isQueued` the last value this chart's turn let through. */
export function useTurnedValue<T>(value: T, isQueued: boolean): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (!isQueued || shown === value) return;
    // A transition: React redraws the chart in slices instead of one long task.
    return requestMountTurn(() => startTransition(() => setShown(value)));
  }, [value, shown, isQueued]);
  return isQueued ? shown : value;
}
