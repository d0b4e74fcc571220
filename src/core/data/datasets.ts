// The datasets a session trains on: drawn from a seed (the seed's random batch, the bright
// square, circles against squares), read from MNIST's digits, or your own images. Each has a
// training split and, except the seed's noise, a held-out test split that never shares an
// example with it.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec';
import { makeMnistDataset, mnistFitProblem } from './mnist';
import { digitsOf, MNIST_COUNTS, trainingCountOf, type MnistDigits } from './mnistFormat';
import { makeOwnImagesDataset, ownImagesFitProblem, type OwnImages } from './ownImages';
import { randomBatch, type Batch } from './randomBatch';
import { seededPermutation, seededRandom } from './seededRandom';
import { drawShapes, SHAPE_CLASSES } from './shapes';
import { DataError, classesOf, labelTensor, type Split } from './split';

export { DataError, type Split };

/**
 * What to train on, as the worker and the CLI name it. `size` is the number of training
 * examples; MNIST's is optional (all of the chosen digits' training images by default).
 * `images` names the two classes of your own images; the pixels are never part of a choice
 * (the worker holds what was dropped in this tab).
 */
export type DatasetChoice =
  | { kind: 'seed-random'; size: number }
  | { kind: 'synthetic'; size: number }
  | { kind: 'shapes'; size: number }
  | { kind: 'mnist'; digits: MnistDigits; size?: number }
  | { kind: 'images'; classes: [string, string] };
export type DatasetKind = DatasetChoice['kind'];
/** The kinds drawn from a seed at the model's own input shape. */
export type DrawnKind = Exclude<DatasetKind, 'mnist' | 'images'>;
export const DATASET_KINDS: readonly DatasetKind[] = [
  'seed-random',
  'synthetic',
  'shapes',
  'mnist',
  'images',
];

export interface Dataset extends Split {
  kind: DatasetKind;
  /** Held-out examples for accuracy, never in the training split; null for the seed's noise. */
  test: Split | null;
  /** A name per class index, e.g. ['3', '8'] or ['circle', 'square']. */
  classNames: string[];
  description: string;
  dispose(): void;
}

/** Reads one MNIST digit's file (one byte a pixel): fetch in the worker, the disk in Node. */
export type DigitReader = (digit: number) => Uint8Array | Promise<Uint8Array>;

/** Held-out examples drawn beside a seeded training set: a quarter of it, 16 to 1024. */
export const drawnTestSize = (size: number) => Math.min(1024, Math.max(16, Math.round(size / 4)));

/**
 * Every example a choice holds in memory (training and test), known before anything is read;
 * for your own images, `ownImages` is how many are held.
 */
export function datasetExamples(choice: DatasetChoice, ownImages = 0): number {
  switch (choice.kind) {
    case 'seed-random':
      return choice.size;
    case 'synthetic':
    case 'shapes':
      return choice.size + drawnTestSize(choice.size);
    case 'mnist': {
      const digits = digitsOf(choice.digits);
      const training = digits.reduce((n, d) => n + trainingCountOf(d), 0);
      const test = digits.reduce((n, d) => n + MNIST_COUNTS[d] - trainingCountOf(d), 0);
      return Math.min(training, choice.size ?? training) + test;
    }
    case 'images':
      return ownImages;
  }
}

/** The class index of each row of y (threshold 0.5 for one column, argmax for several). */
function labelsOf(y: tf.Tensor): Int32Array {
  return tf.tidy(() =>
    y.shape[1] === 1
      ? (tf.greater(y, 0.5).toInt().reshape([-1]).dataSync() as Int32Array)
      : (tf.argMax(y, 1).dataSync() as Int32Array),
  );
}

/**
 * Images: a bright square on faint noise; its class is which of `classes` vertical bands it sits
 * in (left/right for two). Vectors: the class is the largest of `classes` fixed random
 * projections. Labels are one-hot for several outputs, 0/1 for one.
 */
function synthetic(spec: ModelSpec, outputs: number, size: number, seed: number) {
  const next = seededRandom(seed);
  const classes = classesOf(outputs);
  const perExample = spec.input.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(size * perExample);
  const labels: number[] = [];
  const isImage = spec.input.length === 3;
  const projections = Array.from({ length: classes }, () =>
    Array.from({ length: perExample }, () => next() * 2 - 1),
  );
  for (let n = 0; n < size; n++) {
    const offset = n * perExample;
    for (let i = 0; i < perExample; i++) xs[offset + i] = next() * (isImage ? 0.3 : 1);
    if (isImage) {
      const [h, w, c] = spec.input;
      const label = Math.floor(next() * classes);
      const side = Math.max(1, Math.round(Math.min(h, w / classes) / 2));
      const bandWidth = w / classes;
      const left = Math.floor(label * bandWidth + next() * Math.max(0, bandWidth - side));
      const top = Math.floor(next() * (h - side + 1));
      for (let r = top; r < top + side; r++)
        for (let col = left; col < Math.min(w, left + side); col++)
          for (let ch = 0; ch < c; ch++) xs[offset + (r * w + col) * c + ch] = 1;
      labels.push(label);
    } else {
      const scores = projections.map((p) =>
        p.reduce((s, v, i) => s + v * (xs[offset + i] - 0.5), 0),
      );
      labels.push(scores.indexOf(Math.max(...scores)));
    }
  }
  return { xs, labels, classes };
}

