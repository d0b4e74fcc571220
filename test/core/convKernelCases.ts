// Test cases and checks shared by the conv backprop kernel tests (conv2dBackpropFilter.test.ts,
// conv2dBackpropInput.test.ts): seeded conv shapes and values, the error measure, leak checks.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { Conv2DPad, DimRoundingMode } from '../../src/core/backends/convKernelInputs';

export type Quad = [number, number, number, number];

/** One conv2d: x [n,h,w,ci] (or NCHW), filter [fh,fw,ci,co]. */
export interface Case {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  fh: number;
  fw: number;
  strides: [number, number];
  pad: Conv2DPad;
  dataFormat: 'NHWC' | 'NCHW';
  rounding?: DimRoundingMode;
}

/** Deterministic [0,1) stream (mulberry32) so every run checks the same shapes and values. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float32 arrays of uniform values in [-1, 1), drawn one after another from rng(seed). */
export function seededFill(seed: number): (size: number) => Float32Array {
  const next = rng(seed);
  return (size) => Float32Array.from({ length: size }, () => next() * 2 - 1);
}

export function describeCase(c: Case): string {
  const pad = typeof c.pad === 'object' ? JSON.stringify(c.pad) : c.pad;
  return (
    `x[${c.n},${c.h},${c.w},${c.ci}] f${c.fh}x${c.fw}->${c.co} s[${c.strides}] pad ${pad}` +
    ` ${c.dataFormat}${c.rounding ? ` ${c.rounding}` : ''}`
  );
}

export function xShapeOf(c: Case): Quad {
  return c.dataFormat === 'NHWC' ? [c.n, c.h, c.w, c.ci] : [c.n, c.ci, c.h, c.w];
}

/** The forward conv's output size for the case, or null when it has no output at all. */
export function outSize(c: Case): [number, number] | null {
  const info = tf.backend_util.computeConv2DInfo(
    xShapeOf(c),
    [c.fh, c.fw, c.ci, c.co],
    c.strides,
    1,
    c.pad,
    c.rounding,
    false,
    c.dataFormat === 'NHWC' ? 'channelsLast' : 'channelsFirst',
  );
  return info.outHeight > 0 && info.outWidth > 0 ? [info.outHeight, info.outWidth] : null;
}

/** The shape of dy = dL/dOutput for a case that has an output, in the case's layout. */
export function dyShapeOf(c: Case): Quad {
  const [oh, ow] = outSize(c)!;
  return c.dataFormat === 'NHWC' ? [c.n, oh, ow, c.co] : [c.n, c.co, oh, ow];
}

/**
 * `count` seeded random cases, each drawn by `draw` from `int(lo, hi)` (uniform, inclusive) over
 * rng(seed); cases without any forward output are skipped.
 */
export function randomCases(
  count: number,
  seed: number,
  draw: (int: (lo: number, hi: number) => number) => Case,
): Case[] {
  const next = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const cases: Case[] = [];
  while (cases.length < count) {
    const c = draw(int);
    if (outSize(c) != null) cases.push(c);
  }
  return cases;
}

/** Max abs error, relative to the reference's max abs value (absolute below 1). */
export function relError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    err = Math.max(err, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return err / Math.max(scale, 1);
}

export const TOLERANCE = 1e-5;

/** Asserts relError(actual, expected) < TOLERANCE, with `label` in the failure message. */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label?: string,
): void {
  expect(relError(actual, expected), label).toBeLessThan(TOLERANCE);
}

/**
 * The gradients `grads` returns for a small conv net (x [3,11,10,3], filters [3,3,3,4] and
 * [2,3,4,2], bias [4], values from rng(7)), as arrays, on the current backend.
 */
export function convNetGradients(
  grads: (x: tf.Tensor4D, f1: tf.Variable, f2: tf.Variable, b: tf.Variable) => tf.Tensor[],
): Float32Array[] {
  const next = rng(7);
  const fill = (shape: number[]) =>
    Float32Array.from({ length: shape.reduce((a, b) => a * b) }, () => next() - 0.5);
  return tf.tidy(() => {
    const x = tf.tensor4d(fill([3, 11, 10, 3]), [3, 11, 10, 3]);
    const f1 = tf.variable(tf.tensor4d(fill([3, 3, 3, 4]), [3, 3, 3, 4]));
    const f2 = tf.variable(tf.tensor4d(fill([2, 3, 4, 2]), [2, 3, 4, 2]));
    const b = tf.variable(tf.tensor1d(fill([4])));
    const out = grads(x, f1, f2, b).map((g) => g.dataSync() as Float32Array);
    [f1, f2, b].forEach((v) => v.dispose());
    return out;
  });
}

/**
 * Runs `step` `times` times and asserts that neither the live tensors nor the backend's data
 * grew. Run it once before, so that backend-level caches are already allocated.
 */
export function expectNoLeaks(step: () => void, times: number): void {
  const tensors = tf.memory().numTensors;
  const dataIds = tf.engine().backend.numDataIds();
  for (let i = 0; i < times; i++) step();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(dataIds);
}
