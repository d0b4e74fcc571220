// How many of the notebook's cells to draw: the first screen's at once, then one more per task,
// so the page's first render, style and layout cover a third of it, and the cells below the
// fold follow in tasks of their own (README, "long tasks"). Where the page cannot be seen to
// load (jsdom, without IntersectionObserver) every cell is drawn at once.
import { useEffect, useState } from 'react';

export function useCellsInTurns(total: number, first: number): number {
  const [shown, setShown] = useState(() =>
    typeof IntersectionObserver === 'undefined' ? total : Math.min(first, total),
  );
  useEffect(() => {
    if (shown >= total) return;
    // A macrotask, so the cells drawn so far are committed and laid out before the next.
    const timer = setTimeout(() => setShown((n) => Math.min(n + 1, total)), 0);
    return () => clearTimeout(timer);
  }, [shown, total]);
  return shown;
}
