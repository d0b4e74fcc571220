// The float64 check in the page's words: how much of a tensor it sampled, and, when it did not
// run, how long it would have taken. The verdicts themselves come from core, as the CLI's do.
import { FD64_AUTO_SECONDS } from '../../core/oracle/cost64';
export { describeReferenceVerdict, fd64Verdict } from '../../core/fd64Verdict';

/** "all 24 elements" when every element was visited, otherwise "64 of 384 elements". */
export const sampledText = (sampled: number, total: number) =>
  sampled >= total
    ? `all ${total} element${total === 1 ? '' : 's'}`
    : `${sampled} of ${total} elements`;

/** "0.07 s", "40 s", "12 min": one significant figure is all an estimate has. */
export function approximateSeconds(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toPrecision(1))} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** The one line the page shows when a report has no float64 check, with why when it can. */
export function fd64NotRunText(seconds: number | undefined): string {
  const consequence =
    'so True below means only "the same as tfjs\'s own tape", not that the gradient is right.';
  if (seconds === undefined) return `The float64 check was not run for this report, ${consequence}`;
  const estimate = `it would take about ${approximateSeconds(seconds)}`;
  return seconds >= FD64_AUTO_SECONDS
    ? `The float64 check was not run for this model: ${estimate} (it runs by itself under ${FD64_AUTO_SECONDS} s), ${consequence}`
    : `The float64 check was not run for this report (${estimate}), ${consequence}`;
}
