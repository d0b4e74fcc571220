// Times tfjs's stock Conv2DBackpropInput kernel against the op-composed replacement on wasm and
// cpu for the cat/dog CNN's three conv layers. Run: npx tsx bench/conv2dBackpropInput.bench.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  registerConv2dBackpropInput,
  restoreConv2dBackpropInput,
} from '../src/core/backends/conv2dBackpropInput';
import {
  fmt,
  LAYERS,
  median,
  randomDy,
  relError,
  runKernel4D,
  startBackend,
  times,
  type Layer,
} from './convKernelTiming';

tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner

/** The kernel currently registered for the backend, run as tfjs's own op would run it. */
function backpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, layer: Layer): tf.Tensor4D {
  const attrs: tf.Conv2DBackpropInputAttrs = {
    strides: 1,
    pad: 'valid',
    dataFormat: 'NHWC',
    inputShape: layer.x,
  };
  return runKernel4D(tf.Conv2DBackpropInput, { dy, filter }, attrs);
}

/** Timed runs of the registered kernel on the layer's random dy and filter. */
function timeLayer(layer: Layer, runs: number): Promise<{ ms: number[]; out: Float32Array }> {
  return times(
    () => ({
      dy: randomDy(layer),
      filter: tf.randomNormal(layer.filter, 0, 1, 'float32', 3) as tf.Tensor4D,
    }),
    ({ dy, filter }) => backpropInput(dy, filter, layer),
    runs,
  );
}

async function main(): Promise<void> {
  for (const backend of ['wasm', 'cpu'] as const) {
    // Stock first: the backend starts (and runs the stock kernel's setupFunc) with it registered.
    restoreConv2dBackpropInput(backend);
    await startBackend(backend);
    const runs = backend === 'cpu' ? 5 : 15;
    for (const layer of LAYERS) {
      restoreConv2dBackpropInput(backend);
      const stock = await timeLayer(layer, runs + 1);
      registerConv2dBackpropInput(backend);
      const ops = await timeLayer(layer, runs + 1);
      // The first run pays for warm-up (allocation, wasm setup).
      const [s, o] = [median(stock.ms.slice(1)), median(ops.ms.slice(1))];
      console.log(
        `${backend.padEnd(4)} ${layer.name} x[${layer.x}] f[${layer.filter}]: stock ${fmt(s, 1)}, ` +
          `ops ${fmt(o, 1)} (${(s / o).toFixed(2)}x), medians of ${runs}, ` +
          `rel. error ${relError(ops.out, stock.out).toExponential(1)}`,
      );
    }
    restoreConv2dBackpropInput(backend);
  }
}

await main();
