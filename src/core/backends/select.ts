// Picks a tfjs backend and makes it able to train a CNN: cpu's stock Conv2DBackpropFilter is
// very slow and wasm has none, so both get the replacement built from tfjs ops; wasm's stock
// Conv2DBackpropInput is a plain loop nest, so wasm gets that replacement too (cpu's is faster).
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerConv2dBackpropFilter } from './conv2dBackpropFilter';
import { registerConv2dBackpropInput } from './conv2dBackpropInput';

export type BackendName = 'cpu' | 'wasm' | 'webgl';

export async function useBackend(name: BackendName): Promise<void> {
  if (name !== 'webgl') registerConv2dBackpropFilter(name);
  if (name === 'wasm') registerConv2dBackpropInput(name);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend could not start`);
  await tf.ready();
}
