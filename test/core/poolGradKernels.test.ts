// The AvgPoolGrad and wasm MaxPoolGrad replacements against a float64 oracle of TensorFlow's
// pooling written here (valid-cell averages, first maximum wins), itself checked by central
// differences; and the stock tfjs kernels caught by the same checks.
// @vitest-environment node
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  avgPoolGradFromOps,
  avgPoolGradFromOpsKernelFunc,
  avgPoolGradKernelFunc,
} from '../../src/core/backends/avgPoolGrad';
import { maxPoolGradKernelFunc } from '../../src/core/backends/maxPoolGrad';
import { useBackend, useStockPoolKernels } from '../../src/core/backends/select';
import { expectClose, expectNoLeaks, relError, seededFill, type Quad } from './convKernelCases';

type Kind = 'avg' | 'max';
type Pair = [number, number];

/** One pooling: x [n, h, w, c], a filter of fh x fw, strides [sh, sw], TensorFlow padding. */
interface PoolCase {
  n: number;
  h: number;
  w: number;
  c: number;
  filter: Pair;
  strides: Pair;
  pad: 'valid' | 'same';
}

const describeCase = (p: PoolCase): string =>
  `x[${p.n},${p.h},${p.w},${p.c}] f${p.filter.join('x')} s[${p.strides}] ${p.pad}`;

/** TensorFlow's output size and leading padding for one axis (tf.nn.pool's documented rule). */
function axis64(size: number, filter: number, stride: number, pad: 'valid' | 'same'): Pair {
  if (pad === 'valid') return [Math.ceil((size - filter + 1) / stride), 0];
  const out = Math.ceil(size / stride);
  return [out, Math.floor(Math.max((out - 1) * stride + filter - size, 0) / 2)];
}

/** Calls `visit(o, cells)` per output element with the flat indices of its window's x cells. */
function forEachWindow(p: PoolCase, visit: (o: number, cells: number[]) => void): void {
  const [outH, top] = axis64(p.h, p.filter[0], p.strides[0], p.pad);
  const [outW, left] = axis64(p.w, p.filter[1], p.strides[1], p.pad);
  for (let b = 0; b < p.n; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let ch = 0; ch < p.c; ch++) {
          const cells: number[] = [];
          // Row-major window order; padding cells are not cells at all.
          for (let r = oy * p.strides[0] - top; r < oy * p.strides[0] - top + p.filter[0]; r++)
            for (let q = ox * p.strides[1] - left; q < ox * p.strides[1] - left + p.filter[1]; q++)
              if (r >= 0 && r < p.h && q >= 0 && q < p.w)
                cells.push(((b * p.h + r) * p.w + q) * p.c + ch);
          visit(((b * outH + oy) * outW + ox) * p.c + ch, cells);
        }
}

function outShape64(p: PoolCase): Quad {
  return [
    p.n,
    axis64(p.h, p.filter[0], p.strides[0], p.pad)[0],
    axis64(p.w, p.filter[1], p.strides[1], p.pad)[0],
    p.c,
  ];
}

const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The first cell holding the window's maximum (strict `>` in row-major order). */
function firstMax(x: ArrayLike<number>, cells: number[]): number {
  let best = cells[0];
  for (const i of cells) if (x[i] > x[best]) best = i;
  return best;
}

/** The forward pooling in float64: valid cells only, averages divided by their count. */
function pool64(kind: Kind, p: PoolCase, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(sizeOf(outShape64(p)));
  forEachWindow(p, (o, cells) => {
    y[o] =
      kind === 'max' ? x[firstMax(x, cells)] : cells.reduce((s, i) => s + x[i], 0) / cells.length;
  });
  return y;
}

/** dL/dx of L = sum(pool(x) * dy) in float64: dy/count to each cell, or all to the first max. */
function poolGrad64(
  kind: Kind,
  p: PoolCase,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
): Float64Array {
  const dx = new Float64Array(x.length);
  forEachWindow(p, (o, cells) => {
    if (kind === 'max') dx[firstMax(x, cells)] += dy[o];
    else for (const i of cells) dx[i] += dy[o] / cells.length;
  });
  return dx;
}

