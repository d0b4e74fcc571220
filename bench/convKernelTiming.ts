// Timing shared by the conv backprop kernel benches (conv2dBackpropFilter.bench.ts,
// conv2dBackpropInput.bench.ts): the seed CNN's conv layers, timed runs, medians, backend start.
import * as tf from '@tensorflow/tfjs';

export interface Layer {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
}

// batch 32, 64x64x3 -> conv 32 3x3 valid -> maxpool 2 -> conv 32 3x3 -> pool -> conv 64 3x3.
export const LAYERS: Layer[] = [
  { name: 'conv1', x: [32, 64, 64, 3], filter: [3, 3, 3, 32] },
  { name: 'conv2', x: [32, 31, 31, 32], filter: [3, 3, 32, 32] },
  { name: 'conv3', x: [32, 14, 14, 32], filter: [3, 3, 32, 64] },
];

/** A random dy = dL/dOutput for the layer's 'valid', stride-1 conv (seed 2). */
export function randomDy(layer: Layer): tf.Tensor4D {
  const [n, h, w] = layer.x;
  const [fh, fw, , co] = layer.filter;
  return tf.randomNormal([n, h - fh + 1, w - fw + 1, co], 0, 1, 'float32', 2) as tf.Tensor4D;
}

/** Runs the kernel registered for the current backend as tfjs's own op would run it. */
export function runKernel4D(
  kernelName: string,
  inputs: tf.NamedTensorMap,
  attrs: object,
): tf.Tensor4D {
  return tf.engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor4D;
}

/**
 * Wall times in ms of `runs` calls of `op` on inputs made once by `makeInputs` (and disposed
 * after), plus the last result; reading the data back makes sure the work is finished.
 */
export async function times<T extends tf.NamedTensorMap>(
  makeInputs: () => T,
  op: (inputs: T) => tf.Tensor,
  runs: number,
): Promise<{ ms: number[]; out: Float32Array }> {
  const inputs = makeInputs();
  const ms: number[] = [];
  let out: Float32Array = new Float32Array(0);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const result = op(inputs);
    out = (await result.data()) as Float32Array;
    ms.push(performance.now() - start);
    result.dispose();
  }
  tf.dispose(Object.values(inputs));
  return { ms, out };
}

export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Seconds from 1 s on, else ms with `msDigits` decimals. */
export const fmt = (ms: number, msDigits = 0): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(msDigits)} ms`;

/** Max abs error relative to b's max abs value. */
export function relError(a: Float32Array, b: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / Math.max(scale, 1e-30);
}

/** Makes `backend` current and ready; on wasm, logs whether SIMD and threads are on. */
export async function startBackend(backend: 'cpu' | 'wasm'): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    console.log(`wasm SIMD ${simd}, threads ${threads}`);
  }
}
