// MaxPoolGrad (dL/dx of tf.maxPool) as a loop over typed arrays, for the wasm backend; cpu's and
// webgl's stock kernels are right.
//
// The tfjs 4.22 wasm bugs it works around (cc/kernels/MaxPoolGrad.cc): the running maximum
// starts at std::numeric_limits<float>::min(), the smallest positive float, not at -infinity,
// so a window whose cells are all <= 0 never records a maximum and its dy is dropped (or, by
// its default position 0, sent to x's first element when the window holds it); and it keeps a
// cell when `x >= max`, so in a tie the last maximum of the window gets the gradient, where
// TensorFlow and tfjs's cpu kernel give it to the first in row-major window order.
// See it: x[i] = 3 sin(1.7 i) in [1, 4, 4, 1], tf.maxPool(x, 2, 2, 'valid'), dy = [1, 2, 3, 4]:
// cpu puts the 2 at x[2] (the window's maximum, -0.77), wasm drops it; and x = [5, 5, 1, 1] in
// [1, 2, 2, 1] with a 2x2 pool: cpu's gradient is [1, 0, 0, 0], wasm's [0, 1, 0, 0].
// The stock kernel is also a single-threaded gather loop with a division per window cell.
//
// Here: per window and channel, a running maximum over the window's cells inside x (so 'same'
// padding never wins), strict `>` from -infinity, then dx[argmax] += dy; full 2x2 windows take
// an unrolled path. As on cpu, NaN cells never win and an all -infinity window passes nothing.
//
// Medians [mins] of 15 runs (cpu: 7), two runs of bench/poolGrad.bench.ts on 2026-11-27 (Node 20,
// 2 cores shared with other jobs, load average 3.5-5.3, so read them as ranges; wasm SIMD without
// threads); the seed CNN's three pools, batch 32, 2x2 stride 2 'valid':
//                                           stock                    this kernel
//   wasm x[32,62,62,32] -> [32,31,31,32]    124-152 ms [80-86]       37-41 ms [24-26]
//   wasm x[32,29,29,32] -> [32,14,14,32]    30-33 ms [16]            7.3-13 ms [4.5]
//   wasm x[32,12,12,64] -> [32,6,6,64]      7.7-8.3 ms [5.8-7.2]     1.6-1.9 ms [1.5-1.7]
// so about 160 -> 50 ms of a wasm seed-CNN step. On random normal x the stock wasm dx differs
// from this one by up to 0.8-0.9 of its scale (1 window in 16 is all negative). cpu's stock
// kernel is right but slow: 1.3-1.6 s, 248-275 ms and 100-129 ms for the same three shapes,
// against 85-89 ms, 4.5-6.7 ms and 1.6-1.8 ms here; select.ts still registers this on wasm only.
import * as tf from '@tensorflow/tfjs';
import {
  onTypedArrays,
  poolGeometry,
  windowSpan,
  type PoolGeometry,
  type PoolGradAttrs,
} from './avgPoolGrad';
import { replaceKernel, restoreKernel } from './kernelReplacement';

/** dx[first argmax of window o] += dy[o], per channel, for all windows. */
function routeToMaxima(
  g: PoolGeometry,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dx: Float32Array,
): void {
  const { n, h, w, c, outH, outW } = g;
  const rowStride = w * c;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      const [r0, r1] = windowSpan(oy, g.strideH, g.top, g.filterH, h);
      for (let ox = 0; ox < outW; ox++) {
        const [c0, c1] = windowSpan(ox, g.strideW, g.left, g.filterW, w);
        const corner = ((b * h + r0) * w + c0) * c; // x[b, r0, c0, 0]
        const o = ((b * outH + oy) * outW + ox) * c;
        if (r1 - r0 === 2 && c1 - c0 === 2) {
          routeToMaxima2x2(x, dy, dx, corner, o, c, rowStride);
          continue;
        }
        // Channel outermost: the window's few cells stay in cache and the maximum in registers.
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let argmax = -1;
          // Rows, then columns: with a strict `>`, the first maximum in row-major order stays.
          for (let r = r0, row = corner + ch; r < r1; r++, row += rowStride) {
            for (let col = c0, i = row; col < c1; col++, i += c) {
              if (x[i] > best) {
                best = x[i];
                argmax = i;
              }
            }
          }
          if (argmax >= 0) dx[argmax] += dy[o + ch];
        }
      }
    }
  }
}

/**
 * The same for a window of 2x2 cells inside x (the common pool), unrolled: the general loop's
 * tiny inner loops cost ~40 % more time on the seed CNN's first pool.
 */
function routeToMaxima2x2(
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  dx: Float32Array,
  corner: number,
  o: number,
  c: number,
  rowStride: number,
): void {
  for (let ch = 0; ch < c; ch++) {
    const i0 = corner + ch;
    const i1 = i0 + c;
    const i2 = i0 + rowStride;
    const i3 = i2 + c;
    let best = -Infinity;
    let argmax = -1;
    if (x[i0] > best) {
      best = x[i0];
      argmax = i0;
    }
    if (x[i1] > best) {
      best = x[i1];
      argmax = i1;
    }
    if (x[i2] > best) {
      best = x[i2];
      argmax = i2;
    }
    if (x[i3] > best) argmax = i3;
    if (argmax >= 0) dx[argmax] += dy[o + ch];
  }
}

/** MaxPoolGrad as a loop over typed arrays; recomputes the maxima from x (output is unused). */
export const maxPoolGradKernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as tf.MaxPoolGradInputs;
  if (dy == null || input == null) throw new Error('MaxPoolGrad: missing input dy or input');
  const g = poolGeometry(tf.MaxPoolGrad, input.shape, dy.shape, attrs as unknown as PoolGradAttrs);
  return onTypedArrays(backend as tf.KernelBackend, input.shape, [input, dy], (dx, x, dyValues) =>
    routeToMaxima(g, x, dyValues, dx),
  );
};

/** Makes `backendName` compute MaxPoolGrad with maxPoolGradKernelFunc. Idempotent. */
export function registerMaxPoolGrad(backendName: string): void {
  replaceKernel(tf.MaxPoolGrad, backendName, maxPoolGradKernelFunc);
}

/** Puts back the kernel that registerMaxPoolGrad replaced (tfjs's stock one). */
export function restoreMaxPoolGrad(backendName: string): void {
  restoreKernel(tf.MaxPoolGrad, backendName);
}
