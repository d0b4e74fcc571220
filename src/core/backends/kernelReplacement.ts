// Swapping a tfjs kernel for one of ours on a backend, and putting the original back: the
// bookkeeping every replacement kernel shares.
import * as tf from '@tensorflow/tfjs';

/** The kernels replaced, per `kernelName/backendName`, so they can be put back. */
const replaced = new Map<string, tf.KernelConfig | undefined>();

/**
 * Makes `backendName` run `kernelFunc` for `kernelName`. Idempotent. `setupFunc` is for a
 * replacement that falls back to the stock kernel: wasm binds a kernel's C function in its
 * setupFunc, which the engine runs (in setBackend) only for the kernel registered then.
 */
export function replaceKernel(
  kernelName: string,
  backendName: string,
  kernelFunc: tf.KernelFunc,
  setupFunc?: tf.KernelConfig['setupFunc'],
): void {
  const current = tf.getKernel(kernelName, backendName);
  if (current?.kernelFunc === kernelFunc) return;
  // Unregister first: registerKernel would otherwise log an "already registered" warning.
  if (current != null) tf.unregisterKernel(kernelName, backendName);
  replaced.set(`${kernelName}/${backendName}`, current);
  tf.registerKernel({ kernelName, backendName, kernelFunc, setupFunc });
}

/**
 * Makes `backendName` run `kernelFunc` for `kernelName`, a kernel that hands the cases it does not
 * handle to the one it replaces (`replacedKernel`): registered with that kernel's setupFunc, so
 * wasm binds the C function the fallback calls. Idempotent.
 */
export function wrapKernel(kernelName: string, backendName: string, kernelFunc: tf.KernelFunc) {
  const current = tf.getKernel(kernelName, backendName);
  if (current == null)
    throw new Error(`${kernelName}: ${backendName} has no kernel to fall back to`);
  replaceKernel(kernelName, backendName, kernelFunc, current.setupFunc);
}

/** The kernel replaced for `kernelName` on `backendName`, while the replacement is registered. */
export function replacedKernel(kernelName: string, backendName: string): tf.KernelConfig {
  const kernel = replaced.get(`${kernelName}/${backendName}`);
  if (kernel == null) throw new Error(`${kernelName}: the replaced kernel was not kept`);
  return kernel;
}

/** Puts back the kernel that replaceKernel replaced (if there was one). */
export function restoreKernel(kernelName: string, backendName: string): void {
  const key = `${kernelName}/${backendName}`;
  if (!replaced.has(key)) return;
  const previous = replaced.get(key);
  replaced.delete(key);
  if (tf.getKernel(kernelName, backendName) != null) tf.unregisterKernel(kernelName, backendName);
  if (previous == null) return;
  tf.registerKernel(previous);
  // The engine runs kernels' setupFuncs only in setBackend. wasm's stock kernels bind their C
  // functions there, so if the backend started while ours was registered, the restored kernel
  // would throw "wasm… is not a function" until the next setBackend.
  const backend = tf.engine().registry[backendName] as tf.KernelBackend | undefined;
  if (backend != null) previous.setupFunc?.(backend);
}
