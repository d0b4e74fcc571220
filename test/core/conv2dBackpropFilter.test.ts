// The op-composed Conv2DBackpropFilter against tfjs's stock cpu kernel, and as a registered kernel
// on cpu and wasm (training gradients, idempotent registration, no leaked tensors).
// @vitest-environment node
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dBackpropFilterFromOps,
  conv2dBackpropFilterKernelFunc,
  registerConv2dBackpropFilter,
  restoreConv2dBackpropFilter,
  type Conv2DPad,
  type DimRoundingMode,
} from '../../src/core/backends/conv2dBackpropFilter';
import {
  convNetGradients,
  describeCase,
  dyShapeOf,
  expectClose,
  expectNoLeaks,
  randomCases as seededCases,
  relError,
  seededFill,
  xShapeOf,
  type Case,
  type Quad,
} from './convKernelCases';

/** Random inputs for a case, as plain arrays so they can be rebuilt on any backend. */
function inputsFor(c: Case, seed: number): { x: Float32Array; dy: Float32Array; dyShape: Quad } {
  const dyShape = dyShapeOf(c);
  const fill = seededFill(seed);
  return { x: fill(c.n * c.h * c.w * c.ci), dy: fill(dyShape.reduce((a, b) => a * b)), dyShape };
}

/**
 * The Conv2DBackpropFilter kernel registered for the current backend, run the way tfjs's own
 * (unexported) conv2dBackpropFilter op runs it.
 */
function kernelOp(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: Quad,
  strides: number | [number, number],
  pad: Conv2DPad,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dimRoundingMode?: DimRoundingMode,
): tf.Tensor4D {
  const attrs: tf.Conv2DBackpropFilterAttrs = {
    strides,
    pad,
    dataFormat,
    dimRoundingMode,
    filterShape,
  };
  return tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropFilter,
      { x, dy },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor4D;
}

/** Runs the function (or, with `stock`, the registered kernel) on the current backend. */
function run(c: Case, seed: number, stock: boolean): Float32Array {
  const { x, dy, dyShape } = inputsFor(c, seed);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, xShapeOf(c));
    const dyt = tf.tensor4d(dy, dyShape);
    const filterShape: Quad = [c.fh, c.fw, c.ci, c.co];
    const out = stock
      ? kernelOp(xt, dyt, filterShape, c.strides, c.pad, c.dataFormat, c.rounding)
      : conv2dBackpropFilterFromOps(
          xt,
          dyt,
          filterShape,
          c.strides,
          c.pad,
          c.dataFormat,
          1,
          c.rounding,
        );
    expect(out.shape).toEqual(filterShape);
    return out.dataSync() as Float32Array;
  });
}

const PADS: Conv2DPad[] = ['valid', 'same', 1, 2];

/** Seeded random cases over the whole brief: batch 1-4, H/W up to 13, kernels 1-5, strides 1-3. */
function randomCases(count: number, seed: number, formats: Array<'NHWC' | 'NCHW'>): Case[] {
  return seededCases(count, seed, (int) => {
    const fh = int(1, 5);
    const fw = int(1, 5);
    return {
      n: int(1, 4),
      h: int(fh, 13),
      w: int(fw, 13),
      ci: int(1, 4),
      co: int(1, 4),
      fh,
      fw,
      strides: [int(1, 3), int(1, 3)],
      pad: PADS[int(0, PADS.length - 1)],
      dataFormat: formats[int(0, formats.length - 1)],
    };
  });
}

