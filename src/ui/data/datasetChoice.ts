// The dataset as the page chooses it: the picker's options, the choice each one makes, the
// checks a choice read from a URL or a file must pass, and the preset whose model fits it.
import {
  DEFAULT_MNIST_DIGITS,
  digitsOf,
  mnistDigitsProblem,
  trainingCountOf,
  type MnistDigits,
} from '../../core/data/mnistFormat';
import { DEFAULT_IMAGE_CLASSES, imageClassesProblem } from '../../core/data/imageLimits';
import type { DatasetChoice } from '../../worker/protocol';

/** The picker's entries: MNIST is two of them, a digit pair or all ten. */
export type DatasetOption =
  'seed-random' | 'synthetic' | 'shapes' | 'mnist-pair' | 'mnist-all' | 'images';

export const DATASET_OPTIONS: readonly { option: DatasetOption; label: string }[] = [
  { option: 'seed-random', label: "the seed's random batch (noise, random labels)" },
  { option: 'synthetic', label: 'synthetic squares (which band holds the square)' },
  { option: 'shapes', label: 'circles vs squares' },
  { option: 'mnist-pair', label: 'MNIST: one digit vs another' },
  { option: 'mnist-all', label: 'MNIST: all ten digits' },
  { option: 'images', label: 'your own images (two classes)' },
];

/** The most examples drawn from a seed (the worker's limit). */
export const MAX_DRAWN_SIZE = 4096;
/** Drawn data needs enough examples to learn from; the seed's batch is its own size. */
export const DRAWN_SIZE = 256;

export const optionOf = (choice: DatasetChoice): DatasetOption =>
  choice.kind === 'mnist' ? (choice.digits === 'all' ? 'mnist-all' : 'mnist-pair') : choice.kind;

/** MNIST's training images for these digits: the most a choice's `size` can ask for. */
export const mnistTrainingCount = (digits: MnistDigits) =>
  digitsOf(digits).reduce((n, d) => n + trainingCountOf(d), 0);

/**
 * The choice an option makes from the current one: the seed's batch is the batch size, other
 * drawn data keeps a drawn size (256 when coming from the batch), MNIST takes all its images
 * and keeps a chosen digit pair.
 */
export function choiceForOption(
  option: DatasetOption,
  current: DatasetChoice,
  batch: number,
): DatasetChoice {
  switch (option) {
    case 'seed-random':
      return { kind: 'seed-random', size: batch };
    case 'synthetic':
    case 'shapes': {
      const isDrawn = current.kind === 'synthetic' || current.kind === 'shapes';
      return { kind: option, size: isDrawn ? current.size : DRAWN_SIZE };
    }
    case 'mnist-pair':
      return {
        kind: 'mnist',
        digits:
          current.kind === 'mnist' && current.digits !== 'all'
            ? current.digits
            : DEFAULT_MNIST_DIGITS,
      };
    case 'mnist-all':
      return { kind: 'mnist', digits: 'all' };
    case 'images':
      return {
        kind: 'images',
        classes: current.kind === 'images' ? current.classes : [...DEFAULT_IMAGE_CLASSES],
      };
  }
}

/** Whether the worker holds examples out for accuracy (all but the seed's noise). */
export const hasHeldOut = (choice: DatasetChoice) => choice.kind !== 'seed-random';

/** The preset built for this data, when there is one. */
export function presetFor(choice: DatasetChoice): string | null {
  if (choice.kind === 'mnist')
    return choice.digits === 'all' ? 'seed-cnn-28-digits' : 'seed-cnn-28';
  if (choice.kind === 'shapes') return 'seed-cnn-28';
  // 64×64 colour with one sigmoid unit: photographs keep their colour.
  if (choice.kind === 'images') return 'seed-cnn';
  return null;
}

export type DatasetRead =
  { ok: true; choice: DatasetChoice } | { ok: false; field: string; problem: string };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntegerIn = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * A choice from untrusted JSON (a URL or a file), rebuilt from the fields that passed, or the
 * field at fault and why. Files saved before MNIST (`{ kind, size }`) read as before.
 */
export function readDatasetChoice(value: unknown): DatasetRead {
  if (!isRecord(value)) return { ok: false, field: '', problem: 'must be an object' };
  const allowed =
    value.kind === 'mnist'
      ? ['kind', 'digits', 'size']
      : value.kind === 'images'
        ? ['kind', 'classes']
        : ['kind', 'size'];
  const extra = Object.keys(value).find((key) => !allowed.includes(key));
  if (extra !== undefined) return { ok: false, field: extra, problem: 'is not a dataset field' };
  switch (value.kind) {
    case 'seed-random':
    case 'synthetic':
    case 'shapes':
      return isIntegerIn(value.size, 1, MAX_DRAWN_SIZE)
        ? { ok: true, choice: { kind: value.kind, size: value.size } }
        : {
            ok: false,
            field: 'size',
            problem: `must be an integer from 1 to ${MAX_DRAWN_SIZE}, got ${JSON.stringify(value.size)}`,
          };
    case 'mnist': {
      const problem = mnistDigitsProblem(value.digits);
      if (problem) return { ok: false, field: 'digits', problem };
      const digits: MnistDigits =
        value.digits === 'all' ? 'all' : [...(value.digits as [number, number])];
      if (value.size === undefined) return { ok: true, choice: { kind: 'mnist', digits } };
      const most = mnistTrainingCount(digits);
      return isIntegerIn(value.size, 1, most)
        ? { ok: true, choice: { kind: 'mnist', digits, size: value.size } }
        : {
            ok: false,
            field: 'size',
            problem: `must be an integer from 1 to ${most} (the digits' training images), got ${JSON.stringify(value.size)}`,
          };
    }
    case 'images': {
      // Only the class names: the images themselves are never in a URL or a file.
      const problem = imageClassesProblem(value.classes);
      if (problem) return { ok: false, field: 'classes', problem };
      const [a, b] = value.classes as [string, string];
      return { ok: true, choice: { kind: 'images', classes: [a, b] } };
    }
    default:
      return {
        ok: false,
        field: 'kind',
        problem: `must be one of 'seed-random', 'synthetic', 'shapes', 'mnist', 'images', got ${JSON.stringify(value.kind)}`,
      };
  }
}
