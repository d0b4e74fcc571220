// Conv2DBackpropFilter (dL/dFilter of a conv2d) written with public tfjs ops, registrable as the
// kernel for any backend: the stock cpu kernel takes 20-60 s per CNN layer and wasm has none.
import * as tf from '@tensorflow/tfjs';
import { replaceKernel, restoreKernel } from './kernelReplacement';

export type Conv2DPad = tf.Conv2DBackpropFilterAttrs['pad'];
export type DimRoundingMode = tf.Conv2DBackpropFilterAttrs['dimRoundingMode'];
type Pair = [number, number];

function pairOf(v: number | Pair): Pair {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

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
  const [dilationH, dilationW] = pairOf(dilations);
  if (dilationH !== 1 || dilationW !== 1) {
    // tfjs itself refuses conv2d gradients with dilation (Conv2D_grad asserts it), so there is
    // no reference to match; a silently wrong gradient would be worse than this error.
    throw new Error(
      `conv2dBackpropFilterFromOps: dilations must be 1, got [${dilationH},${dilationW}]`,
    );
  }
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') {
    throw new Error(`conv2dBackpropFilterFromOps: unknown dataFormat '${String(dataFormat)}'`);
  }
  if (x.rank !== 4 || dy.rank !== 4) {
    throw new Error(
      `conv2dBackpropFilterFromOps: x and dy must be rank 4, got [${x.shape}] and [${dy.shape}]`,
    );
  }
  const nhwc = dataFormat === 'NHWC';
  // computeConv2DInfo is what the forward conv and the stock kernel use, so taking padInfo and
  // the output size from it reproduces 'same' (asymmetric), numeric and explicit padding exactly.
  const info = tf.backend_util.computeConv2DInfo(
    x.shape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
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
    const xT = tf.transpose(
      x.dtype === 'float32' ? x : tf.cast(x, 'float32'),
      nhwc ? [3, 1, 2, 0] : [1, 2, 3, 0],
    );
    // [oh, ow, n, co]: a filter whose in-channels are the batch.
    const dyT = tf.transpose(
      dy.dtype === 'float32' ? dy : tf.cast(dy, 'float32'),
      nhwc ? [1, 2, 0, 3] : [2, 3, 0, 1],
    );
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
  return tf.tidy(() => {
    // The engine passes the op's own Tensors; a bare TensorInfo (a backend calling the kernel
    // directly) gets a temporary Tensor view that shares its data and is released by tidy.
    const asTensor = (t: tf.TensorInfo): tf.Tensor4D =>
      (t instanceof tf.Tensor ? t : tf.engine().makeTensorFromTensorInfo(t)) as tf.Tensor4D;
    // A returned Tensor (it has `rank`) is adopted by the engine as the op's output as is, so
    // the result tidy moves to the caller's scope is the only tensor left behind: no leak and
    // no second handle on the same data.
    return conv2dBackpropFilterFromOps(
      asTensor(x),
      asTensor(dy),
      filterShape,
      strides,
      pad,
      dataFormat,
      1,
      dimRoundingMode,
    );
  });
};

/** Makes `backendName` compute Conv2DBackpropFilter with conv2dBackpropFilterFromOps. Idempotent. */
export function registerConv2dBackpropFilter(backendName: string): void {
  replaceKernel(tf.Conv2DBackpropFilter, backendName, conv2dBackpropFilterKernelFunc);
}

/** Puts back the kernel that registerConv2dBackpropFilter replaced (if any). */
export function restoreConv2dBackpropFilter(backendName: string): void {
  restoreKernel(tf.Conv2DBackpropFilter, backendName);
}
