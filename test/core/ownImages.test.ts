// Your own images as a dataset: the per-class split (deterministic, disjoint, 20 % held out with
// at least one), the limits, pixels fitted to 1 and 3 channels at the model's size, labels and
// value range, refusals in words, and no tensor left behind.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fitImagesToInput } from '../../src/core/data/fitImages';
import { imageHeaderSize } from '../../src/core/data/imageHeader';
import {
  IMAGE_LIMITS,
  STORE_SIDE,
  STORE_VALUES,
  dimensionsProblem,
  fileSizeProblem,
  heldOutCount,
  imageClassesProblem,
} from '../../src/core/data/imageLimits';
import {
  makeOwnImagesDataset,
  ownImagesFitProblem,
  splitOwnImages,
  type OwnImages,
  type StoredImage,
} from '../../src/core/data/ownImages';
import { DataError, countClasses } from '../../src/core/data/split';
import { loadDataset } from '../../src/core/data/datasets';
import { PRESETS, seedCnnSpec } from '../../src/core/presets';

/** A stored image of one colour: every pixel (r, g, b). */
const solid = (name: string, [r, g, b]: [number, number, number]): StoredImage => {
  const pixels = new Uint8Array(STORE_VALUES);
  for (let p = 0; p < STORE_VALUES; p += 3) pixels.set([r, g, b], p);
  return { name, pixels };
};
const classes = (a: number, b: number): OwnImages => [
  Array.from({ length: a }, (_, i) => solid(`a${i}.png`, [255, 255, 255])),
  Array.from({ length: b }, (_, i) => solid(`b${i}.png`, [0, 0, 0])),
];
const seedToy = PRESETS['seed-toy'].spec;

describe('the split of your images', () => {
  it('is the same for a seed, another for another seed, and never puts an image in both splits', () => {
    const counts = [23, 17];
    const first = splitOwnImages(counts, 5);
    expect(splitOwnImages(counts, 5)).toEqual(first);
    expect(splitOwnImages(counts, 6)).not.toEqual(first);
    const key = ([k, i]: [number, number]) => `${k}:${i}`;
    const train = new Set(first.train.map(key));
    const test = new Set(first.test.map(key));
    expect([...test].filter((t) => train.has(t))).toEqual([]);
    // Every image is in one of them exactly once.
    expect(train.size + test.size).toBe(40);
    expect(first.train.length + first.test.length).toBe(40);
  });

  it('holds out 20 % of each class, at least one from two images on, never all of them', () => {
    expect([0, 1, 2, 3, 5, 10, 12, 100, 2000].map(heldOutCount)).toEqual([
      0, 0, 1, 1, 1, 2, 2, 20, 400,
    ]);
    const { train, test } = splitOwnImages([12, 30], 1);
    expect(
      countClasses(
        Int32Array.from(test, ([k]) => k),
        2,
      ),
    ).toEqual([2, 6]);
    expect(
      countClasses(
        Int32Array.from(train, ([k]) => k),
        2,
      ),
    ).toEqual([10, 24]);
  });
});

describe('the limits', () => {
  it('refuse empty and oversize files by size, and images over 4096 × 4096 by their pixels', () => {
    expect(fileSizeProblem(0)).toBe('empty file (0 bytes)');
    expect(fileSizeProblem(1234)).toBeNull();
    expect(fileSizeProblem(IMAGE_LIMITS.bytes)).toBeNull();
    expect(fileSizeProblem(IMAGE_LIMITS.bytes + 1)).toMatch(/over the 20 MB limit/);
    expect(dimensionsProblem(4096, 4096)).toBeNull();
    expect(dimensionsProblem(5000, 5000)).toBe(
      '5000 × 5000 pixels (25.0 megapixels) is over the limit of 4096 × 4096 (16.8 megapixels)',
    );
    expect(dimensionsProblem(8000, 100)).toBeNull();
  });

  it('class names are two different names of 1 to 40 characters', () => {
    expect(imageClassesProblem(['cats', 'dogs'])).toBeNull();
    expect(imageClassesProblem(['cats', 'cats'])).toMatch(/different names/);
    expect(imageClassesProblem(['cats', ' '])).toMatch(/1 to 40/);
    expect(imageClassesProblem(['cats', 'x'.repeat(41)])).toMatch(/1 to 40/);
    expect(imageClassesProblem(['cats'])).toMatch(/two names/);
    expect(imageClassesProblem('cats')).toMatch(/two names/);
  });
});

