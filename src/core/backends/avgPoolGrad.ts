// AvgPoolGrad (dL/dx of tf.avgPool) that matches tfjs's own forward pass, registrable on any
// backend, plus the pooling geometry and typed-array plumbing maxPoolGrad.ts shares.
//
// The tfjs 4.22 bug it works around, on cpu, wasm and webgl alike: the forward avgPool divides
// each window's sum by the number of cells inside the image (TensorFlow's rule, so 'same'
// padding cells count for nothing), but all three AvgPoolGrad kernels multiply every dy by the
// constant 1 / (filterHeight * filterWidth) (cpu: `avgMultiplier` in kernels/AvgPoolGrad.ts;
// wasm: the `pixel_mask` lambda in cc/kernels/AvgPoolGrad.cc; webgl: `avgMultiplier` in
// avg_pool_backprop_gpu.ts). Wherever a window overlaps padding, its dy is spread too thinly.
// See it: tf.grad(x => tf.avgPool(x, 2, 1, 'same').square().sum()) on a [1, 5, 6, 1] normal x
// (tf.randomNormal seed 7) is off by up to 4.3 against float64 central differences on cpu and
// wasm alike (this kernel: 9e-8); with 'valid' (no padding) the stock kernels are right.
//
// Here dx[i] = sum over the windows o that hold i of dy[o] / count[o]. On cpu and wasm that is
// a scatter loop over the typed arrays (wasm: straight on its heap); on webgl, where reading
// dy back would stall the GPU, it is dy / count fed through a ones-filter conv2dTranspose.
//
// Medians [mins] of 15 runs (cpu: 7), two runs of bench/poolGrad.bench.ts on 2026-11-27 (Node 20,
// 2 cores shared with other jobs, load average 3.5-5.3, so read them as ranges; wasm SIMD without
// threads); the seed CNN's pooling shapes, 2x2 stride 2 'valid', where the stock kernel is right
// and the outputs agree exactly:            stock                    this kernel
//   wasm x[32,62,62,32]                     60-71 ms [39-53]         38-61 ms [11-12]
//   wasm x[32,29,29,32]                     7.4-18 ms [6.6-7.3]      2.1-2.8 ms [2.0-2.2]
//   wasm x[32,12,12,64]                     2.2-2.4 ms [2.1-2.3]     0.8 ms [0.7]
//   cpu  x[32,62,62,32]                     646-677 ms [455-610]     16-71 ms [10-11]
//   cpu  x[32,29,29,32]                     126-225 ms [108-188]     2.3-3.6 ms [2.2-3.4]
//   cpu  x[32,12,12,64]                     40-61 ms [37-59]         0.8 ms [0.7]
import * as tf from '@tensorflow/tfjs';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { replaceKernel, restoreKernel } from './kernelReplacement';

type Quad = [number, number, number, number];
type PoolPad = tf.AvgPoolGradAttrs['pad'];
export type DimRoundingMode = tf.MaxPoolGradAttrs['dimRoundingMode'];

/** The attrs of both pooling gradient kernels; AvgPoolGrad's carry no dimRoundingMode. */
export interface PoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: PoolPad;
  dimRoundingMode?: DimRoundingMode;
}

/** An NHWC pooling's sizes: x [n, h, w, c] -> y [n, outH, outW, c]. */
export interface PoolGeometry {
  n: number;
  h: number;
  w: number;
  c: number;
  outH: number;
  outW: number;
  filterH: number;
  filterW: number;
  strideH: number;
  strideW: number;
  /** Padding rows above and columns left of x: window (oy, ox) starts at x[oy*strideH - top]. */
  top: number;
  left: number;
}

/**
 * The forward pooling's geometry, from computePool2DInfo as tfjs's forward kernels take it, and
 * a check that dy has the forward output's shape. tfjs's AvgPool and MaxPool gradients drop the
 * forward's dimRoundingMode, so for numeric padding with a rounding that changes the output size
 * dy cannot fit: the stock kernels then read past dy or leave rows out; this throws instead.
 */