/** The same gradient by central differences of pool64, in float64. */
function centralDifferences(
  kind: Kind,
  p: PoolCase,
  x: ArrayLike<number>,
  dy: ArrayLike<number>,
  eps = 1e-6,
): Float64Array {
  const xp = Float64Array.from(x);
  const loss = () => pool64(kind, p, xp).reduce((s, y, o) => s + y * dy[o], 0);
  return xp.map((v, i) => {
    xp[i] = v + eps;
    const up = loss();
    xp[i] = v - eps;
    const down = loss();
    xp[i] = v;
    return (up - down) / (2 * eps);
  });
}

/** Inputs for a case: x and dy uniform in [-1, 1), from a seed. */
function inputsFor(p: PoolCase, seed: number): { x: Float32Array; dy: Float32Array } {
  const fill = seededFill(seed);
  return { x: fill(p.n * p.h * p.w * p.c), dy: fill(sizeOf(outShape64(p))) };
}

const tfPool = (kind: Kind, x: tf.Tensor4D, p: PoolCase): tf.Tensor4D =>
  kind === 'max'
    ? tf.maxPool(x, p.filter, p.strides, p.pad)
    : tf.avgPool(x, p.filter, p.strides, p.pad);

/** The forward pooling and tf.grad of sum(pool(x) * dy) on the current backend. */
function onBackend(
  kind: Kind,
  p: PoolCase,
  x: Float32Array,
  dy: Float32Array,
): { y: Float32Array; dx: Float32Array } {
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [p.n, p.h, p.w, p.c]);
    const dyt = tf.tensor4d(dy, outShape64(p));
    const y = tfPool(kind, xt, p);
    const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(tfPool(kind, xx as tf.Tensor4D, p), dyt)))(
      xt,
    );
    return { y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array };
  });
}

// padding valid/same x strides 1/2/3 x pools 2, 3, 2x3, 3x2 x odd/even sizes, batch 2, 3 channels.
const CASES: PoolCase[] = (['valid', 'same'] as const).flatMap((pad) =>
  [1, 2, 3].flatMap((s) =>
    [[2, 2] as Pair, [3, 3] as Pair, [2, 3] as Pair, [3, 2] as Pair].flatMap((filter) =>
      [
        [7, 9],
        [8, 6],
      ].map(([h, w]) => ({ n: 2, h, w, c: 3, filter, strides: [s, s] as Pair, pad })),
    ),
  ),
);
// Non-square strides, a pool wider than the input ('same' only) and many channels.
CASES.push(
  { n: 2, h: 9, w: 8, c: 2, filter: [3, 2], strides: [1, 3], pad: 'same' },
  { n: 2, h: 7, w: 7, c: 4, filter: [2, 3], strides: [3, 1], pad: 'valid' },
  { n: 1, h: 3, w: 4, c: 2, filter: [5, 6], strides: [2, 2], pad: 'same' },
  { n: 2, h: 6, w: 5, c: 17, filter: [2, 2], strides: [2, 2], pad: 'same' },
);

/** The [1, 5, 6, 1] 'same' average pool of the known bug report, with the loss sum(y^2). */
const SAME_AVG: PoolCase = { n: 1, h: 5, w: 6, c: 1, filter: [2, 2], strides: [1, 1], pad: 'same' };

/** Max |tfjs dL/dx - float64 central differences| of sum(avgPool(x, 2, 1, 'same')^2). */
function sameAvgPoolError(): number {
  const x = seededFill(3)(30).map((v) => v * 2);
  const tfDx = tf.tidy(
    () =>
      tf
        .grad((xx: tf.Tensor) => tf.sum(tf.square(tfPool('avg', xx as tf.Tensor4D, SAME_AVG))))(
          tf.tensor4d(x, [1, 5, 6, 1]),
        )
        .dataSync() as Float32Array,
  );
  // d sum(y^2)/dx = the VJP with dy = 2y.
  const dy = pool64('avg', SAME_AVG, x).map((y) => 2 * y);
  const cd = centralDifferences('avg', SAME_AVG, x, dy);
  return Math.max(...tfDx.map((v, i) => Math.abs(v - cd[i])));
}

/** wasm MaxPoolGrad's known failures: a window with a negative maximum, and a tie. */
function maxPoolRepro(): { negative: Float32Array; tie: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => 3 * Math.sin(1.7 * i)),
      [1, 4, 4, 1],
    );
    const dy = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const grad = tf.grad((xx: tf.Tensor) =>
      tf.sum(tf.mul(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid'), dy)),
    );
    const tie = tf.grad((xx: tf.Tensor) => tf.sum(tf.maxPool(xx as tf.Tensor4D, 2, 2, 'valid')));
    return {
      negative: grad(x).dataSync() as Float32Array,
      tie: tie(tf.tensor4d([5, 5, 1, 1], [1, 2, 2, 1])).dataSync() as Float32Array,
    };
  });
}

