// Conv2DBackpropInput (dL/dx of a conv2d) written with public tfjs ops, registrable as the kernel
// for any backend: the stock wasm kernel is a plain loop nest, ~10x slower than the forward conv.
//
// Medians from bench/conv2dBackpropInput.bench.ts (Node 20, 2 cores, wasm SIMD without threads;
// the seed CNN's layers, batch 32, 3x3 'valid', stride 1; two runs on a shared machine):
//                                   wasm stock   wasm ops    cpu stock    cpu ops
//   conv1 x[32,64,64,3]  -> 32      71-75 ms     20-21 ms    170-225 ms   760-880 ms
//   conv2 x[32,31,31,32] -> 32      166-173 ms   18-28 ms    450-520 ms   870-1180 ms
//   conv3 x[32,14,14,32] -> 64      53-54 ms     8-10 ms     120-180 ms   310-510 ms
// so select.ts registers it on wasm only: cpu's stock loop nest beats cpu's own Conv2D kernel.
// Strided, on wasm: x[32,32,32,32] 3x3 s2 'same' 65 -> 19 ms, 5x5 s2 133 -> 49 ms, 3x3 s3
// 'valid' 43 -> 21 ms; the one loss seen is 3 input channels at stride 2 (x[32,64,64,3]):
// 21 -> 23 ms, as the spread dy is 3/4 zeros and XNNPACK is weak at 3 output channels.
import * as tf from '@tensorflow/tfjs';
import {
  asFloat32,
  checkDilationsAndFormat,
  forwardConvInfo,
  onTensorViews,
  type Conv2DPad,
  type DimRoundingMode,
  type Pair,
} from './convKernelInputs';
import { replaceKernel, restoreKernel } from './kernelReplacement';

export type { Conv2DPad, DimRoundingMode } from './convKernelInputs';

/**
 * Rows [start, start + length) of axis 1 and cols [colStart, colStart + colLength) of axis 2 of
 * an NHWC tensor, reading zeros outside it: one slice for what exists, one pad for the rest.
 */
function window2d(
  t: tf.Tensor4D,
  start: number,
  length: number,
  colStart: number,
  colLength: number,
): tf.Tensor4D {
  const [n, rows, cols, c] = t.shape;
  const r0 = Math.max(0, start);
  const r1 = Math.min(rows, start + length);
  const c0 = Math.max(0, colStart);
  const c1 = Math.min(cols, colStart + colLength);
  if (r1 <= r0 || c1 <= c0) {
    // Nothing of t in the window: e.g. numeric padding, where tfjs sizes the output width with
    // the filter height and row stride, so dy can be narrower than the forward conv reads.
    return tf.zeros([n, length, colLength, c]);
  }
  let out = t;
  if (r0 > 0 || r1 < rows || c0 > 0 || c1 < cols) {
    out = tf.slice(out, [0, r0, c0, 0], [n, r1 - r0, c1 - c0, c]);
  }
  const top = r0 - start;
  const bottom = start + length - r1;
  const left = c0 - colStart;
  const right = colStart + colLength - c1;
  if (top > 0 || bottom > 0 || left > 0 || right > 0) {
    out = tf.pad(out, [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ]);
  }
  return out;
}

/**
 * dL/dx of `tf.conv2d(x, filter, strides, pad, dataFormat, dilations, dimRoundingMode)` for an x
 * of shape `xShape`, given dy = dL/dOutput: the semantics (and float32 result) of tfjs's
 * Conv2DBackpropInput kernel.
 *
 * dx[n,i,j,ci] = sum_{oh,ow,kh,kw,co} dy[n,oh,ow,co] * W[kh,kw,ci,co] over i = oh*sh + kh - top,
 * j = ow*sw + kw - left: the transposed convolution. Spread dy out by the stride (sh-1 zero rows
 * between its rows), frame it with fh-1-top rows above and enough below for exactly H outputs,
 * and it is a plain stride-1 'valid' conv2d with the filter rotated 180 degrees and its channel
 * axes swapped, which runs on each backend's tuned conv path (XNNPACK on wasm).
 */
