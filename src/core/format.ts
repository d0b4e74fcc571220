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

/** One compared tensor: a weight's gradient, or the gradient crossing a cut. */
export interface ChainRuleRow {
  kind: 'weight' | 'boundary';
  /** Into the report's weights, or its cuts. */
  index: number;
  /** dLoss_dWeights2, dLoss_dOut1, … */
  name: string;
  /** The part the row belongs to: a weight's own part, the part before a cut. */
  part: number;
}

/**
 * The one row order of every table (CLI and page): last part first, as the chain rule computes
 * them — each part's weights, then the gradient crossing the cut before it.
 */
export function chainRuleRows(report: {
  parts: readonly unknown[];
  weights: readonly { role: 'kernel' | 'bias'; part: number; layer: number }[];
}): ChainRuleRow[] {
  const names = seedWeightNames(report.weights);
  const rows: ChainRuleRow[] = [];
  for (let k = report.parts.length - 1; k >= 0; k--) {
    report.weights.forEach((w, i) => {
      if (w.part === k) rows.push({ kind: 'weight', index: i, name: names[i], part: k });
    });
    if (k > 0)
      rows.push({ kind: 'boundary', index: k - 1, name: boundaryName(k - 1), part: k - 1 });
  }
  return rows;
}
