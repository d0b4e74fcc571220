// Dragging a cut handle with a pointer (mouse, pen or touch alike): the handle follows the
// pointer, the gap it would land in is highlighted, and on release the cut snaps to that gap or
// is removed. Gap positions come from the DOM (getBoundingClientRect), read only while dragging.
import { useRef, useState, type PointerEvent, type RefObject } from 'react';
import { dropTargetOf, type Drop } from './dropTarget';

/** What the strip draws while a handle is held. */
export interface CutDrag {
  cut: number;
  dx: number;
  dy: number;
  target: Drop | null;
}

interface Held {
  cut: number;
  pointerId: number;
  startX: number;
  startY: number;
}

export interface CutHandleDragHandlers {
  onPointerDown: (event: PointerEvent<HTMLElement>) => void;
  onPointerMove: (event: PointerEvent<HTMLElement>) => void;
  onPointerUp: (event: PointerEvent<HTMLElement>) => void;
  onPointerCancel: (event: PointerEvent<HTMLElement>) => void;
}

export function useCutDrag(
  stripRef: RefObject<HTMLElement | null>,
  cuts: readonly number[],
  onDrop: (cut: number, drop: Drop) => void,
): { drag: CutDrag | null; handlersFor: (cut: number) => CutHandleDragHandlers } {
  // The held handle lives in a ref so pointerup sees it even if a render has not happened yet
  // since the last pointermove; the state copy only drives what is drawn.
  const held = useRef<Held | null>(null);
  const [drag, setDrag] = useState<CutDrag | null>(null);

  const targetAt = (x: number, y: number, cut: number): Drop | null => {
    const strip = stripRef.current;
    if (!strip) return null;
    const gaps = [...strip.querySelectorAll<HTMLElement>('[data-gap]')].map((element) => ({
      gap: Number(element.dataset.gap),
      box: element.getBoundingClientRect(),
    }));
    // The handle's own gap counts as free: letting go where it started changes nothing.
    const isFree = (gap: number) => gap === cut || !cuts.includes(gap);
    return dropTargetOf({ x, y }, strip.getBoundingClientRect(), gaps, isFree);
  };

  const isHeld = (event: PointerEvent<HTMLElement>) => held.current?.pointerId === event.pointerId;

  const handlersFor = (cut: number): CutHandleDragHandlers => ({
    onPointerDown: (event) => {
      // A new press replaces any hold whose pointerup never came (a handle unmounted mid-drag).
      if (event.button !== 0) return;
      // Keep receiving moves when the pointer leaves the handle; jsdom has no pointer capture.
      event.currentTarget.setPointerCapture?.(event.pointerId);
      held.current = {
        cut,
        pointerId: event.pointerId,
        startX: event.clientX,
        startY: event.clientY,
      };
      setDrag({ cut, dx: 0, dy: 0, target: { kind: 'gap', gap: cut } });
    },
    onPointerMove: (event) => {
      const start = held.current;
      if (!start || !isHeld(event)) return;
      setDrag({
        cut: start.cut,
        dx: event.clientX - start.startX,
        dy: event.clientY - start.startY,
        target: targetAt(event.clientX, event.clientY, start.cut),
      });
    },
    onPointerUp: (event) => {
      const start = held.current;
      if (!start || !isHeld(event)) return;
      held.current = null;
      setDrag(null);
      const drop = targetAt(event.clientX, event.clientY, start.cut);
      if (drop) onDrop(start.cut, drop);
    },
    onPointerCancel: (event) => {
      if (!isHeld(event)) return;
      held.current = null;
      setDrag(null);
    },
  });

  return { drag, handlersFor };
}
