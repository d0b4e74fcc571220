// Renders its children once they come near the viewport (and keeps them): typesetting a
// dozen formulas takes the main thread hundreds of milliseconds, wasted on a cell below the fold.
import { useRef, type ReactNode } from 'react';
import { useIsNearViewport } from '../hooks/useIsNearViewport';

interface WhenVisibleProps {
  /** Roughly the height the content will take, so the page does not jump. */
  placeholderHeight: string;
  children: ReactNode;
}

export function WhenVisible({ placeholderHeight, children }: WhenVisibleProps) {
  const ref = useRef<HTMLDivElement>(null);
  const isNear = useIsNearViewport(ref);
  return (
    <div ref={ref} style={isNear ? undefined : { minHeight: placeholderHeight }}>
      {isNear ? children : null}
    </div>
  );
}
