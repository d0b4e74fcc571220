// Times tfjs's stock Conv2DBackpropInput kernel against the op-composed replacement on wasm and
// cpu for the cat/dog CNN's three conv layers. Run: npx tsx bench/conv2dBackpropInput.bench.ts
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {
  registerConv2dBackpropInput,
  restoreConv2dBackpropInput,
} from '../src/core/backends/conv2dBackpropInput';

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
function backpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, layer: Layer): tf.Tensor4D {
  const attrs: tf.Conv2DBackpropInputAttrs = {
    strides: 1,
    pad: 'valid',
    dataFormat: 'NHWC',
    inputShape: layer.x,
  };
  return tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropInput,
      { dy, filter },
      attrs as unknown as tf.NamedAttrMap,
    ) as tf.Tensor4D;
}

function inputs(layer: Layer): { dy: tf.Tensor4D; filter: tf.Tensor4D } {
  const [n, h, w] = layer.x;
  const [fh, fw, , co] = layer.filter;
  return {
    dy: tf.randomNormal([n, h - fh + 1, w - fw + 1, co], 0, 1, 'float32', 2) as tf.Tensor4D,
    filter: tf.randomNormal(layer.filter, 0, 1, 'float32', 3) as tf.Tensor4D,
  };
}

/** Wall times in ms; reading the data back makes sure the work is finished. */
async function times(layer: Layer, runs: number): Promise<{ ms: number[]; out: Float32Array }> {
  const { dy, filter } = inputs(layer);
  const ms: number[] = [];
  let out: Float32Array = new Float32Array(0);
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const dx = backpropInput(dy, filter, layer);
    out = (await dx.data()) as Float32Array;
    ms.push(performance.now() - start);
    dx.dispose();
  }
  tf.dispose([dy, filter]);
  return { ms, out };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;

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
  for (const backend of ['wasm', 'cpu'] as const) {
    // Stock first: the backend starts (and runs the stock kernel's setupFunc) with it registered.
    restoreConv2dBackpropInput(backend);
    await tf.setBackend(backend);
    await tf.ready();
    if (backend === 'wasm') {
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
      console.log(`wasm SIMD ${simd}, threads ${threads}`);
    }
    const runs = backend === 'cpu' ? 5 : 15;
    for (const layer of LAYERS) {
      restoreConv2dBackpropInput(backend);
      const stock = await times(layer, runs + 1);
      registerConv2dBackpropInput(backend);
      const ops = await times(layer, runs + 1);
      // The first run pays for warm-up (allocation, wasm setup).
      const [s, o] = [median(stock.ms.slice(1)), median(ops.ms.slice(1))];
      console.log(
        `${backend.padEnd(4)} ${layer.name} x[${layer.x}] f[${layer.filter}]: stock ${fmt(s)}, ` +
          `ops ${fmt(o)} (${(s / o).toFixed(2)}x), medians of ${runs}, ` +
          `rel. error ${relError(ops.out, stock.out).toExponential(1)}`,
      );
    }
    restoreConv2dBackpropInput(backend);
  }
}

await main();
