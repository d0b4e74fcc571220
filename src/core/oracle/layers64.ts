// Every layer a spec can name, forward only, in float64 with plain loops: the oracle's model of
// what tfjs/Keras compute. Layouts are tfjs's (NHWC inputs, conv kernels [kh, kw, in, out],
// dense kernels [in, out]); 'same' padding puts the extra row/column at the end, as TensorFlow
// does; pooling windows see only cells inside the image (max ignores padding, average divides by
// the number of real cells). Written from those definitions, not from tfjs's code.
import type { LayerSpec, Padding } from '../spec';
import { activate64 } from './activations64';
import { size, type Tensor64 } from './tensor64';

const pair = (v: number | [number, number] | undefined, fallback: number): [number, number] =>
  v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : v;

/** Output length and padding before the first cell along one spatial axis. */
export function axisGeometry(length: number, window: number, stride: number, padding: Padding) {
  if (padding === 'valid') return { out: Math.floor((length - window) / stride) + 1, before: 0 };
  const out = Math.ceil(length / stride);
  const total = Math.max((out - 1) * stride + window - length, 0);
  return { out, before: Math.floor(total / 2) };
}

function conv2d64(
  x: Tensor64,
  kernel: Tensor64,
  bias: Tensor64 | undefined,
  strides: [number, number],
  padding: Padding,
): Tensor64 {
  const [n, h, w, cin] = x.shape;
  const [kh, kw, , cout] = kernel.shape;
  const rows = axisGeometry(h, kh, strides[0], padding);
  const cols = axisGeometry(w, kw, strides[1], padding);
  const out = new Float64Array(n * rows.out * cols.out * cout);
  const acc = new Float64Array(cout);
  const k = kernel.data;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < rows.out; oy++)
      for (let ox = 0; ox < cols.out; ox++) {
        if (bias) acc.set(bias.data);
        else acc.fill(0);
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * strides[0] - rows.before + ky;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * strides[1] - cols.before + kx;
            if (ix < 0 || ix >= w) continue;
            const xBase = ((b * h + iy) * w + ix) * cin;
            const kBase = (ky * kw + kx) * cin * cout;
            for (let ci = 0; ci < cin; ci++) {
              const xv = x.data[xBase + ci];
              const kRow = kBase + ci * cout;
              for (let co = 0; co < cout; co++) acc[co] += xv * k[kRow + co];
            }
          }
        }
        out.set(acc, ((b * rows.out + oy) * cols.out + ox) * cout);
      }
  return { shape: [n, rows.out, cols.out, cout], data: out };
}

function dense64(x: Tensor64, kernel: Tensor64, bias: Tensor64 | undefined): Tensor64 {
  const [n, inputs] = x.shape;
  const units = kernel.shape[1];
  const out = new Float64Array(n * units);
  for (let b = 0; b < n; b++) {
    const row = b * units;
    if (bias) out.set(bias.data, row);
    for (let i = 0; i < inputs; i++) {
      const xv = x.data[b * inputs + i];
      const kRow = i * units;
      for (let u = 0; u < units; u++) out[row + u] += xv * kernel.data[kRow + u];
    }
  }
  return { shape: [n, units], data: out };
}

function pool64(
  x: Tensor64,
  kind: 'max' | 'average',
  window: [number, number],
  strides: [number, number],
  padding: Padding,
): Tensor64 {
  const [n, h, w, c] = x.shape;
  const rows = axisGeometry(h, window[0], strides[0], padding);
  const cols = axisGeometry(w, window[1], strides[1], padding);
  const out = new Float64Array(n * rows.out * cols.out * c);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < rows.out; oy++)
      for (let ox = 0; ox < cols.out; ox++)
        for (let ch = 0; ch < c; ch++) {
          let max = -Infinity;
          let sum = 0;
          let count = 0;
          for (let ky = 0; ky < window[0]; ky++) {
            const iy = oy * strides[0] - rows.before + ky;
            if (iy < 0 || iy >= h) continue;
            for (let kx = 0; kx < window[1]; kx++) {
              const ix = ox * strides[1] - cols.before + kx;
              if (ix < 0 || ix >= w) continue;
              const v = x.data[((b * h + iy) * w + ix) * c + ch];
              max = Math.max(max, v);
              sum += v;
              count++;
            }
          }
          out[((b * rows.out + oy) * cols.out + ox) * c + ch] = kind === 'max' ? max : sum / count;
        }
  return { shape: [n, rows.out, cols.out, c], data: out };
}

function globalAveragePool64(x: Tensor64): Tensor64 {
  const [n, h, w, c] = x.shape;
  const out = new Float64Array(n * c);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h * w; i++)
      for (let ch = 0; ch < c; ch++) out[b * c + ch] += x.data[(b * h * w + i) * c + ch];
  for (let i = 0; i < out.length; i++) out[i] /= h * w;
  return { shape: [n, c], data: out };
}

/**
 * One layer's output. `params` are its weights in tfjs order (kernel, then bias when used);
 * `mask` is the dropout multiplier tfjs drew (0 or 1/(1 − rate) per element), when active.
 */
export function forwardLayer64(
  layer: LayerSpec,
  x: Tensor64,
  params: Tensor64[],
  mask?: Tensor64,
): Tensor64 {
  switch (layer.type) {
    case 'conv2d': {
      const out = conv2d64(
        x,
        params[0],
        params[1],
        pair(layer.strides, 1),
        layer.padding ?? 'valid',
      );
      return activate64(layer.activation ?? 'linear', out);
    }
    case 'dense':
      return activate64(layer.activation ?? 'linear', dense64(x, params[0], params[1]));
    case 'flatten':
      return { shape: [x.shape[0], size(x.shape.slice(1))], data: x.data };
    case 'activation':
      return activate64(layer.activation, x);
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const window = pair(layer.poolSize, 2);
      const strides = layer.strides === undefined ? window : pair(layer.strides, 2);
      const kind = layer.type === 'maxPooling2d' ? 'max' : 'average';
      return pool64(x, kind, window, strides, layer.padding ?? 'valid');
    }
    case 'globalAveragePooling2d':
      return globalAveragePool64(x);
    case 'dropout': {
      if (!mask) return x;
      const out = new Float64Array(x.data.length);
      for (let i = 0; i < out.length; i++) out[i] = x.data[i] * mask.data[i];
      return { shape: x.shape, data: out };
    }
  }
}
