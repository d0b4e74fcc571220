// Times tfjs's stock MaxPoolGrad and AvgPoolGrad kernels against the replacements on wasm and cpu
// for the seed CNN's three pooling layers (2x2, stride 2, 'valid', batch 32).
// Run: npx tsx bench/poolGrad.bench.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerAvgPoolGrad, restoreAvgPoolGrad } from '../src/core/backends/avgPoolGrad';
import { registerMaxPoolGrad, restoreMaxPoolGrad } from '../src/core/backends/maxPoolGrad';
import { fmt, median, relError, runKernel4D, startBackend, times } from './convKernelTiming';

tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner

type Quad = [number, number, number, number];

interface PoolLayer {
  name: string;
  x: Quad;
}

// conv1 [32,62,62,32] -> pool1, conv2 [32,29,29,32] -> pool2, conv3 [32,12,12,64] -> pool3.
const POOLS: PoolLayer[] = [
  { name: 'pool1', x: [32, 62, 62, 32] },
  { name: 'pool2', x: [32, 29, 29, 32] },
  { name: 'pool3', x: [32, 12, 12, 64] },
];

const ATTRS = { filterSize: 2, strides: 2, pad: 'valid' as const };

interface Kernel {
  name: typeof tf.MaxPoolGrad | typeof tf.AvgPoolGrad;
  register: (backend: string) => void;
  restore: (backend: string) => void;
}

const KERNELS: Kernel[] = [
  { name: tf.MaxPoolGrad, register: registerMaxPoolGrad, restore: restoreMaxPoolGrad },
  { name: tf.AvgPoolGrad, register: registerAvgPoolGrad, restore: restoreAvgPoolGrad },
];

/** Timed runs of the kernel registered for the backend, on the layer's random x and dy. */
function timeLayer(
  kernel: Kernel,
  layer: PoolLayer,
  runs: number,
): Promise<{ ms: number[]; out: Float32Array }> {
  return times(
    () => {
      const input = tf.randomNormal(layer.x, 0, 1, 'float32', 1) as tf.Tensor4D;
      const output = tf.maxPool(input, ATTRS.filterSize, ATTRS.strides, ATTRS.pad);
      const dy = tf.randomNormal(output.shape, 0, 1, 'float32', 2) as tf.Tensor4D;
      return { input, output, dy };
    },
    ({ input, output, dy }) =>
      kernel.name === tf.MaxPoolGrad
        ? runKernel4D(tf.MaxPoolGrad, { dy, input, output }, ATTRS)
        : runKernel4D(tf.AvgPoolGrad, { dy, input }, ATTRS),
    runs,
  );
}

const spread = (ms: number[]): string =>
  `${fmt(median(ms), 1)} [${fmt(Math.min(...ms), 1)}-${fmt(Math.max(...ms), 1)}]`;

async function main(): Promise<void> {
  for (const backend of ['wasm', 'cpu'] as const) {
    // Stock first: the backend starts (and runs the stock kernels' setupFuncs) with them registered.
    KERNELS.forEach((k) => k.restore(backend));
    await startBackend(backend);
    const runs = backend === 'cpu' ? 7 : 15;
    for (const kernel of KERNELS) {
      for (const layer of POOLS) {
        kernel.restore(backend);
        const stock = await timeLayer(kernel, layer, runs + 1);
        kernel.register(backend);
        const ours = await timeLayer(kernel, layer, runs + 1);
        kernel.restore(backend);
        // The first run pays for warm-up (allocation, JIT, wasm setup).
        const [s, o] = [stock.ms.slice(1), ours.ms.slice(1)];
        console.log(
          `${backend.padEnd(4)} ${kernel.name.padEnd(11)} ${layer.name} x[${layer.x}]: ` +
            `stock ${spread(s)}, ours ${spread(o)} (${(median(s) / median(o)).toFixed(2)}x), ` +
            `median [min-max] of ${runs}, rel. difference ${relError(ours.out, stock.out).toExponential(1)}`,
        );
      }
    }
  }
}

await main();
