// How close one method's gradient is to the reference's: the numbers every table and chart shows.
// Plain arithmetic on Float32Arrays, in float64, so the comparison itself adds no error.

/** numpy.allclose's defaults, as the seed prints them. */
export const RTOL = 1e-5;
export const ATOL = 1e-8;

export interface Comparison {
  maxAbsError: number;
  /** max |method − reference| divided by max |reference| (the reference tensor's scale). */
  maxRelError: number;
  cosine: number;
  /** numpy.allclose(reference, method): every |reference − method| ≤ atol + rtol·|method|. */
  allclose: boolean;
}

export function compareArrays(reference: ArrayLike<number>, method: ArrayLike<number>): Comparison {
  if (reference.length !== method.length)
    throw new Error(`cannot compare ${reference.length} values with ${method.length}`);
  let maxAbsError = 0;
  let maxRef = 0;
  let dot = 0;
  let refNorm = 0;
  let methodNorm = 0;
  let allclose = true;
  for (let i = 0; i < reference.length; i++) {
    const a = reference[i];
    const b = method[i];
    const diff = Math.abs(a - b);
    // NaN fails every comparison: treat it as an infinite error.
    if (!(diff <= ATOL + RTOL * Math.abs(b))) allclose = false;
    maxAbsError = Math.max(maxAbsError, Number.isNaN(diff) ? Infinity : diff);
    maxRef = Math.max(maxRef, Math.abs(a));
    dot += a * b;
    refNorm += a * a;
    methodNorm += b * b;
  }
  const norms = Math.sqrt(refNorm * methodNorm);
  return {
    maxAbsError,
    maxRelError: maxRef > 0 ? maxAbsError / maxRef : maxAbsError === 0 ? 0 : Infinity,
    cosine: norms > 0 ? dot / norms : refNorm === methodNorm ? 1 : 0,
    allclose,
  };
}

export const norm = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
};

/**
 * Against fd64 (float64 central differences), a float32 gradient is right when its largest error
 * over the sampled elements is at most this fraction of the tensor's scale. float32 rounding
 * over long sums stays near 1e-6 of it; the tfjs bugs this exists to catch are 1e-2 and worse.
 */
export const FD64_TOLERANCE = 1e-4;
/** Below this, an absolute difference is finite-difference rounding (ε/h), not a gradient. */
const FD64_FLOOR = 1e-9;

export interface SampledComparison {
  maxAbsError: number;
  /** max |Δ| over the sample, divided by the tensor's largest magnitude (method or fd64). */
  maxRelError: number;
  /** Where the largest error is (a flat index), or -1 when there is none. */
  worstIndex: number;
  agrees: boolean;
}

/** Compares a whole float32 tensor with float64 values at sampled flat indices. */
export function compareSampled(
  method: ArrayLike<number>,
  indices: readonly number[],
  values: readonly number[],
): SampledComparison {
  let maxAbsError = 0;
  let worstIndex = -1;
  let scale = 0;
  for (let i = 0; i < method.length; i++) scale = Math.max(scale, Math.abs(method[i]));
  indices.forEach((index, k) => {
    scale = Math.max(scale, Math.abs(values[k]));
    const diff = Math.abs(method[index] - values[k]);
    const error = Number.isNaN(diff) ? Infinity : diff;
    if (error > maxAbsError || worstIndex < 0) [maxAbsError, worstIndex] = [error, index];
  });
  const maxRelError = !Number.isFinite(maxAbsError + scale)
    ? Infinity
    : scale > 0
      ? maxAbsError / scale
      : maxAbsError === 0
        ? 0
        : Infinity;
  return {
    maxAbsError,
    maxRelError,
    worstIndex,
    agrees: maxAbsError <= FD64_TOLERANCE * scale + FD64_FLOOR,
  };
}
