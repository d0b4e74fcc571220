// True once an element has come within `margin` of the viewport, and from then on. Charts and
// typeset maths below the fold wait for it, so loading the page does not draw what no one sees.
import { useEffect, useState, type RefObject } from 'react';

export function useIsNearViewport(ref: RefObject<Element | null>, margin = '300px'): boolean {
  // Without IntersectionObserver (jsdom, old browsers) everything counts as visible.
  const [isNear, setIsNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    const element = ref.current;
    if (isNear || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setIsNear(true);
          observer.disconnect();
        }
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, isNear, margin]);
  return isNear;
}
