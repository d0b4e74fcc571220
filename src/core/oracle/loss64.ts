// The losses in float64, as tfjs computes them: mse is the mean over every element; the
// cross-entropies clip predictions to [ε, 1 − ε] with Keras's ε = 1e-7 (categorical first
// rescales each row to sum to 1), take the per-example loss, then the mean over the batch.
import type { LossName } from '../spec';
import type { Tensor64 } from './tensor64';

// The clipping bounds are float32 constants in tfjs (1 − 1e-7 rounds to 1 − 1.19e-7), and a
// clipped prediction's loss depends on the bound itself, so the oracle uses the same two numbers.
const LOW = Math.fround(1e-7);
const HIGH = Math.fround(1 - 1e-7);
const clip = (p: number) => Math.min(Math.max(p, LOW), HIGH);

export function loss64(loss: LossName, yTrue: Tensor64, yPred: Tensor64): number {
  const t = yTrue.data;
  const p = yPred.data;
  if (t.length !== p.length) throw new Error('labels and predictions differ in size');
  const width = yPred.shape[yPred.shape.length - 1];
  const rows = p.length / width;
  let total = 0;
  switch (loss) {
    case 'mse':
      for (let i = 0; i < p.length; i++) total += (p[i] - t[i]) ** 2;
      return total / p.length;
    case 'binaryCrossentropy':
      for (let i = 0; i < p.length; i++) {
        const q = clip(p[i]);
        total -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
      }
      // mean over each example's outputs, then over the batch: the mean over all elements.
      return total / p.length;
    case 'categoricalCrossentropy':
      for (let row = 0; row < p.length; row += width) {
        let sum = 0;
        for (let i = 0; i < width; i++) sum += p[row + i];
        for (let i = 0; i < width; i++) total -= t[row + i] * Math.log(clip(p[row + i] / sum));
      }
      return total / rows;
  }
}