export function poolGeometry(
  kernelName: string,
  xShape: number[],
  dyShape: number[],
  attrs: PoolGradAttrs,
): PoolGeometry {
  const { filterSize, strides, pad, dimRoundingMode } = attrs;
  if (xShape.length !== 4 || dyShape.length !== 4) {
    throw new Error(
      `${kernelName}: x and dy must be rank 4 (NHWC), got [${xShape}] and [${dyShape}]`,
    );
  }
  const info = tf.backend_util.computePool2DInfo(
    xShape as Quad,
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  if (info.outShape.some((d, i) => d !== dyShape[i])) {
    throw new Error(
      `${kernelName}: dy [${dyShape}] does not fit the pooling of x [${xShape}] (filter ` +
        `[${info.filterHeight},${info.filterWidth}], strides [${info.strideHeight},` +
        `${info.strideWidth}], pad ${JSON.stringify(pad)}${dimRoundingMode ? `, ${dimRoundingMode}` : ''}` +
        `), which outputs [${info.outShape}]. tfjs passes no dimRoundingMode to pooling ` +
        `gradients: pool with 'valid' or 'same' padding, or without rounding, to train.`,
    );
  }
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    c: info.inChannels,
    outH: info.outHeight,
    outW: info.outWidth,
    filterH: info.filterHeight,
    filterW: info.filterWidth,
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

/** The rows (or columns) [start, end) of x inside window `o`, padding cut off. */
export function windowSpan(
  o: number,
  stride: number,
  pad: number,
  filter: number,
  size: number,
): [number, number] {
  const corner = o * stride - pad;
  return [Math.max(0, corner), Math.min(size, corner + filter)];
}

/**
 * Runs `body` on float32 typed arrays: a zeroed output of `shape` first, then the inputs'
 * values. wasm: views on its heap (no copies; the output is allocated first, as growing the heap
 * would detach earlier views). Other backends: readSync, and the output written as is (cpu
 * keeps the array without copying).
 */
export function onTypedArrays(
  backend: tf.KernelBackend,
  shape: number[],
  inputs: tf.TensorInfo[],
  body: (out: Float32Array, ...values: ArrayLike<number>[]) => void,
): tf.TensorInfo {
  if (backend instanceof BackendWasm) {
    const out = backend.makeOutput(shape, 'float32');
    const outValues = backend.typedArrayFromHeap(out) as Float32Array;
    outValues.fill(0);
    body(outValues, ...inputs.map((t) => backend.typedArrayFromHeap(t)));
    return out;
  }
  const outValues = new Float32Array(tf.util.sizeFromShape(shape));
  body(outValues, ...inputs.map((t) => backend.readSync(t.dataId) as ArrayLike<number>));
  return { dataId: backend.write(outValues, shape, 'float32'), shape, dtype: 'float32' };
}

/** 1 / (cells of window (oy, ox) inside x), row-major [outH, outW]; 0 for an all-padding one. */
function inverseCounts(g: PoolGeometry): Float32Array {
  const inv = new Float32Array(g.outH * g.outW);
  for (let oy = 0; oy < g.outH; oy++) {
    const [r0, r1] = windowSpan(oy, g.strideH, g.top, g.filterH, g.h);
    for (let ox = 0; ox < g.outW; ox++) {
      const [c0, c1] = windowSpan(ox, g.strideW, g.left, g.filterW, g.w);
      const count = Math.max(0, r1 - r0) * Math.max(0, c1 - c0);
      inv[oy * g.outW + ox] = count > 0 ? 1 / count : 0;
    }
  }
  return inv;
}

/** dx += dy[o] / count[o] on every cell of window o, for all windows: the scatter loop. */
function scatterAverages(g: PoolGeometry, dy: ArrayLike<number>, dx: Float32Array): void {
  const { n, h, w, c, outH, outW } = g;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const [r0, r1] = windowSpan(oy, g.strideH, g.top, g.filterH, h);
      for (let ox = 0; ox < outW; ox++) {
        const [c0, c1] = windowSpan(ox, g.strideW, g.left, g.filterW, w);
        if (r1 <= r0 || c1 <= c0) continue; // a window of padding only: it averaged nothing
        const share = 1 / ((r1 - r0) * (c1 - c0));
        const o = ((b * outH + oy) * outW + ox) * c;
        for (let r = r0; r < r1; r++) {
          for (let col = c0; col < c1; col++) {
            const i = ((b * h + r) * w + col) * c;
            for (let ch = 0; ch < c; ch++) dx[i + ch] += dy[o + ch] * share;
          }
        }
      }
    }
  }
}