describe('pixels fitted to the model', () => {
  it('resizes bilinearly, repeats gray into 3 channels and takes luminance for 1', () => {
    const before = tf.memory().numTensors;
    // One 2×2 colour image: red, green, blue, white.
    const rgb = tf.tensor4d([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1], [1, 2, 2, 3]);
    const gray = fitImagesToInput(rgb, [2, 2, 1]);
    expect(gray.shape).toEqual([1, 2, 2, 1]);
    const values = Array.from(gray.dataSync());
    [0.299, 0.587, 0.114, 1].forEach((v, i) => expect(values[i]).toBeCloseTo(v, 5));
    const big = fitImagesToInput(rgb, [4, 4, 3]);
    expect(big.shape).toEqual([1, 4, 4, 3]);
    const one = tf.tensor4d([0.25, 0.5, 0.75, 1], [1, 2, 2, 1]);
    const three = fitImagesToInput(one, [2, 2, 3]);
    expect(Array.from(three.dataSync())).toEqual([
      0.25, 0.25, 0.25, 0.5, 0.5, 0.5, 0.75, 0.75, 0.75, 1, 1, 1,
    ]);
    tf.dispose([rgb, gray, big, one, three]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds a dataset of the model input shape, 0/1 labels, values in [0, 1], both classes in each split', async () => {
    const before = tf.memory().numTensors;
    const images = classes(12, 10);
    for (const [spec, outputs, shape] of [
      [seedToy, 1, [10, 10, 1]],
      [seedCnnSpec(64, 3, 2), 2, [64, 64, 3]],
      [seedCnnSpec(28, 1, 1, 'cnn-28'), 1, [28, 28, 1]],
    ] as const) {
      const dataset = await loadDataset(
        { kind: 'images', classes: ['bright', 'dark'] },
        spec,
        outputs,
        0,
        undefined,
        images,
      );
      expect(dataset.kind).toBe('images');
      expect(dataset.x.shape).toEqual([18, ...shape]);
      expect(dataset.test!.x.shape).toEqual([4, ...shape]);
      expect(dataset.y.shape).toEqual([18, outputs]);
      expect(dataset.classNames).toEqual(['bright', 'dark']);
      expect(countClasses(dataset.labels, 2)).toEqual([10, 8]);
      expect(countClasses(dataset.test!.labels, 2)).toEqual([2, 2]);
      const x = dataset.x.dataSync() as Float32Array;
      expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
      // Class A is white, class B black: each example's mean tells its label.
      const per = x.length / 18;
      dataset.labels.forEach((label, n) => {
        const mean = x.subarray(n * per, (n + 1) * per).reduce((s, v) => s + v, 0) / per;
        expect(mean).toBeCloseTo(label === 0 ? 1 : 0, 5);
      });
      const y = dataset.y.dataSync();
      if (outputs === 1) expect(Array.from(y)).toEqual(Array.from(dataset.labels));
      else expect(y[0] + y[1]).toBe(1);
      expect(dataset.description).toMatch(/of your images/);
      dataset.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps the store size when the model takes 64×64×3, and says when it resizes', () => {
    const dataset = makeOwnImagesDataset(classes(2, 2), ['a', 'b'], seedCnnSpec(), 1);
    expect(dataset.x.shape).toEqual([2, STORE_SIDE, STORE_SIDE, 3]);
    expect(dataset.description).not.toMatch(/resized/);
    dataset.dispose();
    const toy = makeOwnImagesDataset(classes(2, 2), ['a', 'b'], seedToy, 1);
    expect(toy.description).toMatch(/resized \(bilinear\) to 10×10 for seed-toy, as luminance/);
    toy.dispose();
  });
});

describe('refusals in words', () => {
  it('a vector model or ten outputs are explained, naming presets that fit; no tensor is made', () => {
    const before = tf.memory().numTensors;
    const mlp = PRESETS['colab-mlp'].spec;
    expect(ownImagesFitProblem(mlp, 1)).toMatch(
      /^your images are pictures, but colab-mlp takes \[4\]: it needs an image input.*the preset seed-toy or seed-cnn or seed-cnn-28 fits$/,
    );
    const digits = PRESETS['seed-cnn-28-digits'].spec;
    expect(ownImagesFitProblem(digits, 10)).toMatch(
      /two classes, but seed-cnn-28-digits ends in 10 outputs: it needs one sigmoid unit/,
    );
    expect(() => makeOwnImagesDataset(classes(5, 5), ['a', 'b'], mlp, 1)).toThrow(DataError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a class with fewer than two images, or none at all, asks for more by name', () => {
    const before = tf.memory().numTensors;
    expect(() => makeOwnImagesDataset(classes(5, 1), ['cats', 'dogs'], seedToy, 1)).toThrow(
      "'dogs' has 1 image: each class needs at least 2 (one to train on, one held out)",
    );
    expect(() => makeOwnImagesDataset(classes(0, 0), ['cats', 'dogs'], seedToy, 1)).toThrow(
      /no images of your own in this tab yet: drop at least 2 per class/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("an image's size from its header", () => {
  const bytes = (...parts: (number[] | string)[]) =>
    Uint8Array.from(
      parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
    );
  const u32be = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  const u16be = (n: number) => [n >> 8, n & 255];
  const u16le = (n: number) => [n & 255, n >> 8];

  it('reads PNG, GIF, BMP and the three WebP kinds', () => {
    const png = bytes([0x89], 'PNG\r\n', [0x1a, 0x0a], u32be(13), 'IHDR', u32be(5000), u32be(3000));
    expect(imageHeaderSize(png)).toEqual({ width: 5000, height: 3000 });
    expect(imageHeaderSize(bytes('GIF89a', u16le(640), u16le(480)))).toEqual({
      width: 640,
      height: 480,
    });
    const bmp = bytes('BM', Array(16).fill(0), [0x40, 0x1f, 0, 0], [0xc0, 0xe0, 0xff, 0xff]);
    expect(imageHeaderSize(bmp)).toEqual({ width: 8000, height: 8000 });
    const riff = (chunk: string, body: number[]) =>
      bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body, Array(16).fill(0));
    // VP8X: 24-bit width−1 and height−1 at 24 and 27.
    expect(imageHeaderSize(riff('VP8X', [0, 0, 0, 0, 0x87, 0x13, 0, 0x8f, 0x13, 0]))).toEqual({
      width: 5000,
      height: 5008,
    });
    // VP8L: 14 bits each after the 0x2f signature byte: 400×300.
    const w = 399;
    const h = 299;
    const vp8l = [0x2f, w & 255, ((w >> 8) & 0x3f) | ((h & 3) << 6), (h >> 2) & 255, h >> 10];
    expect(imageHeaderSize(riff('VP8L', vp8l))).toEqual({ width: 400, height: 300 });
    const vp8 = [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(1920), ...u16le(1080)];
    expect(imageHeaderSize(riff('VP8 ', vp8))).toEqual({ width: 1920, height: 1080 });
  });

  it('walks a JPEG past its EXIF and tables to the frame, and gives null for anything else', () => {
    const app1 = [0xff, 0xe1, ...u16be(2 + 300), ...Array(300).fill(7)];
    const dht = [0xff, 0xc4, ...u16be(2 + 4), 1, 2, 3, 4];
    const sof2 = [0xff, 0xc2, ...u16be(17), 8, ...u16be(4500), ...u16be(6000), 3];
    const jpeg = bytes([0xff, 0xd8], app1, [0xff], dht, sof2, Array(12).fill(0));
    expect(imageHeaderSize(jpeg)).toEqual({ width: 6000, height: 4500 });
    expect(imageHeaderSize(bytes('notes.txt: these are notes'))).toBeNull();
    expect(imageHeaderSize(new Uint8Array(0))).toBeNull();
    // Cut short before the frame: the decoded bitmap is checked instead.
    expect(imageHeaderSize(jpeg.subarray(0, 200))).toBeNull();
  });
});
