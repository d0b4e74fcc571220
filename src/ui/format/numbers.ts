// How numbers read on the page: errors in scientific notation, bytes in binary units, counts
// with thousands separators.

/** 3.2e-7 style, with an exact zero written as 0. */
export const scientific = (x: number, digits = 1): string =>
  x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(digits) : String(x);

export const withSeparators = (n: number): string => n.toLocaleString('en-US');

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export const formatMs = (ms: number): string =>
  ms >= 1000
    ? `${(ms / 1000).toFixed(2)} s`
    : ms >= 10
      ? `${ms.toFixed(0)} ms`
      : `${ms.toFixed(1)} ms`;

/** Python's spelling, as the seed prints allclose. */
export const pythonBool = (b: boolean): 'True' | 'False' => (b ? 'True' : 'False');
