// The op-composed Conv2DBackpropInput against tfjs's stock cpu kernel, and as a registered kernel
// on cpu and wasm (input gradients through conv2d, idempotent registration, no leaked tensors).
// @vitest-environment node
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dBackpropInputFromOps,
  conv2dBackpropInputKernelFunc,
  registerConv2dBackpropInput,
  restoreConv2dBackpropInput,
  type Conv2DPad,
  type DimRoundingMode,
} from '../../src/core/backends/conv2dBackpropInput';
import {
  registerConv2dBackpropFilter,
  restoreConv2dBackpropFilter,
} from '../../src/core/backends/conv2dBackpropFilter';
import { useBackend } from '../../src/core/backends/select';
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
function inputsFor(c: Case, seed: number): { dy: Float32Array; dyShape: Quad; f: Float32Array } {
  const dyShape = dyShapeOf(c);
  const fill = seededFill(seed);
  return {
    dy: fill(dyShape.reduce((a, b) => a * b)),
    dyShape,
    f: fill(c.fh * c.fw * c.ci * c.co),
  };
}

/**
 * The Conv2DBackpropInput kernel registered for the current backend, run the way tfjs's own
 * conv2DBackpropInput op runs it.
 */
function kernelOp(
  xShape: Quad,
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | [number, number],
  pad: Conv2DPad,
  dataFormat: 'NHWC' | 'NCHW' = 'NHWC',
  dimRoundingMode?: DimRoundingMode,
): tf.Tensor4D {
  const attrs: tf.Conv2DBackpropInputAttrs = {
    strides,
    pad,
    dataFormat,
    dimRoundingMode,
    inputShape: xShape,
  };
  return tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropInput,
      { dy, filter },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor4D;
}

/** Runs the function (or, with `kernel`, the registered kernel) on the current backend. */
function run(c: Case, seed: number, kernel: boolean): Float32Array {
  const { dy, dyShape, f } = inputsFor(c, seed);
  return tf.tidy(() => {
    const dyt = tf.tensor4d(dy, dyShape);
    const ft = tf.tensor4d(f, [c.fh, c.fw, c.ci, c.co]);
    const xShape = xShapeOf(c);
    const out = kernel
      ? kernelOp(xShape, dyt, ft, c.strides, c.pad, c.dataFormat, c.rounding)
      : conv2dBackpropInputFromOps(xShape, dyt, ft, c.strides, c.pad, c.dataFormat, 1, c.rounding);
    expect(out.shape).toEqual(xShape);
    return out.dataSync() as Float32Array;
  });
}

const ROUNDINGS: Array<DimRoundingMode | undefined> = [undefined, 'floor', 'round', 'ceil'];

/** Uneven explicit padding for the case's layout (NCHW pads the last two axes). */
function explicitPad(
  format: 'NHWC' | 'NCHW',
  [top, bottom, left, right]: number[],
): tf.backend_util.ExplicitPadding {
  return format === 'NHWC'
    ? [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ]
    : [
        [0, 0],
        [0, 0],
        [top, bottom],
        [left, right],
      ];
}

/**
 * Seeded random cases: batch 1-3, H/W up to 13, kernels 1-5 x 1-5, strides 1-3 x 1-3, padding
 * 'valid'/'same'/1/2/explicit (0-3 per side, so also wider than the kernel), the last three with
 * every dimRoundingMode.
 */
function randomCases(count: number, seed: number, formats: Array<'NHWC' | 'NCHW'>): Case[] {
  return seededCases(count, seed, (int) => {
    const fh = int(1, 5);
    const fw = int(1, 5);
    const dataFormat = formats[int(0, formats.length - 1)];
    const kind = int(0, 4);
    const pad: Conv2DPad =
      kind === 0
        ? 'valid'
        : kind === 1
          ? 'same'
          : kind === 4
            ? explicitPad(dataFormat, [int(0, 3), int(0, 3), int(0, 3), int(0, 3)])
            : kind - 1;
    return {
      n: int(1, 3),
      h: int(1, 13),
      w: int(1, 13),
      ci: int(1, 4),
      co: int(1, 4),
      fh,
      fw,
      strides: [int(1, 3), int(1, 3)],
      pad,
      dataFormat,
      rounding: kind >= 2 ? ROUNDINGS[int(0, ROUNDINGS.length - 1)] : undefined,
    };
  });
}

