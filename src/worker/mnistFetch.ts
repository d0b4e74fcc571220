// The worker's MNIST reader: one digit's file fetched from the app's own origin (Vite serves
// public/mnist/ in development and copies it into the build), checked for its length.
import { DataError } from '../core/data/split';
import { MNIST_COUNTS, MNIST_PIXELS, mnistFileName } from '../core/data/mnistFormat';

export async function fetchMnistDigit(digit: number): Promise<Uint8Array> {
  const url = new URL(
    `${import.meta.env.BASE_URL}mnist/${mnistFileName(digit)}`,
    self.location.href,
  );
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DataError(
      `MNIST's digit ${digit} could not be fetched from ${url.pathname}: ${(error as Error).message}`,
    );
  }
  const bytes = response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  if (!bytes || bytes.length !== MNIST_COUNTS[digit] * MNIST_PIXELS)
    throw new DataError(
      `MNIST's digit ${digit} is not served at ${url.pathname} (${response.ok ? `${bytes?.length} bytes` : `HTTP ${response.status}`}): run \`npm run data:mnist\` before serving the app`,
    );
  return bytes;
}
