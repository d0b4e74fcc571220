// What the op-composed conv backprop kernels (conv2dBackpropFilter.ts, conv2dBackpropInput.ts)
// share: their argument types and checks, the conv geometry, and Tensor views of kernel inputs.
import * as tf from '@tensorflow/tfjs';

export type Conv2DPad = tf.Conv2DBackpropFilterAttrs['pad'];
export type DimRoundingMode = tf.Conv2DBackpropFilterAttrs['dimRoundingMode'];
export type Pair = [number, number];

export function pairOf(v: number | Pair): Pair {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Throws, naming `fnName`, on dilations other than 1 and on an unknown data format. */
export function checkDilationsAndFormat(
  fnName: string,
  dilations: number | Pair,
  dataFormat: 'NHWC' | 'NCHW',
): void {
  const [dilationH, dilationW] = pairOf(dilations);
  if (dilationH !== 1 || dilationW !== 1) {
    // tfjs itself refuses conv2d gradients with dilation (Conv2D_grad asserts it), so there is
    // no reference to match; a silently wrong gradient would be worse than this error.
    throw new Error(`${fnName}: dilations must be 1, got [${dilationH},${dilationW}]`);
  }
  if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') {
    throw new Error(`${fnName}: unknown dataFormat '${String(dataFormat)}'`);
  }
}

/**
 * The forward conv's geometry. computeConv2DInfo is what the forward conv and the stock kernels
 * use, so taking padInfo and the output size from it reproduces 'same' (asymmetric), numeric and
 * explicit padding exactly.
 */
export function forwardConvInfo(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: number | Pair,
  pad: Conv2DPad,
  dataFormat: 'NHWC' | 'NCHW',
  dimRoundingMode: DimRoundingMode,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    tf.backend_util.convertConv2DDataFormat(dataFormat),
  );
}

/** `t` itself if float32, else a float32 copy (the stock kernels' result dtype). */
export function asFloat32<T extends tf.Tensor>(t: T): T {
  return t.dtype === 'float32' ? t : tf.cast(t, 'float32');
}

/**
 * Runs a kernel's op-composed body on Tensors of its inputs, inside a tidy. The engine passes the
 * op's own Tensors; a bare TensorInfo (a backend calling the kernel directly) gets a temporary
 * Tensor view that shares its data and is released by the tidy. A returned Tensor (it has `rank`)
 * is adopted by the engine as the op's output as is, so the result the tidy moves to the caller's
 * scope is the only tensor left behind: no leak and no second handle on the same data.
 */
export function onTensorViews(
  inputs: tf.TensorInfo[],
  body: (...tensors: tf.Tensor4D[]) => tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() =>
    body(
      ...inputs.map(
        (t) =>
          (t instanceof tf.Tensor ? t : tf.engine().makeTensorFromTensorInfo(t)) as tf.Tensor4D,
      ),
    ),
  );
}
