// Picks a tfjs backend and makes it able to train a CNN: cpu's stock Conv2DBackpropFilter is
// very slow and wasm has none, so both get the replacement built from tfjs ops; wasm's stock
// Conv2DBackpropInput is a plain loop nest, so wasm gets that replacement too (cpu's is faster).
// Every backend's stock AvgPoolGrad is wrong wherever 'same' padding meets a window, and wasm's
// MaxPoolGrad loses the gradient of windows with no positive cell: those get replacements too.
// wasm sums over leading axes (every bias gradient) with a matMul, ~10× faster than its Sum, and
// its Identity shares the buffer as cpu's does (the engine clones every tensor the tape saves).
// cpu's stock MaxPoolGrad is right but 15–60× slower than ours (1.3–1.6 s against 85–89 ms on
// seed-cnn's first pool), so cpu — the last fallback — gets ours as well.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerAvgPoolGrad, restoreAvgPoolGrad } from './avgPoolGrad';
import { registerConv2dBackpropFilter } from './conv2dBackpropFilter';
import { registerConv2dBackpropInput } from './conv2dBackpropInput';
import { registerLeadingAxesSum } from './leadingAxesSum';
import { registerMaxPoolGrad, restoreMaxPoolGrad } from './maxPoolGrad';
import { registerSharedIdentity } from './sharedIdentity';

export type BackendName = 'cpu' | 'wasm' | 'webgl';

const BACKEND_NAMES: BackendName[] = ['cpu', 'wasm', 'webgl'];

function registerPoolGradKernels(name: BackendName): void {
  registerAvgPoolGrad(name);
  if (name !== 'webgl') registerMaxPoolGrad(name);
}

export async function useBackend(name: BackendName): Promise<void> {
  if (name !== 'webgl') registerConv2dBackpropFilter(name);
  if (name === 'wasm') {
    registerConv2dBackpropInput(name);
    registerLeadingAxesSum();
    registerSharedIdentity();
  }
  registerPoolGradKernels(name);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend could not start`);
  await tf.ready();
}

/**
 * With `stock`, puts tfjs's own (wrong) AvgPoolGrad and wasm MaxPoolGrad back on every backend,
 * so a check can be seen catching them; without, the replacements again. Idempotent. The conv
 * replacements stay, and the next useBackend call puts the pooling replacements back.
 */
export function useStockPoolKernels(stock: boolean): void {
  for (const name of BACKEND_NAMES) {
    if (stock) {
      restoreAvgPoolGrad(name);
      restoreMaxPoolGrad(name);
    } else {
      registerPoolGradKernels(name);
    }
  }
}