// The cpu backend's x = 3 sin(1.7 i) gradient: window (0, 1) holds -0.77, -2.78, -2.10, -1.85.
const MAX_REPRO_DX = [0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 4];

describe('the float64 oracle', () => {
  it('equals central differences of the float64 forward pool on every case', () => {
    CASES.forEach((p, i) => {
      const { x, dy } = inputsFor(p, i);
      for (const kind of ['avg', 'max'] as const) {
        const exact = poolGrad64(kind, p, x, dy);
        expect(
          relError(exact, centralDifferences(kind, p, x, dy)),
          `${kind} ${describeCase(p)}`,
        ).toBeLessThan(1e-6);
      }
    });
  });
});

describe.each(['cpu', 'wasm'] as const)('on %s', (backend) => {
  beforeAll(async () => {
    useStockPoolKernels(false);
    await useBackend(backend);
    expect(tf.getBackend()).toBe(backend);
  });

  afterAll(async () => {
    useStockPoolKernels(false);
    await useBackend('cpu');
  });

  it('runs our AvgPoolGrad and MaxPoolGrad (on cpu for speed: its stock MaxPoolGrad is right)', () => {
    expect(tf.getKernel(tf.AvgPoolGrad, backend)?.kernelFunc).toBe(avgPoolGradKernelFunc);
    expect(tf.getKernel(tf.MaxPoolGrad, backend)?.kernelFunc).toBe(maxPoolGradKernelFunc);
  });

  it.each(['avg', 'max'] as const)(
    '%s pool: forward and tf.grad dx equal the float64 oracle on every case',
    (kind) => {
      CASES.forEach((p, i) => {
        const { x, dy } = inputsFor(p, i);
        const { y, dx } = onBackend(kind, p, x, dy);
        expectClose(y, pool64(kind, p, x), `forward ${describeCase(p)}`);
        expectClose(dx, poolGrad64(kind, p, x, dy), `dx ${describeCase(p)}`);
      });
    },
  );

  it('avgPoolGradFromOps (the webgl kernel) equals the float64 oracle on every case', () => {
    CASES.forEach((p, i) => {
      const { x, dy } = inputsFor(p, i);
      const dx = tf.tidy(
        () =>
          avgPoolGradFromOps(tf.tensor4d(dy, outShape64(p)), [p.n, p.h, p.w, p.c], {
            filterSize: p.filter,
            strides: p.strides,
            pad: p.pad,
          }).dataSync() as Float32Array,
      );
      expectClose(dx, poolGrad64('avg', p, x, dy), describeCase(p));
    });
  });

  it('max pool: ties go to the first maximum, windows of negatives and zeros keep theirs', () => {
    CASES.forEach((p, i) => {
      const { dy } = inputsFor(p, i);
      const next = seededFill(1000 + i);
      // Values from {-3, -2, -1, 0}: every window is <= 0 and most hold ties.
      const x = next(p.n * p.h * p.w * p.c).map((v) => Math.floor(v * 2) - 1);
      expectClose(onBackend('max', p, x, dy).dx, poolGrad64('max', p, x, dy), describeCase(p));
    });
    const { negative, tie } = maxPoolRepro();
    expect(Array.from(negative)).toEqual(MAX_REPRO_DX);
    expect(Array.from(tie)).toEqual([1, 0, 0, 0]);
  });

  it('the [1, 5, 6, 1] same avg pool gradient matches central differences', () => {
    expect(sameAvgPoolError()).toBeLessThan(1e-4);
  });

  it('leaks no tensors or backend data through tf.grad of both pools', () => {
    const p = CASES[CASES.length - 1];
    const { x, dy } = inputsFor(p, 0);
    const step = () => {
      onBackend('avg', p, x, dy);
      onBackend('max', p, x, dy);
      tf.tidy(() => {
        avgPoolGradFromOps(tf.tensor4d(dy, outShape64(p)), [p.n, p.h, p.w, p.c], {
          filterSize: p.filter,
          strides: p.strides,
          pad: p.pad,
        });
      });
    };
    step();
    expectNoLeaks(step, 3);
  });

  it('with the stock kernels back, the same checks flag them', () => {
    useStockPoolKernels(true);
    try {
      expect(tf.getKernel(tf.AvgPoolGrad, backend)?.kernelFunc).not.toBe(avgPoolGradKernelFunc);
      // AvgPoolGrad under 'same' padding, on every backend: errors of order 1.
      expect(sameAvgPoolError()).toBeGreaterThan(0.5);
      const p = CASES.find((c) => c.pad === 'same' && c.strides[0] === 1)!;
      const { x, dy } = inputsFor(p, 0);
      expect(relError(onBackend('avg', p, x, dy).dx, poolGrad64('avg', p, x, dy))).toBeGreaterThan(
        0.1,
      );
      // MaxPoolGrad: wasm's drops the window with a negative maximum and gives a tie to the last.
      const { negative, tie } = maxPoolRepro();
      if (backend === 'wasm') {
        expect(negative[2]).toBe(0);
        expect(Array.from(tie)).toEqual([0, 1, 0, 0]);
      } else {
        expect(Array.from(negative)).toEqual(MAX_REPRO_DX);
      }
    } finally {
      useStockPoolKernels(false);
    }
    expect(sameAvgPoolError()).toBeLessThan(1e-4);
    expect(Array.from(maxPoolRepro().negative)).toEqual(MAX_REPRO_DX);
  });
});

