// Sum over the leading axes on wasm as a matMul by a row of ones. Every bias gradient is such a
// sum (dy [n, h, w, c] summed to [c]), and wasm's Sum transposes the reduced axes innermost and
// loops: 10–22 ms for seed-cnn's first bias gradient (32×62×62×32), against a [c, n·h·w] × ones
// matMul on XNNPACK (measured with a fresh dy each call: 10.5–11.5 ms → 4–6 ms). Any other sum
// goes to the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { replacedKernel, restoreKernel, wrapKernel } from './kernelReplacement';

/**
 * How many leading axes `axis` reduces, or 0 when it is not exactly 0..k−1 with k < rank.
 * `axis` as the Sum kernel gets it: null (every axis), one, or several, negative from the end.
 */
export function leadingAxesCount(axis: number | number[] | null, rank: number): number {
  if (axis == null) return 0;
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a + rank) % rank))];
  axes.sort((a, b) => a - b);
  const leading = axes.every((a, i) => a === i);
  return leading && axes.length < rank ? axes.length : 0;
}

/** The part of tfjs-backend-wasm's BackendWasm this kernel uses. */
interface WasmBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

// Written on the backend's own TensorInfos, not tfjs ops: an op on a Tensor made from the input
// inside a kernel would share its data, and disposing that Tensor frees the input's data.
export const leadingAxesSumKernelFunc: tf.KernelFunc = (args) => {
  const { x } = args.inputs as tf.SumInputs;
  if (x == null) throw new Error('Sum: missing input x');
  const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
  const k = leadingAxesCount(axis, x.shape.length);
  if (k === 0 || x.dtype !== 'float32') {
    return replacedKernel(tf.Sum, 'wasm').kernelFunc(args);
  }
  const backend = args.backend as WasmBackend;
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const kept = x.shape.slice(k);
  const columns = kept.reduce((a, b) => a * b, 1);
  const ones = backend.makeOutput([1, rows, 1], 'float32');
  backend.typedArrayFromHeap(ones).fill(1);
  // x as the transposed left operand: XNNPACK packs the right one (here the ones) per call, and
  // packing a fresh dy as the right operand costs more than wasm's own Sum.
  const sum = tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc({
    inputs: { a: { dataId: x.dataId, shape: [1, rows, columns], dtype: 'float32' }, b: ones },
    attrs: { transposeA: true, transposeB: false },
    backend,
  }) as tf.TensorInfo;
  backend.disposeData(ones.dataId);
  const shape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept;
  return { dataId: sum.dataId, shape, dtype: 'float32' };
};

/** Makes wasm sum over leading axes with a matMul (the rest as before). Idempotent. */
export function registerLeadingAxesSum(): void {
  wrapKernel(tf.Sum, 'wasm', leadingAxesSumKernelFunc);
}

/** Puts wasm's stock Sum back. */
export function restoreLeadingAxesSum(): void {
  restoreKernel(tf.Sum, 'wasm');
}
