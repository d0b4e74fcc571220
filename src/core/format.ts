// How numbers and gradients are named in words, the same in the terminal and on the page:
// the seed answer's names, Python's True/False, errors in scientific notation, binary bytes.
// Pure TypeScript (no tfjs), so the page can import it.

/** 3.2e-7 style, with an exact zero written as 0. */
export const scientific = (x: number, digits = 1): string =>
  x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(digits) : String(x);

// Integers by a regular expression: the first toLocaleString call starts up Intl, which took
// 67–300 ms of the page's main thread while loading.
export const withSeparators = (n: number): string =>
  Number.isSafeInteger(n)
    ? String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
    : n.toLocaleString('en-US');

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

/**
 * The seed answer's names: dLoss_dWeights{k} / dLoss_dBias{k} for part k, with _layer{n} when the
 * part has several weighted layers.
 */
export function seedWeightNames(
  weights: readonly { role: 'kernel' | 'bias'; part: number; layer: number }[],
): string[] {
  return weights.map((w) => {
    const layersInPart = new Set(weights.filter((v) => v.part === w.part).map((v) => v.layer));
    const base = `${w.role === 'kernel' ? 'dLoss_dWeights' : 'dLoss_dBias'}${w.part}`;
    return layersInPart.size > 1 ? `${base}_layer${w.layer}` : base;
  });
}

/** dLoss_dOut{k}: the gradient crossing cut k, at the output of model_k. */
export const boundaryName = (cutIndex: number) => `dLoss_dOut${cutIndex}`;
