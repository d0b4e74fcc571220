// How many of a list's items to draw: the first screen's at once, then `step` more per task, so
// the page's first render, style and layout cover part of it and the rest follow in tasks of
// their own (README, "long tasks"). The notebook's cells come one per task; the Model cell's
// layer cards a few per task (seed-cnn's twelve cards and their hundred fields made the first
// frame's style and layout 130–210 ms). Where the page cannot be seen to load (jsdom, without
// IntersectionObserver) every item is drawn at once.
import { startTransition, useEffect, useState } from 'react';

export function useCountInTurns(total: number, first: number, step = 1): number {
  const [state, setState] = useState(() => ({
    total,
    shown: typeof IntersectionObserver === 'undefined' ? total : Math.min(first, total),
  }));
  let { shown } = state;
  if (total !== state.total) {
    // A list that shrank shows what it has; one that grew by a few items (a layer added by hand,
    // whose field then takes the focus) shows them at once; a new, longer list (another preset)
    // comes in turns again.
    const isSmallGrowth = total - state.total <= step && state.shown >= state.total;
    shown = total < state.total || isSmallGrowth ? total : Math.max(Math.min(shown, total), first);
    setState({ total, shown });
  }
  useEffect(() => {
    if (state.shown >= state.total) return;
    // A macrotask, so the items drawn so far are committed and laid out before the next; and a
    // transition, so React renders the new items in slices of a few milliseconds (an update at
    // default priority renders in one piece: 60–360 ms for the Split cell while the page loads).
    const timer = setTimeout(
      () =>
        startTransition(() =>
          setState((s) => ({ total: s.total, shown: Math.min(s.shown + step, s.total) })),
        ),
      0,
    );
    return () => clearTimeout(timer);
  }, [state, step]);
  return Math.min(shown, total);
}
