// The page's history of training steps, bounded: the latest steps in full, older ones thinned
// evenly, so a long run costs the same per progress event at step 100 000 as at step 100.
import type { StepRecord } from '../../worker/protocol';

/** The latest steps, kept in full: the charts' right edge and the step count read them. */
export const RECENT_RECORDS = 1000;
/** At most this many steps older than those, evenly thinned. */
export const OLDER_RECORDS = 1000;

/**
 * The history with a progress event's records appended, bounded: a long run would otherwise grow
 * the array without end and copy all of it on every event (quadratic over the run). The last
 * RECENT_RECORDS steps stay in full; older ones are thinned to the multiples of a stride, the
 * smallest power of two that leaves at most OLDER_RECORDS of them. The stride only grows as the
 * run does, and powers of two nest, so the result does not depend on how steps were batched.
 */
export function appendRecords(kept: StepRecord[], incoming: StepRecord[]): StepRecord[] {
  const all = kept.concat(incoming);
  if (all.length <= RECENT_RECORDS) return all;
  const cutoff = all.length - RECENT_RECORDS;
  const span = all[cutoff].step - all[0].step;
  let stride = 1;
  while (Math.ceil(span / stride) > OLDER_RECORDS) stride *= 2;
  if (stride === 1) return all;
  return all
    .slice(0, cutoff)
    .filter((r) => r.step % stride === 0)
    .concat(all.slice(cutoff));
}
