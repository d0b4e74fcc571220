// The geometry of a step plot, as plain functions: the axes' domains and ticks from the rows,
// where a value lands in pixels, and which row a pointer is nearest to. The live training charts
// draw from these on a canvas; the tests check them without one.
import { linearTicks, logDomain, logTicks } from './logScale';

export type StepRow = { step: number } & Record<string, number | undefined>;

/** The plotting area inside the chart, in CSS pixels from the chart's top left corner. */
export interface PlotArea {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface StepAxes {
  x: { domain: [number, number]; ticks: number[] };
  y: { domain: [number, number]; ticks: number[]; isLog: boolean };
}

const X_TICKS = 6;
const Y_TICKS = 5;

const isDrawable = (v: number | undefined, isLog: boolean): v is number =>
  v !== undefined && Number.isFinite(v) && (!isLog || v > 0);

/** The values of `keys` that can be drawn (finite, and positive on a log axis). */
export function drawnValues(rows: readonly StepRow[], keys: readonly string[], isLog: boolean) {
  const values: number[] = [];
  for (const row of rows)
    for (const key of keys) {
      const v = row[key];
      if (isDrawable(v, isLog)) values.push(v);
    }
  return values;
}

/** How many points of each series are drawn. */
export const pointCounts = (rows: readonly StepRow[], keys: readonly string[], isLog: boolean) =>
  keys.map((key) => rows.filter((row) => isDrawable(row[key], isLog)).length);

/**
 * Steps from the first row to the last with whole-step ticks; values from round tick to round
 * tick (1, 2 or 5 × 10^k apart), or from power of ten to power of ten on a log axis.
 */
export function stepAxes(
  rows: readonly StepRow[],
  keys: readonly string[],
  isLog = false,
): StepAxes {
  const first = rows.at(0)?.step ?? 0;
  const last = rows.at(-1)?.step ?? 1;
  const xDomain: [number, number] = last > first ? [first, last] : [first, first + 1];
  const xTicks = linearTicks(xDomain[0], xDomain[1], X_TICKS).filter(
    (t) => Number.isInteger(t) && t >= xDomain[0] && t <= xDomain[1],
  );
  const values = drawnValues(rows, keys, isLog);
  if (isLog) {
    const domain = logDomain(values);
    return { x: { domain: xDomain, ticks: xTicks }, y: { domain, ticks: logTicks(domain), isLog } };
  }
  let low = values.length > 0 ? Math.min(...values) : 0;
  let high = values.length > 0 ? Math.max(...values) : 1;
  if (low === high) {
    const pad = Math.abs(low) * 0.1 || 1;
    low -= pad;
    high += pad;
  }
  const yTicks = linearTicks(low, high, Y_TICKS);
  const yDomain: [number, number] = [yTicks[0], yTicks[yTicks.length - 1]];
  return { x: { domain: xDomain, ticks: xTicks }, y: { domain: yDomain, ticks: yTicks, isLog } };
}

/** Step → pixel column. */
export function xPixel(axes: StepAxes, area: PlotArea, step: number): number {
  const [low, high] = axes.x.domain;
  return area.left + ((step - low) / (high - low)) * area.width;
}

/** Value → pixel row (up is larger), on a linear or a log axis. */
export function yPixel(axes: StepAxes, area: PlotArea, value: number): number {
  const [low, high] = axes.y.domain;
  const t = axes.y.isLog
    ? (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))
    : (value - low) / (high - low);
  return area.top + (1 - t) * area.height;
}

/** The pixel points of one series, rows without a drawable value left out (the line joins over them). */
export function seriesPixels(
  rows: readonly StepRow[],
  key: string,
  axes: StepAxes,
  area: PlotArea,
): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  for (const row of rows) {
    const v = row[key];
    if (isDrawable(v, axes.y.isLog))
      points.push({ x: xPixel(axes, area, row.step), y: yPixel(axes, area, v) });
  }
  return points;
}

/** The index of the row whose step is nearest to the pixel column `x` (rows sorted by step). */
export function nearestRow(rows: readonly StepRow[], axes: StepAxes, area: PlotArea, x: number) {
  if (rows.length === 0) return -1;
  const [low, high] = axes.x.domain;
  const step = low + ((x - area.left) / area.width) * (high - low);
  let lo = 0;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].step < step) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && step - rows[lo - 1].step < rows[lo].step - step ? lo - 1 : lo;
}