describe('registration', () => {
  afterAll(async () => {
    useStockPoolKernels(false);
    await useBackend('cpu');
  });

  it('useStockPoolKernels switches every backend both ways, idempotently', () => {
    useStockPoolKernels(true);
    useStockPoolKernels(true);
    const stock = (['cpu', 'wasm', 'webgl'] as const).map((b) => tf.getKernel(tf.AvgPoolGrad, b));
    expect(stock.every((k) => k != null)).toBe(true);
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).not.toBe(maxPoolGradKernelFunc);
    useStockPoolKernels(false);
    useStockPoolKernels(false);
    expect(tf.getKernel(tf.AvgPoolGrad, 'cpu')?.kernelFunc).toBe(avgPoolGradKernelFunc);
    expect(tf.getKernel(tf.AvgPoolGrad, 'wasm')?.kernelFunc).toBe(avgPoolGradKernelFunc);
    expect(tf.getKernel(tf.AvgPoolGrad, 'webgl')?.kernelFunc).toBe(avgPoolGradFromOpsKernelFunc);
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGradKernelFunc);
    useStockPoolKernels(true);
    expect((['cpu', 'wasm', 'webgl'] as const).map((b) => tf.getKernel(tf.AvgPoolGrad, b))).toEqual(
      stock,
    );
  });

  it('refuses the dy of a pool rounded with dimRoundingMode, which tfjs drops in the gradient', async () => {
    useStockPoolKernels(false);
    await useBackend('cpu');
    // 6 rows, pool 3, stride 2, pad 1: 'ceil' gives 4 output rows, the gradient's info 3.
    const x = tf.zeros([1, 6, 6, 1]) as tf.Tensor4D;
    const grad = tf.grad((xx: tf.Tensor) => tf.sum(tf.avgPool(xx as tf.Tensor4D, 3, 2, 1, 'ceil')));
    expect(() => grad(x)).toThrow(
      /AvgPoolGrad: dy \[1,4,4,1\] does not fit .* outputs \[1,3,3,1\]/,
    );
    x.dispose();
  });

  it('honours a dimRoundingMode passed to MaxPoolGrad (wasm ours = cpu stock)', async () => {
    const p = { filterSize: 3, strides: 2, pad: 1, dimRoundingMode: 'ceil' as const };
    const fill = seededFill(5);
    const [x, dy] = [fill(2 * 6 * 7 * 3), fill(2 * 4 * 4 * 3)];
    const run = () =>
      tf.tidy(() => {
        const input = tf.tensor4d(x, [2, 6, 7, 3]);
        const output = tf.maxPool(input, 3, 2, 1, 'ceil');
        expect(output.shape).toEqual([2, 4, 4, 3]);
        const dyt = tf.tensor4d(dy, [2, 4, 4, 3]);
        return (
          tf.engine().runKernel(tf.MaxPoolGrad, { dy: dyt, input, output }, p) as tf.Tensor
        ).dataSync() as Float32Array;
      });
    await useBackend('cpu');
    const cpu = run();
    await useBackend('wasm');
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGradKernelFunc);
    expectClose(run(), cpu);
    expect(cpu.some((v) => v !== 0)).toBe(true);
  });
});
