// The benchmarks in a browser worker, on the backend the app would choose here: the step
// benchmark by default, or MNIST's time-to-accuracy when the page asks for it.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../src/worker/backend';
import { fetchMnistDigit } from '../../src/worker/mnistFetch';
import { benchCases, runBench } from '../measure';
import { runMnistBench, type MnistBenchOptions } from '../mnistRun';

/** What the page asks the worker to run: `{}` for the step benchmark. */
export interface BenchJob {
  mnist?: MnistBenchOptions;
}

tf.env().set('PROD', true);
const scope = self as unknown as DedicatedWorkerGlobalScope;
const log = (line: string) => scope.postMessage({ type: 'log', line });

async function run(job: BenchJob) {
  try {
    const { backend, note } = await chooseBackend('auto');
    log(`browser worker backend: ${backend}${note ? ` (${note})` : ''}`);
    if (job.mnist) {
      await runMnistBench(job.mnist, fetchMnistDigit, log);
      scope.postMessage({ type: 'done', rows: [] });
      return;
    }
    const steps = (model: string) => (model === 'seed-toy' ? 20 : backend === 'cpu' ? 3 : 8);
    const summary = await runBench(benchCases(steps), ['reference', 'vjp', 'jacobian'], log);
    scope.postMessage({
      type: 'done',
      rows: summary.rows.map((r) => ({ ...r, backend: `browser-${r.backend}` })),
    });
  } catch (error) {
    scope.postMessage({ type: 'error', message: (error as Error).message });
  }
}

scope.addEventListener('message', (event: MessageEvent<BenchJob>) => void run(event.data), {
  once: true,
});