/** Hand-picked corners: asymmetric 'same', stride leftovers, 1x1, kernel = input, roundings. */
const EDGE_CASES: Case[] = [
  // 'same' with even kernels pads one more at the bottom/right than at the top/left.
  {
    n: 2,
    h: 8,
    w: 8,
    ci: 3,
    co: 2,
    fh: 4,
    fw: 2,
    strides: [1, 1],
    pad: 'same',
    dataFormat: 'NHWC',
  },
  {
    n: 1,
    h: 7,
    w: 10,
    ci: 2,
    co: 3,
    fh: 2,
    fw: 4,
    strides: [2, 3],
    pad: 'same',
    dataFormat: 'NHWC',
  },
  // Strides leave rows/cols of x that no output reads.
  {
    n: 3,
    h: 13,
    w: 12,
    ci: 2,
    co: 4,
    fh: 3,
    fw: 2,
    strides: [3, 3],
    pad: 'valid',
    dataFormat: 'NHWC',
  },
  {
    n: 2,
    h: 9,
    w: 9,
    ci: 1,
    co: 1,
    fh: 1,
    fw: 1,
    strides: [2, 3],
    pad: 'valid',
    dataFormat: 'NHWC',
  },
  {
    n: 1,
    h: 10,
    w: 11,
    ci: 4,
    co: 1,
    fh: 1,
    fw: 1,
    strides: [3, 2],
    pad: 'same',
    dataFormat: 'NHWC',
  },
  {
    n: 2,
    h: 11,
    w: 6,
    ci: 3,
    co: 2,
    fh: 5,
    fw: 3,
    strides: [1, 2],
    pad: 'valid',
    dataFormat: 'NHWC',
  },
  // Kernel as large as the input: a single output pixel.
  {
    n: 4,
    h: 5,
    w: 3,
    ci: 2,
    co: 3,
    fh: 5,
    fw: 3,
    strides: [1, 1],
    pad: 'valid',
    dataFormat: 'NHWC',
  },
  {
    n: 1,
    h: 5,
    w: 5,
    ci: 1,
    co: 1,
    fh: 5,
    fw: 5,
    strides: [3, 3],
    pad: 'same',
    dataFormat: 'NHWC',
  },
  // Numeric padding, with every dimRoundingMode (tfjs sizes the width with the filter height).
  { n: 2, h: 7, w: 7, ci: 2, co: 2, fh: 3, fw: 3, strides: [2, 2], pad: 1, dataFormat: 'NHWC' },
  {
    n: 2,
    h: 8,
    w: 9,
    ci: 2,
    co: 3,
    fh: 3,
    fw: 3,
    strides: [2, 2],
    pad: 1,
    dataFormat: 'NHWC',
    rounding: 'floor',
  },
  {
    n: 2,
    h: 8,
    w: 9,
    ci: 2,
    co: 3,
    fh: 3,
    fw: 3,
    strides: [2, 2],
    pad: 1,
    dataFormat: 'NHWC',
    rounding: 'ceil',
  },
  {
    n: 1,
    h: 8,
    w: 8,
    ci: 1,
    co: 2,
    fh: 4,
    fw: 4,
    strides: [3, 3],
    pad: 2,
    dataFormat: 'NHWC',
    rounding: 'round',
  },
  { n: 1, h: 6, w: 9, ci: 3, co: 2, fh: 2, fw: 4, strides: [2, 2], pad: 2, dataFormat: 'NHWC' },
  // Explicit, uneven padding.
  {
    n: 2,
    h: 6,
    w: 7,
    ci: 2,
    co: 3,
    fh: 3,
    fw: 2,
    strides: [2, 1],
    pad: [
      [0, 0],
      [1, 2],
      [0, 3],
      [0, 0],
    ],
    dataFormat: 'NHWC',
  },
  // NCHW (the stock cpu kernel supports it, so the replacement does too).
  {
    n: 2,
    h: 9,
    w: 8,
    ci: 3,
    co: 2,
    fh: 3,
    fw: 2,
    strides: [2, 1],
    pad: 'same',
    dataFormat: 'NCHW',
  },
  {
    n: 1,
    h: 7,
    w: 7,
    ci: 2,
    co: 4,
    fh: 3,
    fw: 3,
    strides: [3, 2],
    pad: 'valid',
    dataFormat: 'NCHW',
  },
];

/** A small conv net's loss, whose filter gradient goes through Conv2DBackpropFilter. */
function convLoss(x: tf.Tensor4D, f1: tf.Variable, f2: tf.Variable, b: tf.Variable): tf.Scalar {
  const h = tf.relu(tf.add(tf.conv2d(x, f1 as tf.Tensor4D, 2, 'same'), b));
  const y = tf.conv2d(h as tf.Tensor4D, f2 as tf.Tensor4D, [1, 2], 'valid');
  return tf.mean(tf.square(y));
}

/** Gradients of convLoss w.r.t. its three variables and x, on the current backend. */
function trainingGradients(): Float32Array[] {
  return convNetGradients((x, f1, f2, b) => {
    const { grads } = tf.variableGrads(() => convLoss(x, f1, f2, b), [f1, f2, b]);
    const dx = tf.grad((xx: tf.Tensor) => convLoss(xx as tf.Tensor4D, f1, f2, b))(x);
    return [grads[f1.name], grads[f2.name], grads[b.name], dx];
  });
}

const isOurs = (backendName: string): boolean =>
  tf.getKernel(tf.Conv2DBackpropFilter, backendName)?.kernelFunc.name ===
  conv2dBackpropFilterKernelFunc.name;