function edge(c: Partial<Case> & Pick<Case, 'h' | 'w' | 'fh' | 'fw' | 'strides' | 'pad'>): Case {
  return { n: 2, ci: 3, co: 2, dataFormat: 'NHWC', ...c };
}

/** Hand-picked corners: asymmetric 'same', stride leftovers, 1x1, kernel = input, roundings. */
const EDGE_CASES: Case[] = [
  // The seed CNN's layers, scaled down: 3x3 'valid', stride 1.
  edge({ n: 2, h: 12, w: 12, ci: 3, co: 8, fh: 3, fw: 3, strides: [1, 1], pad: 'valid' }),
  edge({ n: 2, h: 7, w: 7, ci: 8, co: 8, fh: 3, fw: 3, strides: [1, 1], pad: 'valid' }),
  // 'same' with even kernels pads one more at the bottom/right than at the top/left.
  edge({ h: 8, w: 8, fh: 4, fw: 2, strides: [1, 1], pad: 'same' }),
  edge({ n: 1, h: 7, w: 10, ci: 2, co: 3, fh: 2, fw: 4, strides: [2, 3], pad: 'same' }),
  // Strides leave rows/cols of x that no output reads: their gradient is zero.
  edge({ n: 3, h: 13, w: 12, ci: 2, co: 4, fh: 3, fw: 2, strides: [3, 3], pad: 'valid' }),
  edge({ h: 9, w: 9, ci: 1, co: 1, fh: 1, fw: 1, strides: [2, 3], pad: 'valid' }),
  edge({ n: 1, h: 10, w: 11, ci: 4, co: 1, fh: 1, fw: 1, strides: [3, 2], pad: 'same' }),
  edge({ h: 11, w: 6, fh: 5, fw: 3, strides: [1, 2], pad: 'valid' }),
  // Kernel as large as the input: a single output pixel.
  edge({ n: 4, h: 5, w: 3, fh: 5, fw: 3, strides: [1, 1], pad: 'valid' }),
  edge({ n: 1, h: 5, w: 5, ci: 1, co: 1, fh: 5, fw: 5, strides: [3, 3], pad: 'same' }),
  // A 1x1 input.
  edge({ h: 1, w: 1, fh: 1, fw: 1, strides: [2, 2], pad: 'valid' }),
  edge({ h: 1, w: 1, fh: 3, fw: 2, strides: [1, 3], pad: 'same' }),
  // Numeric padding, with every dimRoundingMode (tfjs sizes the width with the filter height).
  edge({ h: 7, w: 7, ci: 2, fh: 3, fw: 3, strides: [2, 2], pad: 1 }),
  edge({ h: 8, w: 9, ci: 2, co: 3, fh: 3, fw: 3, strides: [2, 2], pad: 1, rounding: 'floor' }),
  edge({ h: 8, w: 9, ci: 2, co: 3, fh: 3, fw: 3, strides: [2, 2], pad: 1, rounding: 'ceil' }),
  edge({ n: 1, h: 8, w: 8, ci: 1, fh: 4, fw: 4, strides: [3, 3], pad: 2, rounding: 'round' }),
  edge({ n: 1, h: 6, w: 9, fh: 2, fw: 4, strides: [2, 2], pad: 2 }),
  // Padding wider than the kernel: outputs that read only padding, and a negative frame.
  edge({ h: 5, w: 6, fh: 1, fw: 2, strides: [1, 1], pad: 3 }),
  edge({ h: 4, w: 5, fh: 2, fw: 1, strides: [3, 2], pad: 2, rounding: 'ceil' }),
  // Numeric padding sizes the output width with the filter height and the row stride (a tfjs
  // quirk both kernels share): here dy's one column reads only padding, so dx is all zeros and
  // the window over dy starts past its end.
  edge({ h: 1, w: 1, fh: 5, fw: 1, strides: [1, 1], pad: 2 }),
  edge({ h: 6, w: 9, fh: 2, fw: 5, strides: [1, 3], pad: 1, rounding: 'ceil' }),
  // Explicit, uneven padding.
  edge({
    h: 6,
    w: 7,
    ci: 2,
    co: 3,
    fh: 3,
    fw: 2,
    strides: [2, 1],
    pad: explicitPad('NHWC', [1, 2, 0, 3]),
  }),
  edge({ h: 3, w: 4, fh: 1, fw: 1, strides: [2, 3], pad: explicitPad('NHWC', [3, 0, 0, 4]) }),
  // NCHW (the stock kernels support it, so the replacement does too).
  edge({ h: 9, w: 8, fh: 3, fw: 2, strides: [2, 1], pad: 'same', dataFormat: 'NCHW' }),
  edge({
    n: 1,
    h: 7,
    w: 7,
    ci: 2,
    co: 4,
    fh: 3,
    fw: 3,
    strides: [3, 2],
    pad: explicitPad('NCHW', [2, 1, 0, 2]),
    dataFormat: 'NCHW',
  }),
];

