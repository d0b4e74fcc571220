// Log-scale helpers. log(0) is undefined, and a chained gradient is often exactly equal to the
// reference, so zeros are drawn at a floor value and every tooltip says so.

export const LOG_FLOOR = 1e-12;

/** The value to draw on a log axis: zero (and anything below the floor) sits on the floor. */
export const clampForLog = (x: number): number => (Number.isFinite(x) ? Math.max(x, LOG_FLOOR) : x);

/** How a tooltip states a value that was clamped. */
export const describeLogValue = (x: number, format: (x: number) => string): string =>
  x === 0
    ? `0 exactly (drawn at ${LOG_FLOOR.toExponential(0)}: log 0 is undefined)`
    : x < LOG_FLOOR
      ? `${format(x)} (drawn at ${LOG_FLOOR.toExponential(0)}, the chart's floor)`
      : format(x);

/**
 * A power-of-ten domain around the values (all drawn values, i.e. already clamped), with a
 * decade of room below the smallest so a bar or a dot on the floor stays visible.
 */
export function logDomain(values: number[]): [number, number] {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  if (finite.length === 0) return [LOG_FLOOR / 10, 1];
  const smallest = Math.log10(Math.min(...finite));
  let low = Math.floor(smallest);
  if (smallest - low < 0.5) low -= 1;
  let high = Math.ceil(Math.log10(Math.max(...finite)));
  if (high <= low + 1) high = low + 2;
  return [10 ** low, 10 ** high];
}

/**
 * Powers of ten across a log domain, at most `maxTicks` of them (every 2nd, 3rd … decade),
 * counted up from the decade above the bottom so the floor value (1e-12) is always labelled.
 */
export function logTicks([low, high]: [number, number], maxTicks = 7): number[] {
  const from = Math.round(Math.log10(low)) + 1;
  const to = Math.round(Math.log10(high));
  const stride = Math.max(1, Math.ceil((to - from) / (maxTicks - 1)));
  const ticks: number[] = [];
  for (let e = from; e <= to; e += stride) ticks.push(10 ** e);
  return ticks;
}

/** Tick text for powers of ten: 1e-7, 1, 10. */
export const powerOfTenLabel = (x: number): string => {
  const e = Math.round(Math.log10(x));
  return e === 0 ? '1' : e === 1 ? '10' : `1e${e}`;
};

/** Evenly spaced round ticks (1, 2 or 5 × 10^k apart) covering [low, high], about `count`. */
export function linearTicks(low: number, high: number, count = 5): number[] {
  const raw = (high - low) / Math.max(1, count - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const first = Math.floor(low / step);
  const last = Math.ceil(high / step);
  // Multiples of the step, rounded so 0 is 0 and not 3.5e-18.
  return Array.from({ length: last - first + 1 }, (_, i) =>
    Number(((first + i) * step).toPrecision(12)),
  );
}

/**
 * Powers of two inside a (power-of-ten) log domain, every 2^stride with a stride of 1, 2, 5 or
 * 10 so at most `maxTicks` remain: byte axes then read 1 KiB, 32 KiB, 1 MiB … not 97.7 KiB.
 */
export function binaryTicks([low, high]: [number, number], maxTicks = 6): number[] {
  const from = Math.ceil(Math.log2(low));
  const to = Math.floor(Math.log2(high));
  const stride = [1, 2, 5, 10, 20].find((s) => (to - from) / s < maxTicks) ?? 20;
  const ticks: number[] = [];
  for (let e = Math.ceil(from / stride) * stride; e <= to; e += stride) ticks.push(2 ** e);
  return ticks;
}

/** The props of a log-scale recharts axis over `domain`, with a tick at every power of ten. */
export const logAxisProps = (domain: [number, number]) => ({
  scale: 'log' as const,
  domain,
  ticks: logTicks(domain),
  tickFormatter: powerOfTenLabel,
  allowDataOverflow: true,
  interval: 0 as const,
});