beforeAll(async () => {
  // The shared Node setup may already have swapped the cpu kernel; the comparisons need stock.
  restoreConv2dBackpropFilter('cpu');
  await tf.setBackend('cpu');
  expect(tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')).toBeDefined();
  expect(isOurs('cpu')).toBe(false);
});

afterAll(async () => {
  await tf.setBackend('cpu');
  registerConv2dBackpropFilter('cpu');
});

describe('conv2dBackpropFilterFromOps vs the stock cpu kernel', () => {
  it.each(EDGE_CASES.map((c, i) => [describeCase(c), c, i] as const))('%s', (_name, c, i) => {
    expectClose(run(c, 100 + i, false), run(c, 100 + i, true));
  });

  it('matches on 300 seeded random NHWC/NCHW shapes, strides and paddings', () => {
    const cases = randomCases(300, 42, ['NHWC', 'NHWC', 'NCHW']);
    const seen = {
      strides: new Set<string>(),
      pads: new Set<string>(),
      batches: new Set<number>(),
    };
    for (const [i, c] of cases.entries()) {
      expectClose(run(c, i, false), run(c, i, true), describeCase(c));
      seen.strides.add(String(c.strides));
      seen.pads.add(String(c.pad));
      seen.batches.add(c.n);
    }
    // The sweep really covers what it claims to.
    expect(seen.strides.size).toBe(9);
    expect(seen.pads.size).toBe(PADS.length);
    expect(seen.batches.size).toBe(4);
  });

  it('throws clearly on dilations > 1 and on a dy that does not fit', () => {
    tf.tidy(() => {
      const x = tf.zeros([1, 6, 6, 2]) as tf.Tensor4D;
      const dy = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
      expect(() => conv2dBackpropFilterFromOps(x, dy, [3, 3, 2, 3], 1, 'valid', 'NHWC', 2)).toThrow(
        /dilations must be 1/,
      );
      expect(() => conv2dBackpropFilterFromOps(x, dy, [3, 3, 2, 3], 2, 'valid')).toThrow(
        /do not fit/,
      );
    });
  });
});

describe('registered as the cpu kernel', () => {
  it('gives the same training gradients as the stock kernel', () => {
    const stock = trainingGradients();
    registerConv2dBackpropFilter('cpu');
    try {
      expect(isOurs('cpu')).toBe(true);
      const replaced = trainingGradients();
      replaced.forEach((g, i) => expectClose(g, stock[i], `gradient ${i}`));
    } finally {
      restoreConv2dBackpropFilter('cpu');
    }
  });

  it('registers idempotently and restores the stock kernel', () => {
    const stock = tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')!;
    registerConv2dBackpropFilter('cpu');
    registerConv2dBackpropFilter('cpu');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')?.kernelFunc).toBe(
      conv2dBackpropFilterKernelFunc,
    );
    restoreConv2dBackpropFilter('cpu');
    restoreConv2dBackpropFilter('cpu');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'cpu')).toBe(stock);
  });

  it('leaks no tensors or backend data across repeated calls', () => {
    registerConv2dBackpropFilter('cpu');
    try {
      const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const f = tf.variable(tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 3));
      const once = () => {
        const a = conv2dBackpropFilterFromOps(x, dy, [3, 3, 3, 4], 2, 'same');
        const b = kernelOp(x, dy, [3, 3, 3, 4], 2, 'same');
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 2, 'same')) as tf.Scalar,
          [f],
        );
        // The results are live (not disposed by the kernel) and agree.
        expect(relError(a.dataSync(), b.dataSync())).toBe(0);
        expect(grads[f.name].shape).toEqual([3, 3, 3, 4]);
        tf.dispose([a, b, value, grads[f.name]]);
      };
      once(); // the first call may allocate backend-level caches
      expectNoLeaks(once, 5);
      tf.dispose([x, dy, f]);
    } finally {
      restoreConv2dBackpropFilter('cpu');
    }
  });
});

describe('registered on wasm', () => {
  // The same cases computed by the stock cpu kernel first, then replayed on wasm.
  const cases = [
    ...EDGE_CASES.filter((c) => c.dataFormat === 'NHWC'),
    ...randomCases(80, 9, ['NHWC']),
  ];
  let stockResults: Float32Array[] = [];
  let cpuGradients: Float32Array[] = [];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    stockResults = cases.map((c, i) => run(c, 500 + i, true));
    registerConv2dBackpropFilter('cpu');
    cpuGradients = trainingGradients();
    restoreConv2dBackpropFilter('cpu');
    restoreConv2dBackpropFilter('wasm'); // in case a shared setup already registered it there
    // In Node the wasm backend finds its .wasm files next to its own bundle: no setWasmPaths.
    expect(await tf.setBackend('wasm')).toBe(true);
  });

  afterAll(async () => {
    restoreConv2dBackpropFilter('wasm');
    await tf.setBackend('cpu');
  });

  it('has no Conv2DBackpropFilter of its own', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')).toBeUndefined();
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const dy = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    expect(() => kernelOp(x, dy, [3, 3, 1, 1], 1, 'valid')).toThrow(/not registered/);
    tf.dispose([x, dy]);
  });

  it('matches the stock cpu kernel on edge cases and 80 random NHWC shapes', () => {
    registerConv2dBackpropFilter('wasm');
    cases.forEach((c, i) => expectClose(run(c, 500 + i, true), stockResults[i], describeCase(c)));
  });

  it('trains: the conv net gradients match cpu, without leaks', () => {
    registerConv2dBackpropFilter('wasm');
    const wasmGradients = trainingGradients();
    wasmGradients.forEach((g, i) => expectClose(g, cpuGradients[i], `gradient ${i}`));
    expectNoLeaks(trainingGradients, 3);
  });
});