/**
 * A small conv net's loss with both kinds of tfjs conv2d: plain (whose gradient asks for dL/dx
 * lazily) and fused with bias + relu (whose gradient computes it eagerly, as tfjs-layers uses).
 */
function convLoss(x: tf.Tensor4D, f1: tf.Variable, f2: tf.Variable, b: tf.Variable): tf.Scalar {
  const h = tf.fused.conv2d({
    x,
    filter: f1 as tf.Tensor4D,
    strides: 2,
    pad: 'same',
    bias: b,
    activation: 'relu',
  });
  const y = tf.conv2d(h, f2 as tf.Tensor4D, [1, 2], 'valid');
  return tf.mean(tf.square(y));
}

/** dL/dx (through both convs) and the three weight gradients, on the current backend. */
function convGradients(): Float32Array[] {
  return convNetGradients((x, f1, f2, b) => {
    const dx = tf.grad((xx: tf.Tensor) => convLoss(xx as tf.Tensor4D, f1, f2, b))(x);
    const { grads } = tf.variableGrads(() => convLoss(x, f1, f2, b), [f1, f2, b]);
    return [dx, grads[f1.name], grads[f2.name], grads[b.name]];
  });
}

const isOurs = (backendName: string): boolean =>
  tf.getKernel(tf.Conv2DBackpropInput, backendName)?.kernelFunc === conv2dBackpropInputKernelFunc;

