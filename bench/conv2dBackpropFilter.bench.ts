// Times the op-composed Conv2DBackpropFilter on cpu and wasm for the cat/dog CNN's three conv
// layers, and the stock cpu kernel once on the smallest. Run: npx tsx bench/conv2dBackpropFilter.bench.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  registerConv2dBackpropFilter,
  restoreConv2dBackpropFilter,
} from '../src/core/backends/conv2dBackpropFilter';

tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner

interface Layer {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
}

// batch 32, 64x64x3 -> conv 32 3x3 valid -> maxpool 2 -> conv 32 3x3 -> pool -> conv 64 3x3.
const LAYERS: Layer[] = [
  { name: 'conv1', x: [32, 64, 64, 3], filter: [3, 3, 3, 32] },
  { name: 'conv2', x: [32, 31, 31, 32], filter: [3, 3, 32, 32] },
  { name: 'conv3', x: [32, 14, 14, 32], filter: [3, 3, 32, 64] },
];

/** The kernel currently registered for the backend, run as tfjs's own op would run it. */
function backpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, layer: Layer): tf.Tensor4D {
  const attrs: tf.Conv2DBackpropFilterAttrs = {
    strides: 1,
    pad: 'valid',
    dataFormat: 'NHWC',
    filterShape: layer.filter,
  };
  const inputs = { x, dy };
  return tf
    .engine()
    .runKernel(tf.Conv2DBackpropFilter, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

function inputs(layer: Layer): { x: tf.Tensor4D; dy: tf.Tensor4D } {
  const [n, h, w] = layer.x;
  const [fh, fw, , co] = layer.filter;
  return {
    x: tf.randomNormal(layer.x, 0, 1, 'float32', 1) as tf.Tensor4D,
    dy: tf.randomNormal([n, h - fh + 1, w - fw + 1, co], 0, 1, 'float32', 2) as tf.Tensor4D,
  };
}

/** Wall times in ms; reading the data back makes sure the work is finished. */
async function times(layer: Layer, runs: number): Promise<{ ms: number[]; out: Float32Array }> {
  const { x, dy } = inputs(layer);
  const ms: number[] = [];
  let out: Float32Array = new Float32Array(0);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const dW = backpropFilter(x, dy, layer);
    out = (await dW.data()) as Float32Array;
    ms.push(performance.now() - start);
    dW.dispose();
  }
  tf.dispose([x, dy]);
  return { ms, out };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;

function relError(a: Float32Array, b: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return err / Math.max(scale, 1e-30);
}

async function main(): Promise<void> {
  const smallest = LAYERS[2];
  await tf.setBackend('cpu');
  restoreConv2dBackpropFilter('cpu');
  // The stock kernel takes tens of seconds per layer: one run is enough.
  const stock = await times(smallest, 1);
  console.log(`cpu  stock    ${smallest.name} [${smallest.x}]: ${fmt(stock.ms[0])} (1 run)`);

  for (const backend of ['cpu', 'wasm'] as const) {
    registerConv2dBackpropFilter(backend);
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      console.log(`wasm SIMD ${simd}, threads ${threads}`);
    }
    const runs = backend === 'cpu' ? 5 : 15;
    for (const layer of LAYERS) {
      const { ms, out } = await times(layer, runs + 1);
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
