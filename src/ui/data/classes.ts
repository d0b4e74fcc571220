// Labels as classes: the class index of a label row (0/1 for one output, the one-hot's index for
// several), its name, and how many examples of each class a batch holds.

/** The class of a label row: threshold 0.5 for one value, the largest value's index otherwise. */
export function classIndexOf(label: readonly number[]): number {
  if (label.length === 1) return label[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < label.length; k++) if (label[k] > label[best]) best = k;
  return best;
}

/** The class's name when the data names it ('3', 'circle'), else its number. */
export const classNameOf = (index: number, classNames: readonly string[] | undefined) =>
  classNames?.[index] ?? String(index);

/** Examples per class, for `classCount` classes (at least as many as the labels show). */
export function classCounts(labels: readonly (readonly number[])[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const label of labels) {
    const k = classIndexOf(label);
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return Array.from(counts, (n) => n ?? 0);
}
