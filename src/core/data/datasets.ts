// The datasets a session trains on, drawn from a seed: the seed's random batch (noise with random
// labels: gradients to compare, nothing to learn) and synthetic data a model can learn.
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec';
import { randomBatch, type Batch } from './randomBatch';

export type DatasetKind = 'seed-random' | 'synthetic';

export interface Dataset {
  kind: DatasetKind;
  x: tf.Tensor;
  y: tf.Tensor;
  size: number;
  description: string;
  dispose(): void;
}

/** mulberry32: a small seeded PRNG, so a dataset is the same in Node, the worker and the CLI. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Images: a bright square on faint noise; its class is which of `classes` vertical bands it sits
 * in (left/right for two). Vectors: the class is the largest of `classes` fixed random
 * projections. Labels are one-hot for several outputs, 0/1 for one.
 */
function synthetic(spec: ModelSpec, outputs: number, size: number, seed: number) {
  const next = random(seed);
  const classes = Math.max(2, outputs);
  const perExample = spec.input.reduce((a, b) => a * b, 1);
  const xs = new Float32Array(size * perExample);
  const labels: number[] = [];
  const isImage = spec.input.length === 3;
  const projections = Array.from({ length: classes }, () =>
    Array.from({ length: perExample }, () => next() * 2 - 1),
  );
  for (let n = 0; n < size; n++) {
    const offset = n * perExample;
    for (let i = 0; i < perExample; i++) xs[offset + i] = next() * (isImage ? 0.3 : 1);
    if (isImage) {
      const [h, w, c] = spec.input;
      const label = Math.floor(next() * classes);
      const side = Math.max(1, Math.round(Math.min(h, w / classes) / 2));
      const bandWidth = w / classes;
      const left = Math.floor(label * bandWidth + next() * Math.max(0, bandWidth - side));
      const top = Math.floor(next() * (h - side + 1));
      for (let r = top; r < top + side; r++)
        for (let col = left; col < Math.min(w, left + side); col++)
          for (let ch = 0; ch < c; ch++) xs[offset + (r * w + col) * c + ch] = 1;
      labels.push(label);
    } else {
      const scores = projections.map((p) =>
        p.reduce((s, v, i) => s + v * (xs[offset + i] - 0.5), 0),
      );
      labels.push(scores.indexOf(Math.max(...scores)));
    }
  }
  return { xs, labels, classes };
}

export function makeDataset(
  kind: DatasetKind,
  spec: ModelSpec,
  outputs: number,
  size: number,
  seed: number,
): Dataset {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`dataset size must be a positive integer, got ${size}`);
  if (kind === 'seed-random') {
    const { x, y } = randomBatch(spec, outputs, size, seed);
    return {
      kind,
      x,
      y,
      size,
      description: `${size} examples of uniform noise in [0, 1) with random labels, as the seed draws them: gradients to compare, nothing to learn`,
      dispose: () => tf.dispose([x, y]),
    };
  }
  const { xs, labels, classes } = synthetic(spec, outputs, size, seed);
  const x = tf.tensor(xs, [size, ...spec.input]);
  const y = tf.tidy(() =>
    outputs === 1
      ? tf.tensor2d(labels, [size, 1])
      : tf.oneHot(tf.tensor1d(labels, 'int32'), outputs).toFloat(),
  );
  return {
    kind,
    x,
    y,
    size,
    description:
      spec.input.length === 3
        ? `${size} images of a bright square on faint noise; the label is which of ${classes} vertical bands holds the square`
        : `${size} random vectors; the label is the largest of ${classes} fixed random projections`,
    dispose: () => tf.dispose([x, y]),
  };
}

/** The batch for a step: epochs walk a seeded permutation of the dataset, so twins share it. */
export function batchAt(dataset: Dataset, step: number, batchSize: number, seed: number): Batch {
  const size = Math.min(batchSize, dataset.size);
  const perEpoch = Math.floor(dataset.size / size);
  const epoch = Math.floor(step / perEpoch);
  const order = [...Array(dataset.size).keys()];
  const next = random(seed * 7919 + epoch);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const start = (step % perEpoch) * size;
  return tf.tidy(() => {
    const indices = tf.tensor1d(order.slice(start, start + size), 'int32');
    return { x: tf.gather(dataset.x, indices), y: tf.gather(dataset.y, indices) };
  });
}