/** AvgPoolGrad as a loop over typed arrays (cpu, wasm). */
export const avgPoolGradKernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as tf.AvgPoolGradInputs;
  if (dy == null || input == null) throw new Error('AvgPoolGrad: missing input dy or input');
  const g = poolGeometry(tf.AvgPoolGrad, input.shape, dy.shape, attrs as unknown as PoolGradAttrs);
  return onTypedArrays(backend as tf.KernelBackend, input.shape, [dy], (dx, dyValues) =>
    scatterAverages(g, dyValues, dx),
  );
};

/**
 * dL/dx of `tf.avgPool(x, filterSize, strides, pad)` for an x of shape `xShape`, with tfjs ops:
 * dy / count spread back by a transposed convolution with a ones filter, one channel at a time
 * (channels moved into the batch). Runs on each backend's Conv2DBackpropInput kernel.
 */
export function avgPoolGradFromOps(
  dy: tf.Tensor4D,
  xShape: Quad,
  attrs: PoolGradAttrs,
): tf.Tensor4D {
  const g = poolGeometry('avgPoolGradFromOps', xShape, dy.shape, attrs);
  const { n, h, w, c, outH, outW } = g;
  return tf.tidy(() => {
    const inv = tf.tensor4d(inverseCounts(g), [1, outH, outW, 1]);
    const shares = tf.mul(dy.dtype === 'float32' ? dy : tf.cast(dy, 'float32'), inv);
    const perChannel = tf.reshape(tf.transpose(shares, [0, 3, 1, 2]), [n * c, outH, outW, 1]);
    const ones = tf.ones([g.filterH, g.filterW, 1, 1]) as tf.Tensor4D;
    const dx = tf.conv2dTranspose(
      perChannel as tf.Tensor4D,
      ones,
      [n * c, h, w, 1],
      [g.strideH, g.strideW],
      attrs.pad,
      attrs.dimRoundingMode,
    );
    return tf.transpose(tf.reshape(dx, [n, c, h, w]), [0, 2, 3, 1]);
  });
}

/** AvgPoolGrad with tfjs ops (webgl: no round trip of dy through the CPU). */
export const avgPoolGradFromOpsKernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
  const { dy, input } = inputs as tf.AvgPoolGradInputs;
  if (dy == null || input == null) throw new Error('AvgPoolGrad: missing input dy or input');
  // A Tensor returned from a kernel is adopted by the engine as the op's output; a bare
  // TensorInfo (a backend calling the kernel directly) gets a view the tidy releases.
  return tf.tidy(() => {
    const dyT = (
      dy instanceof tf.Tensor ? dy : tf.engine().makeTensorFromTensorInfo(dy)
    ) as tf.Tensor4D;
    return avgPoolGradFromOps(dyT, input.shape as Quad, attrs as unknown as PoolGradAttrs);
  });
};

/** Makes `backendName` compute AvgPoolGrad right: the loop on cpu/wasm, ops elsewhere. */
export function registerAvgPoolGrad(backendName: string): void {
  const isLoopBackend = backendName === 'cpu' || backendName === 'wasm';
  replaceKernel(
    tf.AvgPoolGrad,
    backendName,
    isLoopBackend ? avgPoolGradKernelFunc : avgPoolGradFromOpsKernelFunc,
  );
}

/** Puts back the kernel that registerAvgPoolGrad replaced (tfjs's stock one). */
export function restoreAvgPoolGrad(backendName: string): void {
  restoreKernel(tf.AvgPoolGrad, backendName);
}