beforeAll(async () => {
  // The comparisons need cpu's stock kernel; useBackend('cpu') is documented to keep it.
  restoreConv2dBackpropInput('cpu');
  await tf.setBackend('cpu');
  expect(tf.getKernel(tf.Conv2DBackpropInput, 'cpu')).toBeDefined();
  expect(isOurs('cpu')).toBe(false);
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('conv2dBackpropInputFromOps vs the stock cpu kernel', () => {
  it.each(EDGE_CASES.map((c, i) => [describeCase(c), c, i] as const))('%s', (_name, c, i) => {
    expectClose(run(c, 100 + i, false), run(c, 100 + i, true));
  });

  it('matches on 400 seeded random NHWC/NCHW shapes, kernels, strides and paddings', () => {
    const cases = randomCases(400, 42, ['NHWC', 'NHWC', 'NCHW']);
    const seen = {
      strides: new Set<string>(),
      kernels: new Set<string>(),
      pads: new Set<string>(),
      roundings: new Set<string>(),
      formats: new Set<string>(),
    };
    for (const [i, c] of cases.entries()) {
      expectClose(run(c, i, false), run(c, i, true), describeCase(c));
      seen.strides.add(String(c.strides));
      seen.kernels.add(`${c.fh}x${c.fw}`);
      seen.pads.add(typeof c.pad === 'object' ? 'explicit' : String(c.pad));
      seen.roundings.add(String(c.rounding));
      seen.formats.add(c.dataFormat);
    }
    // The sweep really covers what it claims to.
    expect(seen.strides.size).toBe(9);
    expect(seen.kernels.size).toBe(25);
    expect([...seen.pads].sort()).toEqual(['1', '2', 'explicit', 'same', 'valid']);
    expect(seen.roundings.size).toBe(ROUNDINGS.length);
    expect(seen.formats.size).toBe(2);
  });

  it('throws clearly on dilations > 1 and on a dy that does not fit', () => {
    tf.tidy(() => {
      const dy = tf.zeros([1, 4, 4, 3]) as tf.Tensor4D;
      const f = tf.zeros([3, 3, 2, 3]) as tf.Tensor4D;
      expect(() =>
        conv2dBackpropInputFromOps([1, 6, 6, 2], dy, f, 1, 'valid', 'NHWC', [1, 2]),
      ).toThrow(/dilations must be 1/);
      expect(() => conv2dBackpropInputFromOps([1, 6, 6, 2], dy, f, 2, 'valid')).toThrow(
        /does not fit/,
      );
      expect(() => conv2dBackpropInputFromOps([1, 6, 6, 3], dy, f, 1, 'valid')).toThrow(
        /does not fit/,
      );
    });
  });
});

describe('registered as the cpu kernel', () => {
  it('gives the same tf.grad input gradient (plain and fused conv2d) as the stock kernel', () => {
    const stock = convGradients();
    registerConv2dBackpropInput('cpu');
    try {
      expect(isOurs('cpu')).toBe(true);
      const replaced = convGradients();
      replaced.forEach((g, i) => expectClose(g, stock[i], `gradient ${i}`));
    } finally {
      restoreConv2dBackpropInput('cpu');
    }
  });

  it('registers idempotently and restores the stock kernel', () => {
    const stock = tf.getKernel(tf.Conv2DBackpropInput, 'cpu')!;
    registerConv2dBackpropInput('cpu');
    registerConv2dBackpropInput('cpu');
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'cpu')?.kernelFunc).toBe(
      conv2dBackpropInputKernelFunc,
    );
    restoreConv2dBackpropInput('cpu');
    restoreConv2dBackpropInput('cpu');
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'cpu')).toBe(stock);
  });

  it('leaks no tensors or backend data across repeated calls', () => {
    registerConv2dBackpropInput('cpu');
    try {
      const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const dy = tf.randomNormal([2, 5, 5, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
      const f = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
      const once = () => {
        const a = conv2dBackpropInputFromOps([2, 9, 9, 3], dy, f, 2, 'same');
        const b = kernelOp([2, 9, 9, 3], dy, f, 2, 'same');
        const dx = tf.grad((xx: tf.Tensor) => tf.sum(tf.conv2d(xx as tf.Tensor4D, f, 2, 'same')))(
          x,
        );
        // The results are live (not disposed by the kernel) and agree.
        expect(relError(a.dataSync(), b.dataSync())).toBe(0);
        expect(dx.shape).toEqual([2, 9, 9, 3]);
        tf.dispose([a, b, dx]);
      };
      once(); // the first call may allocate backend-level caches
      expectNoLeaks(once, 5);
      tf.dispose([x, dy, f]);
    } finally {
      restoreConv2dBackpropInput('cpu');
    }
  });

  it('refuses the dy of a rounded conv, whose dimRoundingMode tfjs drops in the gradient', () => {
    // tf.conv2d(..., pad 1, 'ceil') outputs 5 rows here, but Conv2D_grad calls
    // conv2DBackpropInput without dimRoundingMode, which sizes dy for 4: the stock kernel then
    // silently ignores dy's last row (a wrong gradient); the replacement says so instead.
    const x = tf.randomNormal([1, 8, 9, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, 2, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
    const dx = tf.grad((xx: tf.Tensor) =>
      tf.sum(tf.conv2d(xx as tf.Tensor4D, f, 2, 1, 'NHWC', 1, 'ceil')),
    );
    tf.dispose(dx(x)); // stock: no complaint
    registerConv2dBackpropInput('cpu');
    try {
      expect(() => dx(x)).toThrow(/does not fit/);
    } finally {
      restoreConv2dBackpropInput('cpu');
      tf.dispose([x, f]);
    }
  });

  it("documents tfjs: the fused conv2d gradient computes dL/dx even when it isn't needed", async () => {
    // The plain conv2d gradient hands the tape one closure per input and only the needed ones
    // run; the fused one (tfjs-layers' path) is a customGrad whose gradFunc computes dL/dx and
    // dL/dfilter up front, so a first layer over constant data still pays for dL/dx.
    const kernelsOfGradients = async (fused: boolean): Promise<string[]> => {
      const f = tf.variable(tf.ones([3, 3, 2, 4]));
      const b = tf.variable(tf.zeros([4]));
      const x = tf.ones([1, 6, 6, 2]) as tf.Tensor4D; // a constant input, like a data batch
      const loss = () =>
        tf.sum(
          fused
            ? tf.fused.conv2d({ x, filter: f as tf.Tensor4D, strides: 1, pad: 'valid', bias: b })
            : tf.add(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid'), b),
        ) as tf.Scalar;
      const info = await tf.profile(() => tf.dispose(tf.variableGrads(loss, [f, b]).grads));
      tf.dispose([f, b, x]);
      return info.kernelNames;
    };
    // One after the other: concurrent tf.profile calls share the engine's active profile.
    const plain = await kernelsOfGradients(false);
    const fused = await kernelsOfGradients(true);
    expect(plain).toContain(tf.Conv2DBackpropFilter);
    expect(plain).not.toContain(tf.Conv2DBackpropInput);
    expect(fused).toContain(tf.Conv2DBackpropFilter);
    expect(fused).toContain(tf.Conv2DBackpropInput);
  });
});

describe('on wasm, where useBackend registers it', () => {
  // The same cases computed by the stock cpu kernel first, then replayed on wasm.
  const cases = [...EDGE_CASES, ...randomCases(80, 9, ['NHWC', 'NHWC', 'NCHW'])];
  let stockResults: Float32Array[] = [];
  let cpuGradients: Float32Array[] = [];

  beforeAll(async () => {
    await tf.setBackend('cpu');
    stockResults = cases.map((c, i) => run(c, 500 + i, true));
    cpuGradients = convGradients();
    // In Node the wasm backend finds its .wasm files next to its own bundle: no setWasmPaths.
    await useBackend('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  afterAll(async () => {
    restoreConv2dBackpropInput('wasm');
    restoreConv2dBackpropFilter('wasm');
    await tf.setBackend('cpu');
  });

  it('is registered on wasm only, not on cpu (whose stock kernel is faster)', () => {
    expect(isOurs('wasm')).toBe(true);
    expect(isOurs('cpu')).toBe(false);
  });

  it('matches the stock cpu kernel on the edge cases and 80 random shapes', () => {
    registerConv2dBackpropInput('wasm');
    cases.forEach((c, i) => expectClose(run(c, 500 + i, true), stockResults[i], describeCase(c)));
  });

  it('gives the cpu tf.grad input and weight gradients, without leaks', () => {
    registerConv2dBackpropInput('wasm');
    registerConv2dBackpropFilter('wasm'); // wasm has no Conv2DBackpropFilter of its own
    const wasmGradients = convGradients();
    wasmGradients.forEach((g, i) => expectClose(g, cpuGradients[i], `gradient ${i}`));
    expectNoLeaks(convGradients, 3);
  });

  it('restores a working stock wasm kernel although wasm started with ours', () => {
    // The stock kernel binds its C function in a setupFunc the engine runs only in setBackend.
    registerConv2dBackpropInput('wasm');
    restoreConv2dBackpropInput('wasm');
    expect(isOurs('wasm')).toBe(false);
    cases
      .slice(0, EDGE_CASES.length)
      .forEach((c, i) => expectClose(run(c, 500 + i, true), stockResults[i], describeCase(c)));
    registerConv2dBackpropInput('wasm');
    expect(isOurs('wasm')).toBe(true);
  });
});
