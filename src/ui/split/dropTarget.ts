// Where a dragged cut handle lands when released: the free gap whose centre is nearest the
// pointer, or nowhere (the cut is removed) when it is let go well above or below the strip.
// Plain geometry on rects, so it is tested without a layout engine.

/** The part of DOMRect this needs; a DOMRect is one. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Drop = { kind: 'gap'; gap: number } | { kind: 'remove' };

/** How far (px) beyond the strip's top or bottom edge a release removes the cut. */
export const REMOVE_DISTANCE_PX = 60;

export function dropTargetOf(
  pointer: { x: number; y: number },
  strip: Box,
  gaps: readonly { gap: number; box: Box }[],
  isFree: (gap: number) => boolean,
): Drop | null {
  if (
    pointer.y < strip.top - REMOVE_DISTANCE_PX ||
    pointer.y > strip.top + strip.height + REMOVE_DISTANCE_PX
  )
    return { kind: 'remove' };
  let best: { gap: number; distance: number } | null = null;
  for (const { gap, box } of gaps) {
    if (!isFree(gap)) continue;
    // Cards wrap onto several rows, so the distance is measured in both directions.
    const distance = Math.hypot(
      pointer.x - (box.left + box.width / 2),
      pointer.y - (box.top + box.height / 2),
    );
    if (!best || distance < best.distance) best = { gap, distance };
  }
  return best ? { kind: 'gap', gap: best.gap } : null;
}
