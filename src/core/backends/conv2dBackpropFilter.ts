// Conv2DBackpropFilter (dL/dFilter of a conv2d) written with public tfjs ops, registrable as the
// kernel for any backend: the stock cpu kernel takes 20-60 s per CNN layer and wasm has none.
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
 * dL/dFilter of `tf.conv2d(x, filter, strides, pad, dataFormat, dilations, dimRoundingMode)`,
 * given dy = dL/dOutput: the semantics (and float32 result) of tfjs's Conv2DBackpropFilter kernel.
 *
 * dW[kh,kw,ci,co] = sum_{n,oh,ow} xPadded[n, oh*sh+kh, ow*sw+kw, ci] * dy[n,oh,ow,co], which is
 * itself a convolution with the batch as the contracted axis: x as `ci` images [H,W] with `n`
 * channels, dy as an [oh,ow] filter with `n` in-channels and `co` out-channels, dilated by the
 * stride. That one conv2d runs on each backend's tuned conv path (XNNPACK on wasm); an im2col +
 * matMul version measured 2-6x slower on cpu (its strided slices are slow) and 6-9x on wasm.
 */
export function conv2dBackpropFilterFromOps(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | Pair,
  pad: Conv2DPad,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dilations: number | Pair = 1,
  dimRoundingMode?: DimRoundingMode,
): tf.Tensor4D {
  checkDilationsAndFormat('conv2dBackpropFilterFromOps', dilations, dataFormat);
  if (x.rank !== 4 || dy.rank !== 4) {
    throw new Error(
      `conv2dBackpropFilterFromOps: x and dy must be rank 4, got [${x.shape}] and [${dy.shape}]`,
    );
  }
  const nhwc = dataFormat === 'NHWC';
  const info = forwardConvInfo(x.shape, filterShape, strides, pad, dataFormat, dimRoundingMode);
  const [fh, fw, ci, co] = filterShape;
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow, padInfo } = info;
  const dyShape = nhwc ? [info.batchSize, oh, ow, co] : [info.batchSize, co, oh, ow];
  if (info.inChannels !== ci || dy.shape.some((d, i) => d !== dyShape[i])) {
    throw new Error(
      `conv2dBackpropFilterFromOps: x [${x.shape}] and dy [${dy.shape}] do not fit filter ` +
        `[${filterShape}] (expected dy [${dyShape}])`,
    );
  }
  return tf.tidy(() => {
    // [ci, H, W, n]: ci "images" whose channels are the batch.
    const xT = tf.transpose(asFloat32(x), nhwc ? [3, 1, 2, 0] : [1, 2, 3, 0]);
    // [oh, ow, n, co]: a filter whose in-channels are the batch.
    const dyT = tf.transpose(asFloat32(dy), nhwc ? [1, 2, 0, 3] : [2, 3, 0, 1]);
    // The forward conv reads rows [-top, rows - top) of x; beyond x they are zero padding, and x
    // rows past that window (stride leftovers) never reach the output, so they are cut off.
    const rows = (oh - 1) * sh + fh;
    const cols = (ow - 1) * sw + fw;
    const padBottom = Math.max(0, rows - padInfo.top - info.inHeight);
    const padRight = Math.max(0, cols - padInfo.left - info.inWidth);
    let window: tf.Tensor4D = xT;
    if (padInfo.top > 0 || padBottom > 0 || padInfo.left > 0 || padRight > 0) {
      window = tf.pad(window, [
        [0, 0],
        [padInfo.top, padBottom],
        [padInfo.left, padRight],
        [0, 0],
      ]);
    }
    if (window.shape[1] !== rows || window.shape[2] !== cols) {
      window = tf.slice(window, [0, 0, 0, 0], [ci, rows, cols, info.batchSize]);
    }
    // Strides 1 with dilation = forward stride: tfjs forbids both > 1, but not this.
    const dW = tf.conv2d(window, dyT, 1, 'valid', 'NHWC', [sh, sw]); // [ci, fh, fw, co]
    return tf.transpose(dW, [1, 2, 0, 3]);
  });
}

/** Kernel wrapper: the engine hands over inputs as TensorInfos plus the op's attrs. */
export const conv2dBackpropFilterKernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
  const { x, dy } = inputs as tf.Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (x == null || dy == null) {
    throw new Error('Conv2DBackpropFilter: missing input x or dy');
  }
  return onTensorViews([x, dy], (xT, dyT) =>
    conv2dBackpropFilterFromOps(xT, dyT, filterShape, strides, pad, dataFormat, 1, dimRoundingMode),
  );
};

/** Makes `backendName` compute Conv2DBackpropFilter with conv2dBackpropFilterFromOps. Idempotent. */
export function registerConv2dBackpropFilter(backendName: string): void {
  replaceKernel(tf.Conv2DBackpropFilter, backendName, conv2dBackpropFilterKernelFunc);
}

/** Puts back the kernel that registerConv2dBackpropFilter replaced (if any). */
export function restoreConv2dBackpropFilter(backendName: string): void {
  restoreKernel(tf.Conv2DBackpropFilter, backendName);
}
