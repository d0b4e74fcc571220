// The real worker. Vite sees `new Worker(new URL(...))` and bundles worker.ts (and tfjs) as
// its own chunk, which keeps tfjs out of the page's bundle.
import type { WorkerLike } from './workerClient';

export const createGradientWorker = (): WorkerLike =>
  new Worker(new URL('../../worker/worker.ts', import.meta.url), {
    type: 'module',
    name: 'splittape-gradients',
  });
