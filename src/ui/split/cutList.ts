// Cut lists as the split editor changes them. A cut is a gap index (cut i = after layer i, so
// 0 ≤ i ≤ layerCount - 2); every list these functions return is sorted and has no repeats.

const ascending = (a: number, b: number) => a - b;

/** Keeps only the cuts a model of `layerCount` layers can take, sorted and without repeats. */
export const cutsThatFit = (cuts: readonly number[], layerCount: number): number[] =>
  [...new Set(cuts)]
    .filter((cut) => Number.isInteger(cut) && cut >= 0 && cut <= layerCount - 2)
    .sort(ascending);

export const addCut = (cuts: readonly number[], gap: number): number[] =>
  cuts.includes(gap) ? [...cuts] : [...cuts, gap].sort(ascending);

export const removeCut = (cuts: readonly number[], gap: number): number[] =>
  cuts.filter((cut) => cut !== gap);

export const moveCut = (cuts: readonly number[], from: number, to: number): number[] =>
  addCut(removeCut(cuts, from), to);

/**
 * The nearest gap without a cut before (-1) or after (+1) `from`, skipping gaps that already
 * hold a cut; null when there is none before the strip ends.
 */
export function nextFreeGap(
  cuts: readonly number[],
  from: number,
  direction: -1 | 1,
  layerCount: number,
): number | null {
  for (let gap = from + direction; gap >= 0 && gap <= layerCount - 2; gap += direction) {
    if (!cuts.includes(gap)) return gap;
  }
  return null;
}
