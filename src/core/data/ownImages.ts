// Your own images as a dataset: two classes of decoded pixels (kept at 64×64 RGB by the worker),
// split per class by a fixed seeded shuffle into training and held-out images (20 %, at least
// one), then fitted to the model's input like MNIST (bilinear resize; luminance for one channel).
import * as tf from '@tensorflow/tfjs';
import { PRESETS } from '../presets';
import { checkSpec, type ModelSpec } from '../spec';
import { fitImagesToInput } from './fitImages';
import {
  IMAGE_LIMITS,
  STORE_CHANNELS,
  STORE_SIDE,
  STORE_VALUES,
  heldOutCount,
} from './imageLimits';
import { seededPermutation } from './seededRandom';
import { DataError, labelTensor, type Split } from './split';

/** One decoded image as the worker keeps it: its file name and STORE_VALUES bytes (RGB). */
export interface StoredImage {
  name: string;
  pixels: Uint8Array;
}

/** Class A's images, then class B's. */
export type OwnImages = readonly [readonly StoredImage[], readonly StoredImage[]];

/** The fixed order the split is drawn in, the same for every session seed. */
const ORDER_SEED = 20_241_109;

export interface OwnImagesDataset extends Split {
  kind: 'images';
  test: Split;
  classNames: string[];
  description: string;
  dispose(): void;
}

/** (class, index in its class) pairs of each split. */
export interface ImageSplit {
  train: [number, number][];
  test: [number, number][];
}

/**
 * Each class shuffled by `seed` on its own; its first heldOutCount(n) images are held out and
 * the rest train. The training pairs are then interleaved by one more shuffle, so the first
 * batch holds both classes.
 */
export function splitOwnImages(counts: readonly number[], seed = ORDER_SEED): ImageSplit {
  const train: [number, number][] = [];
  const test: [number, number][] = [];
  counts.forEach((count, k) => {
    const order = seededPermutation(count, seed + 31 * k);
    const held = heldOutCount(count);
    order.forEach((index, at) => (at < held ? test : train).push([k, index]));
  });
  const mixed = seededPermutation(train.length, seed + 1);
  return { train: mixed.map((at) => train[at]), test };
}

/** Presets with an image input and one or two outputs: the models your images fit. */
export function presetsForImages(): string[] {
  return Object.entries(PRESETS)
    .filter(([, preset]) => {
      const check = checkSpec(preset.spec);
      if (!check.ok) return false;
      const outputs = check.shapes[check.shapes.length - 1].outputShape[0];
      return isImageInput(preset.spec.input) && (outputs === 1 || outputs === 2);
    })
    .map(([name]) => name);
}

const isImageInput = (input: readonly number[]) =>
  input.length === 3 && (input[2] === 1 || input[2] === 3);

/** Why the model cannot learn two classes of images, in words naming a preset that fits; or null. */
export function ownImagesFitProblem(spec: ModelSpec, outputs: number): string | null {
  const fits = presetsForImages();
  const suggestion = fits.length > 0 ? `; the preset ${fits.join(' or ')} fits` : '';
  if (!isImageInput(spec.input))
    return `your images are pictures, but ${spec.name} takes [${spec.input.join(', ')}]: it needs an image input [height, width, 1 or 3 channels], and the images are resized to it${suggestion}`;
  if (outputs !== 1 && outputs !== 2)
    return `your images are two classes, but ${spec.name} ends in ${outputs} outputs: it needs one sigmoid unit (or two softmax units)${suggestion}`;
  return null;
}

/** Why these images cannot train yet (a class with fewer than two), or null. */
export function ownImagesCountProblem(
  images: OwnImages,
  classNames: readonly string[],
): string | null {
  const short = images.findIndex((list) => list.length < IMAGE_LIMITS.minPerClass);
  if (short < 0) return null;
  const have = images[short].length;
  const none = images.every((list) => list.length === 0);
  return none
    ? `no images of your own in this tab yet: drop at least ${IMAGE_LIMITS.minPerClass} per class into the two zones (images are never saved: after a reload or a loaded notebook, drop them again)`
    : `'${classNames[short]}' has ${have} image${have === 1 ? '' : 's'}: each class needs at least ${IMAGE_LIMITS.minPerClass} (one to train on, one held out)`;
}

/** The images of `pairs` as a [n, 64, 64, 3] tensor in [0, 1], fitted to `input`. */
function fitPairs(images: OwnImages, pairs: [number, number][], input: number[]): tf.Tensor {
  const values = new Float32Array(pairs.length * STORE_VALUES);
  pairs.forEach(([k, index], n) => {
    const bytes = images[k][index].pixels;
    for (let v = 0; v < STORE_VALUES; v++) values[n * STORE_VALUES + v] = bytes[v] / 255;
  });
  return tf.tidy(() =>
    fitImagesToInput(
      tf.tensor4d(values, [pairs.length, STORE_SIDE, STORE_SIDE, STORE_CHANNELS]),
      input,
    ),
  );
}

/** Class A (label 0) against class B (label 1), fitted to the model, or a DataError in words. */
export function makeOwnImagesDataset(
  images: OwnImages,
  classNames: readonly [string, string],
  spec: ModelSpec,
  outputs: number,
  seed = ORDER_SEED,
): OwnImagesDataset {
  const problem = ownImagesFitProblem(spec, outputs) ?? ownImagesCountProblem(images, classNames);
  if (problem) throw new DataError(problem);
  for (const list of images)
    for (const image of list)
      if (image.pixels.length !== STORE_VALUES)
        throw new DataError(
          `the image ${image.name} was not stored at ${STORE_SIDE}×${STORE_SIDE} RGB`,
        );
  const split = splitOwnImages(
    images.map((list) => list.length),
    seed,
  );
  const splitOf = (pairs: [number, number][]): Split => {
    const labels = Int32Array.from(pairs, ([k]) => k);
    return {
      x: fitPairs(images, pairs, spec.input),
      y: labelTensor(labels, outputs),
      labels,
      size: pairs.length,
    };
  };
  const train = splitOf(split.train);
  const test = splitOf(split.test);
  const [h, w, c] = spec.input;
  const fitted =
    (h !== STORE_SIDE || w !== STORE_SIDE
      ? `, resized (bilinear) to ${h}×${w} for ${spec.name}`
      : '') + (c === 1 ? ', as luminance' : '');
  return {
    kind: 'images',
    ...train,
    test,
    classNames: [...classNames],
    description:
      `${train.size} of your images of '${classNames[0]}' (label 0, ${images[0].length} in all) ` +
      `and '${classNames[1]}' (label 1, ${images[1].length}), kept in this tab at ` +
      `${STORE_SIDE}×${STORE_SIDE} colour${fitted}; ${test.size} more held out (20 % of each class)`,
    dispose: () => tf.dispose([train.x, train.y, test.x, test.y]),
  };
}
