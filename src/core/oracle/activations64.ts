// Every activation a spec can name, in float64, with tfjs/Keras's constants: elu's alpha 1,
// selu's scale and alpha from Klambauer et al. (2017), softmax over the last axis.
import type { ActivationName } from '../spec';
import type { Tensor64 } from './tensor64';

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

const elementwise: Record<Exclude<ActivationName, 'softmax'>, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)),
  // log(1 + e^x), written so that large |x| neither overflows nor loses digits.
  softplus: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
};

export function activate64(name: ActivationName, x: Tensor64): Tensor64 {
  if (name === 'linear') return x;
  const out = new Float64Array(x.data.length);
  if (name === 'softmax') {
    const width = x.shape[x.shape.length - 1];
    for (let row = 0; row < x.data.length; row += width) {
      let max = -Infinity;
      for (let i = 0; i < width; i++) max = Math.max(max, x.data[row + i]);
      let sum = 0;
      for (let i = 0; i < width; i++) sum += out[row + i] = Math.exp(x.data[row + i] - max);
      for (let i = 0; i < width; i++) out[row + i] /= sum;
    }
  } else {
    const f = elementwise[name];
    for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]);
  }
  return { shape: x.shape, data: out };
}
