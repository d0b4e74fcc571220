// Identity on wasm without the copy. tfjs's engine clones every tensor it saves for the backward
// pass (engine.clone runs the Identity kernel), and wasm's stock Identity copies the whole buffer
// where cpu's and webgl's share it: on a seed-cnn step that is ~12 copies of the activations,
// 3 of them the first conv's 16 MB output, and each copy stays alive until the gradient is done.
// Tensors are immutable and wasm's own Reshape already shares a buffer by reference count, so
// Identity can do the same (string tensors keep the stock kernel).
import * as tf from '@tensorflow/tfjs';
import { replacedKernel, restoreKernel, wrapKernel } from './kernelReplacement';

export const sharedIdentityKernelFunc: tf.KernelFunc = (args) => {
  const { x } = args.inputs as tf.IdentityInputs;
  if (x == null) throw new Error('Identity: missing input x');
  if (x.dtype === 'string') {
    return replacedKernel(tf.Identity, 'wasm').kernelFunc(args);
  }
  (args.backend as tf.KernelBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};

/** Makes wasm's Identity share its input's buffer. Idempotent. */
export function registerSharedIdentity(): void {
  wrapKernel(tf.Identity, 'wasm', sharedIdentityKernelFunc);
}

/** Puts wasm's stock (copying) Identity back. */
export function restoreSharedIdentity(): void {
  restoreKernel(tf.Identity, 'wasm');
}
