// Float64 tensors for the oracle: a shape and a flat row-major Float64Array, nothing else.
// The oracle shares no code with the tfjs path; this is its whole data model.

export interface Tensor64 {
  shape: number[];
  data: Float64Array;
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export const zeros64 = (shape: number[]): Tensor64 => ({
  shape,
  data: new Float64Array(size(shape)),
});

/** Widens float32 (or any) values to a float64 tensor; the values are copied exactly. */
export const toTensor64 = (shape: readonly number[], data: ArrayLike<number>): Tensor64 => {
  if (size(shape) !== data.length)
    throw new Error(`shape [${shape.join(', ')}] does not hold ${data.length} values`);
  return { shape: shape.slice(), data: Float64Array.from(data) };
};
