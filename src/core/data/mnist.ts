// MNIST digit pairs (a binary task) or all ten digits, from the converted files: a fixed split
// (the last 20 % of each digit's images held out), fitted to the model's input when it can be
// (bilinear resize, gray repeated into three channels, or flattened), refused in words when not.
import * as tf from '@tensorflow/tfjs';
import { PRESETS } from '../presets';
import { checkSpec, type ModelSpec } from '../spec';
import {
  MNIST_COUNTS,
  MNIST_PIXELS,
  MNIST_SIDE,
  PIXEL_VALUES,
  digitsOf,
  trainingCountOf,
  type MnistDigits,
} from './mnistFormat';
import { fitImagesToInput } from './fitImages';
import { seededPermutation } from './seededRandom';
import { DataError, labelTensor, type Split } from './split';

/** The fixed order examples are interleaved in, the same for every session seed. */
const ORDER_SEED = 20_240_901;

export interface MnistDataset extends Split {
  kind: 'mnist';
  test: Split;
  classNames: string[];
  description: string;
  dispose(): void;
}

/** Presets whose input is 28×28×1 and whose outputs fit `classes` classes. */
export function presetsFor(classes: number): string[] {
  return Object.entries(PRESETS)
    .filter(([, preset]) => {
      const check = checkSpec(preset.spec);
      if (!check.ok || preset.spec.input.join() !== [MNIST_SIDE, MNIST_SIDE, 1].join())
        return false;
      const outputs = check.shapes[check.shapes.length - 1].outputShape[0];
      return outputs === classes || (classes === 2 && outputs === 1);
    })
    .map(([name]) => name);
}

const suggestion = (classes: number) => {
  const names = presetsFor(classes);
  return names.length > 0 ? `; the preset ${names.join(' or ')} fits` : '';
};

/** Why the model cannot take these digits, or null when it can. */
export function mnistFitProblem(
  digits: MnistDigits,
  spec: ModelSpec,
  outputs: number,
): string | null {
  const classes = digitsOf(digits).length;
  const task =
    digits === 'all'
      ? 'all ten digits are a 10-class task'
      : `digits ${digits[0]} and ${digits[1]} are a binary task`;
  if (classes === 2 && outputs !== 1 && outputs !== 2)
    return `${task}, but ${spec.name} ends in ${outputs} outputs: it needs one sigmoid unit (or two softmax units)${suggestion(2)}`;
  if (classes === 10 && outputs !== 10)
    return `${task}, but ${spec.name} ends in ${outputs} output${outputs === 1 ? '' : 's'}: it needs 10 softmax units with categorical cross-entropy${suggestion(10)}`;
  const input = spec.input;
  const isImage = input.length === 3 && (input[2] === 1 || input[2] === 3);
  const isFlat = input.length === 1 && input[0] === MNIST_PIXELS;
  if (!isImage && !isFlat)
    return `MNIST digits are 28×28 gray images, but ${spec.name} takes [${input.join(', ')}]: it needs an image input [h, w, 1 or 3] (resized to fit) or a vector of ${MNIST_PIXELS}${suggestion(classes)}`;
  return null;
}

/** Gray 28×28 digits shaped for the model: resized, repeated into channels or flattened. */
function fitToInput(pixels: Float32Array, count: number, input: number[]): tf.Tensor {
  return tf.tidy(() =>
    fitImagesToInput(tf.tensor4d(pixels, [count, MNIST_SIDE, MNIST_SIDE, 1]), input),
  );
}

/** `files` holds each chosen digit's bytes (one byte a pixel, image after image). */
export function makeMnistDataset(
  files: Map<number, Uint8Array>,
  choice: { digits: MnistDigits; size?: number },
  spec: ModelSpec,
  outputs: number,
): MnistDataset {
  const problem = mnistFitProblem(choice.digits, spec, outputs);
  if (problem) throw new DataError(problem);
  const digits = digitsOf(choice.digits);
  // (digit, image) pairs of each split; class k is the k-th chosen digit.
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  for (const [k, digit] of digits.entries()) {
    const bytes = files.get(digit);
    if (!bytes || bytes.length !== MNIST_COUNTS[digit] * MNIST_PIXELS)
      throw new DataError(`the MNIST file for digit ${digit} is missing or truncated`);
    for (let i = 0; i < MNIST_COUNTS[digit]; i++)
      (i < trainingCountOf(digit) ? train : test).push([k, i]);
  }
  const size = choice.size ?? train.length;
  if (!Number.isInteger(size) || size < 1 || size > train.length)
    throw new DataError(
      `MNIST's ${digits.join(', ')} have ${train.length} training images: the size must be 1 to ${train.length}, got ${size}`,
    );
  const splitOf = (pairs: [number, number][], count: number, seed: number): Split => {
    const order = seededPermutation(pairs.length, seed).slice(0, count);
    const pixels = new Float32Array(count * MNIST_PIXELS);
    const labels = new Int32Array(count);
    order.forEach((at, n) => {
      const [k, image] = pairs[at];
      const bytes = files.get(digits[k])!;
      const offset = image * MNIST_PIXELS;
      for (let p = 0; p < MNIST_PIXELS; p++)
        pixels[n * MNIST_PIXELS + p] = PIXEL_VALUES[bytes[offset + p]];
      labels[n] = k;
    });
    return {
      x: fitToInput(pixels, count, spec.input),
      y: labelTensor(labels, outputs),
      labels,
      size: count,
    };
  };
  const trainSplit = splitOf(train, size, ORDER_SEED);
  const testSplit = splitOf(test, test.length, ORDER_SEED + 1);
  const names = digits.map(String);
  const [h, w, c] = spec.input;
  const fitted =
    spec.input.length === 1
      ? `, flattened to ${MNIST_PIXELS} numbers`
      : (h !== MNIST_SIDE || w !== MNIST_SIDE
          ? `, resized (bilinear) to ${h}×${w} for ${spec.name}`
          : '') + (c === 3 ? ', gray repeated into 3 channels' : '');
  const task =
    choice.digits === 'all'
      ? 'all ten digits (label = the digit)'
      : `the digits ${names[0]} (label 0) and ${names[1]} (label 1)`;
  return {
    kind: 'mnist',
    ...trainSplit,
    test: testSplit,
    classNames: names,
    description: `${size} MNIST images (28×28 gray${fitted}) of ${task}; ${testSplit.size} more held out (the last 20 % of each digit's images)`,
    dispose: () => tf.dispose([trainSplit.x, trainSplit.y, testSplit.x, testSplit.y]),
  };
}
