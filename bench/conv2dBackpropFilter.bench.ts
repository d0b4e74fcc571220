// Times the op-composed Conv2DBackpropFilter on cpu and wasm for the cat/dog CNN's three conv
// layers, and the stock cpu kernel once on the smallest. Run: npx tsx bench/conv2dBackpropFilter.bench.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  registerConv2dBackpropFilter,
  restoreConv2dBackpropFilter,
} from '../src/core/backends/conv2dBackpropFilter';
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
function backpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, layer: Layer): tf.Tensor4D {
  const attrs: tf.Conv2DBackpropFilterAttrs = {
    strides: 1,
    pad: 'valid',
    dataFormat: 'NHWC',
    filterShape: layer.filter,
  };
  return runKernel4D(tf.Conv2DBackpropFilter, { x, dy }, attrs);
}

/** Timed runs of the registered kernel on the layer's random x and dy. */
function timeLayer(layer: Layer, runs: number): Promise<{ ms: number[]; out: Float32Array }> {
  return times(
    () => ({
      x: tf.randomNormal(layer.x, 0, 1, 'float32', 1) as tf.Tensor4D,
      dy: randomDy(layer),
    }),
    ({ x, dy }) => backpropFilter(x, dy, layer),
    runs,
  );
}

async function main(): Promise<void> {
  const smallest = LAYERS[2];
  await tf.setBackend('cpu');
  restoreConv2dBackpropFilter('cpu');
  // The stock kernel takes tens of seconds per layer: one run is enough.
  const stock = await timeLayer(smallest, 1);
  console.log(`cpu  stock    ${smallest.name} [${smallest.x}]: ${fmt(stock.ms[0])} (1 run)`);

  for (const backend of ['cpu', 'wasm'] as const) {
    registerConv2dBackpropFilter(backend);
    await startBackend(backend);
    const runs = backend === 'cpu' ? 5 : 15;
    for (const layer of LAYERS) {
      const { ms, out } = await timeLayer(layer, runs + 1);
      const steady = ms.slice(1); // the first run pays for warm-up (allocation, wasm setup)
      const note =
        layer === smallest
          ? `, rel. error vs stock ${relError(out, stock.out).toExponential(1)}`
          : '';
      console.log(
        `${backend.padEnd(4)} ops      ${layer.name} [${layer.x}]: median ${fmt(median(steady))} ` +
          `of ${runs} (first ${fmt(ms[0])})${note}`,
      );
    }
  }
}

await main();
