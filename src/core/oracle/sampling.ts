// Which elements of a tensor the finite-difference check visits: all of them when the tensor is
// small, otherwise a seeded sample, so a run can be repeated exactly.
import { seededRandom } from '../data/seededRandom';

/** `count` distinct indices below `total` (every index when total ≤ count), sorted. */
export function sampleIndices(total: number, count: number, seed: number): number[] {
  if (total <= count) return [...Array(total).keys()];
  const random = seededRandom(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * total));
  return [...chosen].sort((a, b) => a - b);
}
