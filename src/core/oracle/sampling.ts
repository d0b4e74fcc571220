// Which elements of a tensor the finite-difference check visits: all of them when the tensor is
// small, otherwise a seeded sample, so a run can be repeated exactly.

/** mulberry32: a tiny, well-known seeded generator, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct indices below `total` (every index when total ≤ count), sorted. */
export function sampleIndices(total: number, count: number, seed: number): number[] {
  if (total <= count) return [...Array(total).keys()];
  const random = mulberry32(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * total));
  return [...chosen].sort((a, b) => a - b);
}