/** Splits drawn examples: the first `size` train, the rest are held out. */
function splitDrawn(
  pixels: Float32Array,
  labels: number[],
  spec: ModelSpec,
  size: number,
  outputs: number,
) {
  const perExample = spec.input.reduce((a, b) => a * b, 1);
  const make = (from: number, to: number): Split => ({
    x: tf.tensor(pixels.subarray(from * perExample, to * perExample), [to - from, ...spec.input]),
    y: labelTensor(labels.slice(from, to), outputs),
    labels: Int32Array.from(labels.slice(from, to)),
    size: to - from,
  });
  return { train: make(0, size), test: make(size, labels.length) };
}

/**
 * Why a dataset cannot feed this model, in words naming what would fit; null when it can.
 * Pure: the worker asks before it stops a running session.
 */
export function datasetFitProblem(
  choice: DatasetChoice,
  spec: ModelSpec,
  outputs: number,
): string | null {
  switch (choice.kind) {
    case 'seed-random':
    case 'synthetic':
      return null;
    case 'shapes':
      if (spec.input.length !== 3 || ![1, 3].includes(spec.input[2]))
        return `circles and squares are images: the model's input must be [height, width, 1 or 3 channels], but ${spec.name} takes [${spec.input.join(', ')}]`;
      if (outputs > 2)
        return `circles against squares has two classes, but ${spec.name} ends in ${outputs} outputs: end it in one sigmoid unit (or two softmax units)`;
      return null;
    case 'mnist':
      return mnistFitProblem(choice.digits, spec, outputs);
    case 'images':
      return ownImagesFitProblem(spec, outputs);
  }
}

/** A dataset drawn from `seed` at the model's input shape: the same in Node, the worker and the CLI. */
export function makeDataset(
  kind: DrawnKind,
  spec: ModelSpec,
  outputs: number,
  size: number,
  seed: number,
): Dataset {
  if (!Number.isInteger(size) || size < 1)
    throw new DataError(`dataset size must be a positive integer, got ${size}`);
  if (kind === 'seed-random') {
    const { x, y } = randomBatch(spec, outputs, size, seed);
    return {
      kind,
      x,
      y,
      labels: labelsOf(y),
      size,
      test: null,
      classNames: Array.from({ length: classesOf(outputs) }, (_, i) => String(i)),
      description: `${size} examples of uniform noise in [0, 1) with random labels, as the seed draws them: gradients to compare, nothing to learn`,
      dispose: () => tf.dispose([x, y]),
    };
  }
  const testSize = drawnTestSize(size);
  if (kind === 'shapes') {
    const problem = datasetFitProblem({ kind, size }, spec, outputs);
    if (problem) throw new DataError(problem);
    const { pixels, labels } = drawShapes(spec.input, size + testSize, seed);
    const { train, test } = splitDrawn(pixels, labels, spec, size, outputs);
    const [h, w, c] = spec.input;
    return {
      kind,
      ...train,
      test,
      classNames: [...SHAPE_CLASSES],
      description: `${size} images (${h}×${w}, ${c === 1 ? 'gray' : 'colour'}) of a circle or a square at a random place and size on noise, ${testSize} more held out`,
      dispose: () => tf.dispose([train.x, train.y, test.x, test.y]),
    };
  }
  const { xs, labels, classes } = synthetic(spec, outputs, size + testSize, seed);
  const { train, test } = splitDrawn(xs, labels, spec, size, outputs);
  return {
    kind,
    ...train,
    test,
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
    description:
      (spec.input.length === 3
        ? `${size} images of a bright square on faint noise; the label is which of ${classes} vertical bands holds the square`
        : `${size} random vectors; the label is the largest of ${classes} fixed random projections`) +
      `, ${testSize} more held out`,
    dispose: () => tf.dispose([train.x, train.y, test.x, test.y]),
  };
}

/**
 * Any dataset: MNIST's digits are read first (`readDigit`), your own images come as decoded
 * (`ownImages`, held by the worker), the others are drawn.
 */
export async function loadDataset(
  choice: DatasetChoice,
  spec: ModelSpec,
  outputs: number,
  seed: number,
  readDigit?: DigitReader,
  ownImages?: OwnImages,
): Promise<Dataset> {
  if (choice.kind === 'images')
    return makeOwnImagesDataset(ownImages ?? [[], []], choice.classes, spec, outputs);
  if (choice.kind !== 'mnist') return makeDataset(choice.kind, spec, outputs, choice.size, seed);
  if (!readDigit) throw new DataError('MNIST cannot be read here: no digit reader was given');
  const files = new Map<number, Uint8Array>();
  for (const digit of digitsOf(choice.digits)) files.set(digit, await readDigit(digit));
  return makeMnistDataset(files, choice, spec, outputs);
}

/** The batch for a step: epochs walk a seeded permutation of the dataset, so twins share it. */
export function batchAt(dataset: Split, step: number, batchSize: number, seed: number): Batch {
  const size = Math.min(batchSize, dataset.size);
  const perEpoch = Math.floor(dataset.size / size);
  const epoch = Math.floor(step / perEpoch);
  const order = seededPermutation(dataset.size, seed * 7919 + epoch);
  const start = (step % perEpoch) * size;
  return tf.tidy(() => {
    const indices = tf.tensor1d(order.slice(start, start + size), 'int32');
    return { x: tf.gather(dataset.x, indices), y: tf.gather(dataset.y, indices) };
  });
}