export function conv2dBackpropInputFromOps(
  xShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | Pair,
  pad: Conv2DPad,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dilations: number | Pair = 1,
  dimRoundingMode?: DimRoundingMode,
): tf.Tensor4D {
  checkDilationsAndFormat('conv2dBackpropInputFromOps', dilations, dataFormat);
  if (xShape.length !== 4 || dy.rank !== 4 || filter.rank !== 4) {
    throw new Error(
      `conv2dBackpropInputFromOps: xShape, dy and filter must be rank 4, got [${xShape}], ` +
        `[${dy.shape}] and [${filter.shape}]`,
    );
  }
  const nhwc = dataFormat === 'NHWC';
  const info = forwardConvInfo(xShape, filter.shape, strides, pad, dataFormat, dimRoundingMode);
  const [fh, fw, ci, co] = filter.shape;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, padInfo } = info;
  const { batchSize: n, inHeight: h, inWidth: w } = info;
  const dyShape = nhwc ? [n, oh, ow, co] : [n, co, oh, ow];
  if (info.inChannels !== ci || dy.shape.some((d, i) => d !== dyShape[i])) {
    throw new Error(
      `conv2dBackpropInputFromOps: dy [${dy.shape}] does not fit x [${xShape}] and filter ` +
        `[${filter.shape}] (expected dy [${dyShape}])`,
    );
  }
  return tf.tidy(() => {
    let dyT: tf.Tensor4D = asFloat32(dy);
    if (!nhwc) dyT = tf.transpose(dyT, [0, 2, 3, 1]);
    if (sh > 1 || sw > 1) {
      // [n, oh*sh, ow*sw, co]: each dy pixel followed by sh-1 zero rows and sw-1 zero cols. The
      // trailing zeros past (oh-1)*sh+1 are harmless: the window below reads zeros there anyway.
      const spread = tf.pad(tf.reshape(dyT, [n, oh, 1, ow, 1, co]), [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]);
      dyT = tf.reshape(spread, [n, oh * sh, ow * sw, co]);
    }
    // Output row i sums spread rows i - (fh-1-top) ... i + top: a window of H + fh - 1 rows
    // starting at top - (fh - 1), negative (zero rows above) unless the padding exceeds the
    // filter; below, it is cut or zero-extended to exactly that length.
    const framed = window2d(
      dyT,
      padInfo.top - (fh - 1),
      h + fh - 1,
      padInfo.left - (fw - 1),
      w + fw - 1,
    );
    // [fh, fw, co, ci]: rotated 180 degrees, in/out channels swapped.
    const rotated = tf.transpose(tf.reverse(asFloat32(filter), [0, 1]), [0, 1, 3, 2]);
    const dx = tf.conv2d(framed, rotated as tf.Tensor4D, 1, 'valid'); // [n, H, W, ci]
    return nhwc ? dx : tf.transpose(dx, [0, 3, 1, 2]);
  });
}

/** Kernel wrapper: the engine hands over inputs as TensorInfos plus the op's attrs. */
export const conv2dBackpropInputKernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
  const { dy, filter } = inputs as tf.Conv2DBackpropInputInputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
    attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dy == null || filter == null) {
    throw new Error('Conv2DBackpropInput: missing input dy or filter');
  }
  return onTensorViews([dy, filter], (dyT, filterT) =>
    conv2dBackpropInputFromOps(
      inputShape,
      dyT,
      filterT,
      strides,
      pad,
      dataFormat,
      1,
      dimRoundingMode,
    ),
  );
};

/** Makes `backendName` compute Conv2DBackpropInput with conv2dBackpropInputFromOps. Idempotent. */
export function registerConv2dBackpropInput(backendName: string): void {
  replaceKernel(tf.Conv2DBackpropInput, backendName, conv2dBackpropInputKernelFunc);
}

/** Puts back the kernel that registerConv2dBackpropInput replaced (if any). */
export function restoreConv2dBackpropInput(backendName: string): void {
  restoreKernel(tf.Conv2DBackpropInput, backendName);
}
