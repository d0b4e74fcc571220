// Keeps live charts cheap: at most `limit` evenly spaced points (always the first and the last),
// so drawing a long training run costs the main thread the same as a short one.
export function downsample<T>(points: readonly T[], limit: number): T[] {
  if (points.length <= limit) return points.slice();
  const stride = (points.length - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, i) => points[Math.round(i * stride)]);
}
