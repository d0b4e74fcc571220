// The width of an element, kept current with a ResizeObserver, for charts that must be given
// a pixel size (recharts' ResponsiveContainer measures 0×0 in tests, so charts take a size).
// Only the observer measures: its first report comes with the browser's own layout, where
// reading the size during React's commit would force a layout of the whole page in that task.
import { useLayoutEffect, useRef, useState } from 'react';

export function useElementWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const next = Math.floor(entry.contentRect.width);
      // Whole pixels only, so sub-pixel jitter does not re-render every chart.
      setWidth((current) => (current === next ? current : next));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}
