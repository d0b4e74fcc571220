// Training as one: the vjp twin follows the full-tape twin step for step; the naive twin does not.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/core/data/datasets';
import { PRESETS, seedCnnSpec } from '../../src/core/presets';
import type { ModelSpec } from '../../src/core/spec';
import { DivergenceError, TrainingSession, type TrainingOptions } from '../../src/core/train';

const options = (overrides: Partial<TrainingOptions> = {}): TrainingOptions => ({
  optimizer: 'sgd',
  learningRate: 0.1,
  batchSize: 3,
  seed: 0,
  twins: ['reference', 'vjp', 'naive'],
  dropout: false,
  ...overrides,
});

/** max |a − b| / max |a| over all weights of two twins. */
function relativeWeightDiff(session: TrainingSession, a: 'vjp' | 'naive') {
  const ref = session.twin('reference')!.model.weights;
  const other = session.twin(a)!.model.weights;
  return tf.tidy(() => {
    const diff = Math.max(
      ...ref.map(
        (w, i) => tf.max(tf.abs(tf.sub(w.variable.read(), other[i].variable.read()))).dataSync()[0],
      ),
    );
    const scale = Math.max(...ref.map((w) => tf.max(tf.abs(w.variable.read())).dataSync()[0]));
    return diff / scale;
  });
}

function train(
  spec: ModelSpec,
  cuts: number[],
  steps: number,
  overrides: Partial<TrainingOptions>,
) {
  const outputs = 1;
  const dataset = makeDataset('synthetic', spec, outputs, 24, 1);
  const session = new TrainingSession(spec, cuts, dataset, options(overrides));
  const records = [];
  for (let i = 0; i < steps; i++) records.push(session.trainStep());
  const result = {
    vjp: relativeWeightDiff(session, 'vjp'),
    naive: relativeWeightDiff(session, 'naive'),
    records,
  };
  session.dispose();
  dataset.dispose();
  return result;
}

describe('twins trained side by side', () => {
  it('200 SGD steps on seed-toy: vjp twin equals the reference twin, naive does not', () => {
    const { vjp, naive, records } = train(PRESETS['seed-toy'].spec, [0, 1], 200, {});
    expect(vjp).toBeLessThan(1e-5);
    expect(naive).toBeGreaterThan(1e-2);
    expect(records.every((r) => r.maxWeightDiff <= 1e-5)).toBe(true);
    expect(records[199].gradientErrors.vjp!.every((e) => e < 1e-5)).toBe(true);
    expect(records[199].losses.reference).toBeLessThan(records[0].losses.reference!);
  });

  it('200 Adam steps on seed-toy: the same', () => {
    const { vjp, naive } = train(PRESETS['seed-toy'].spec, [0, 1], 200, {
      optimizer: 'adam',
      learningRate: 0.01,
    });
    expect(vjp).toBeLessThan(1e-5);
    expect(naive).toBeGreaterThan(1e-2);
  });

  it('seed-cnn at 24×24 with dropout active and momentum: the same', () => {
    const { vjp, naive, records } = train(seedCnnSpec(24), [8], 25, {
      optimizer: 'momentum',
      learningRate: 0.01,
      dropout: true,
      batchSize: 4,
    });
    expect(vjp).toBeLessThan(1e-5);
    expect(naive).toBeGreaterThan(1e-3);
    expect(records.every((r) => Number.isFinite(r.losses.vjp))).toBe(true);
  });

  it('synthetic data is learnable: colab-mlp reaches 85 % accuracy', () => {
    const spec = PRESETS['colab-mlp'].spec;
    const dataset = makeDataset('synthetic', spec, 1, 256, 3);
    const session = new TrainingSession(
      spec,
      [1],
      dataset,
      options({ optimizer: 'adam', learningRate: 0.05, batchSize: 32, twins: [] }),
    );
    const records = Array.from({ length: 300 }, () => session.trainStep());
    const lastEpoch = records.slice(-8);
    const accuracy = lastEpoch.reduce((s, r) => s + r.accuracies.vjp!, 0) / lastEpoch.length;
    expect(accuracy).toBeGreaterThan(0.85);
    session.dispose();
    dataset.dispose();
  });

  it('leaks no tensors: the count after step 10 equals the count after step 500', () => {
    const spec = PRESETS['seed-toy'].spec;
    const dataset = makeDataset('seed-random', spec, 1, 12, 0);
    const session = new TrainingSession(
      spec,
      [0, 1],
      dataset,
      options({ optimizer: 'adam', learningRate: 0.001 }),
    );
    for (let i = 0; i < 10; i++) session.trainStep();
    const after10 = tf.memory().numTensors;
    for (let i = 10; i < 500; i++) session.trainStep();
    expect(tf.memory().numTensors).toBe(after10);
    session.dispose();
    dataset.dispose();
  });

  it('a NaN loss stops with the step and a likely cause, keeping the weights from before it', () => {
    const spec = PRESETS['colab-mlp'].spec;
    const dataset = makeDataset('synthetic', spec, 1, 16, 0);
    const session = new TrainingSession(
      { ...spec, layers: spec.layers.slice(0, 3) },
      [0],
      dataset,
      options({ learningRate: 1e30, twins: [] }),
    );
    let failure: unknown;
    let before: number[] = [];
    try {
      for (let i = 0; i < 50; i++) {
        before = Array.from(session.twin('vjp')!.model.weights[0].variable.read().dataSync());
        session.trainStep();
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(DivergenceError);
    expect((failure as Error).message).toMatch(
      /^step \d+: the reference twin's loss is no longer a finite number — learning rate 1e\+30 is probably too high/,
    );
    expect(Array.from(session.twin('vjp')!.model.weights[0].variable.read().dataSync())).toEqual(
      before,
    );
    session.dispose();
    dataset.dispose();
  });

  it('rejects bad options in words', () => {
    const spec = PRESETS['seed-toy'].spec;
    const dataset = makeDataset('seed-random', spec, 1, 3, 0);
    expect(() => new TrainingSession(spec, [0], dataset, options({ learningRate: -1 }))).toThrow(
      /learning rate must be a positive number/,
    );
    expect(() => new TrainingSession(spec, [0], dataset, options({ batchSize: 0 }))).toThrow(
      /batch size must be a positive integer/,
    );
    expect(() => new TrainingSession(spec, [9], dataset, options())).toThrow(/cut 9/);
    dataset.dispose();
  });
});
