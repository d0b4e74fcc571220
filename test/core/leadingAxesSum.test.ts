// wasm's Sum over leading axes (every bias gradient) runs as a matMul by ones: the same values as
// a float64 sum to float32 rounding, the same shapes as the stock kernel with and without
// keepDims, and every other sum still on the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  leadingAxesCount,
  leadingAxesSumKernelFunc,
  registerLeadingAxesSum,
  restoreLeadingAxesSum,
} from '../../src/core/backends/leadingAxesSum';
import { useBackend } from '../../src/core/backends/select';

/** The float64 sum of x over `axes`, in the shape tf.sum gives without keepDims. */
function sum64(x: tf.Tensor, axes: number[]): { shape: number[]; values: number[] } {
  const data = x.dataSync();
  const shape = x.shape;
  const reduced = axes.map((a) => (a + shape.length) % shape.length);
  const outShape = shape.filter((_, i) => !reduced.includes(i));
  const values = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(0);
  const index = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let out = 0;
    shape.forEach((d, i) => {
      if (!reduced.includes(i)) out = out * d + index[i];
    });
    values[out] += data[flat];
    for (let i = shape.length - 1; i >= 0; i--) {
      if (++index[i] < shape[i]) break;
      index[i] = 0;
    }
  }
  return { shape: outShape, values };
}

describe("wasm's Sum over leading axes", () => {
  beforeAll(() => useBackend('wasm'));
  afterAll(() => useBackend('cpu'));

  it('recognises exactly the leading-axes reductions that keep an axis', () => {
    expect(leadingAxesCount([0, 1, 2], 4)).toBe(3);
    expect(leadingAxesCount([2, 0, 1], 4)).toBe(3);
    expect(leadingAxesCount(0, 2)).toBe(1);
    expect(leadingAxesCount([-4, -3], 4)).toBe(2);
    expect(leadingAxesCount([0, 1, 2, 3], 4)).toBe(0);
    expect(leadingAxesCount([1, 2], 4)).toBe(0);
    expect(leadingAxesCount([0, 2], 4)).toBe(0);
    expect(leadingAxesCount(-1, 3)).toBe(0);
    expect(leadingAxesCount(null, 3)).toBe(0);
  });

  const cases: [number[], number[]][] = [
    [
      [8, 13, 11, 5],
      [0, 1, 2],
    ],
    [
      [8, 13, 11, 5],
      [0, 1],
    ],
    [[37, 3], [0]],
    [[4, 6, 7], [-3]],
    [
      [8, 13, 11, 5],
      [1, 2],
    ],
    [[8, 13, 11, 5], [3]],
    [
      [8, 13, 11, 5],
      [0, 1, 2, 3],
    ],
  ];

  it('sums every axis when given none', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const y = tf.sum(x);
    expect(y.shape).toEqual([]);
    expect(y.dataSync()[0]).toBe(36);
    tf.dispose([x, y]);
  });

  it.each(cases)('sums [%s] over %j as float64 would, in the stock shapes', (shape, axes) => {
    const before = tf.memory().numTensors;
    const x = tf.randomNormal(shape, 0, 1, 'float32', 7);
    const expected = sum64(x, axes);
    const scale = tf.tidy(() => tf.sum(tf.abs(x)).dataSync()[0]);
    for (const keepDims of [false, true]) {
      const y = tf.sum(x, axes, keepDims);
      const keptShape = shape.map((d, i) =>
        axes.map((a) => (a + shape.length) % shape.length).includes(i) ? 1 : d,
      );
      expect(y.shape).toEqual(keepDims ? keptShape : expected.shape);
      const got = Array.from(y.dataSync());
      got.forEach((v, i) => expect(Math.abs(v - expected.values[i])).toBeLessThan(1e-6 * scale));
      y.dispose();
    }
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is the kernel wasm runs, and can be put back for the stock one', () => {
    expect(tf.getKernel(tf.Sum, 'wasm').kernelFunc).toBe(leadingAxesSumKernelFunc);
    const x = tf.randomNormal([6, 5, 4, 3], 0, 1, 'float32', 3);
    const ours = tf.sum(x, [0, 1, 2]);
    restoreLeadingAxesSum();
    try {
      expect(tf.getKernel(tf.Sum, 'wasm').kernelFunc).not.toBe(leadingAxesSumKernelFunc);
      const theirs = tf.sum(x, [0, 1, 2]);
      const scale = tf.tidy(() => tf.max(tf.abs(theirs)).dataSync()[0]);
      const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]);
      expect(gap).toBeLessThan(1e-6 * scale);
      theirs.dispose();
    } finally {
      registerLeadingAxesSum();
      tf.dispose([x, ours]);
    }
  });

  it('leaves integer sums to the stock kernel', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const y = tf.sum(x, 0);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([9, 12]);
    tf.dispose([x, y]);
  });
});
