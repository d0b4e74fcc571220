// The benchmark in a browser worker, on the backend the app would choose here.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../src/worker/backend';
import { benchCases, runBench } from '../measure';

tf.env().set('PROD', true);
const scope = self as unknown as DedicatedWorkerGlobalScope;
const log = (line: string) => scope.postMessage({ type: 'log', line });

try {
  const { backend, note } = await chooseBackend('auto');
  log(`browser worker backend: ${backend}${note ? ` (${note})` : ''}`);
  const steps = (model: string) => (model === 'seed-toy' ? 20 : backend === 'cpu' ? 3 : 8);
  const summary = await runBench(benchCases(steps), ['reference', 'vjp', 'jacobian'], log);
  scope.postMessage({
    type: 'done',
    rows: summary.rows.map((r) => ({ ...r, backend: `browser-${r.backend}` })),
  });
} catch (error) {
  scope.postMessage({ type: 'error', message: (error as Error).message });
}
