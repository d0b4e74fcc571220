// Your own images: the limits the worker enforces and the page states, the checks made before
// and after a file is decoded, and the rule for class names. Pure TypeScript (no tfjs), so the
// page may import it.

export const IMAGE_LIMITS = {
  /** Images kept per class; files beyond are listed as skipped, never decoded. */
  perClass: 2000,
  /** Files larger than this are refused before decoding. */
  bytes: 20 * 1024 * 1024,
  /** Decoded width × height at most 4096 × 4096 (16.8 megapixels). */
  pixels: 4096 * 4096,
  /** Each class needs one image to train on and one to hold out. */
  minPerClass: 2,
  /** Files in one addImages message (a folder of many more is refused in words). */
  filesPerMessage: 10_000,
  /** Characters in a class name. */
  nameLength: 40,
} as const;

/** Images are kept as STORE_SIDE × STORE_SIDE RGB bytes and resized per model from there. */
export const STORE_SIDE = 64;
export const STORE_CHANNELS = 3;
export const STORE_VALUES = STORE_SIDE * STORE_SIDE * STORE_CHANNELS;
/** Files decoded between pauses for messages and progress events. */
export const DECODE_BATCH = 8;
/** The share of each class held out for accuracy (at least one image once a class has two). */
export const HELD_OUT_FRACTION = 0.2;
export const DEFAULT_IMAGE_CLASSES: [string, string] = ['class A', 'class B'];

export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** The limits in one sentence, as the Data cell and the README state them. */
export const IMAGE_LIMITS_TEXT =
  `at most ${IMAGE_LIMITS.perClass} images per class, each file at most ${megabytes(IMAGE_LIMITS.bytes)} ` +
  `and ${Math.sqrt(IMAGE_LIMITS.pixels)} × ${Math.sqrt(IMAGE_LIMITS.pixels)} pixels (16.8 megapixels)`;

/** Why a file is refused before decoding (by its size alone), or null. */
export function fileSizeProblem(bytes: number): string | null {
  if (bytes === 0) return 'empty file (0 bytes)';
  if (bytes > IMAGE_LIMITS.bytes)
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB is over the ${megabytes(IMAGE_LIMITS.bytes)} limit for one file`;
  return null;
}

/** Why a decoded image is refused for its size, or null. */
export function dimensionsProblem(width: number, height: number): string | null {
  if (width < 1 || height < 1) return `the image has no pixels (${width} × ${height})`;
  if (width * height > IMAGE_LIMITS.pixels)
    return `${width} × ${height} pixels (${((width * height) / 1e6).toFixed(1)} megapixels) is over the limit of 4096 × 4096 (16.8 megapixels)`;
  return null;
}

export const SKIPPED_OVER_COUNT = `skipped: a class keeps at most ${IMAGE_LIMITS.perClass} images`;

/** Why two class names cannot name your images, or null: each 1–40 characters, and different. */
export function imageClassesProblem(value: unknown): string | null {
  if (!Array.isArray(value) || value.length !== 2) return 'the classes must be a list of two names';
  for (const name of value)
    if (
      typeof name !== 'string' ||
      name.trim().length === 0 ||
      name.length > IMAGE_LIMITS.nameLength
    )
      return `a class name must be 1 to ${IMAGE_LIMITS.nameLength} characters`;
  if (value[0].trim() === value[1].trim()) return 'the two classes need different names';
  return null;
}

/** Held-out images for a class of `count`: 20 %, at least one from two images on, never all. */
export function heldOutCount(count: number): number {
  if (count < IMAGE_LIMITS.minPerClass) return 0;
  return Math.min(count - 1, Math.max(1, Math.round(count * HELD_OUT_FRACTION)));
}
