// A value that follows `value` at most once per `intervalMs`, always ending on the latest, and
// never sooner than `delayMs` after a change: live charts redraw a few times a second however
// often the worker reports, and charts given different delays redraw in separate tasks.
import { startTransition, useEffect, useRef, useState } from 'react';

export function useThrottledValue<T>(value: T, intervalMs: number, delayMs = 0): T {
  const [shown, setShown] = useState(value);
  const lastShownAt = useRef(-Infinity);
  useEffect(() => {
    const wait = Math.max(delayMs, lastShownAt.current + intervalMs - performance.now());
    const timer = setTimeout(() => {
      lastShownAt.current = performance.now();
      // A transition: React may split the redraw into slices and let input in between.
      startTransition(() => setShown(value));
    }, wait);
    return () => clearTimeout(timer);
  }, [value, intervalMs, delayMs]);
  return shown;
}
