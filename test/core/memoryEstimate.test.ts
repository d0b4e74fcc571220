// The memory estimate from shapes alone, held against what tfjs really allocates
// (tf.memory().numBytes, tf.profile's peak) on small models, and the refusal in words.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { makeDataset } from '../../src/core/data/datasets';
import { randomBatch } from '../../src/core/data/randomBatch';
import { recordParts } from '../../src/core/gradients/partForward';
import {
  MEMORY_BUDGET_BYTES,
  MemoryBudgetError,
  assertFitsMemory,
  estimateMemory,
} from '../../src/core/memoryEstimate';
import { buildModel } from '../../src/core/model';
import { PRESETS, seedCnnSpec } from '../../src/core/presets';
import { checkSpec, type ModelSpec } from '../../src/core/spec';
import { TrainingSession, type OptimizerName, type TwinName } from '../../src/core/train';
import { GLOBAL_POOL, KITCHEN_SINK } from './models';

/**
 * A whole step's estimate is within 1.5× of tfjs's measured peak, either way (0.72–0.90 of it
 * here); the forward tapes alone within 2× (0.59–0.88: small models' bookkeeping tensors).
 */
const FACTOR = 1.5;
const TAPE_FACTOR = 2;

const shapesOf = (spec: ModelSpec) => {
  const check = checkSpec(spec);
  if (!check.ok) throw new Error(`${spec.name} must be valid`);
  return check.shapes;
};

const cases: [string, ModelSpec, boolean][] = [
  ['seed-toy', PRESETS['seed-toy'].spec, false],
  ['colab-mlp', PRESETS['colab-mlp'].spec, false],
  ['kitchen-sink (dropout on)', KITCHEN_SINK, true],
  ['global-pool', GLOBAL_POOL, false],
  ['seed-cnn 32×32 (dropout on)', seedCnnSpec(32), true],
];

describe('memory estimate', () => {
  it.each(cases)(
    "%s: the activations are within 2× of the bytes tfjs's tapes keep for the batch",
    (_, spec, training) => {
      const model = buildModel(spec, 0);
      const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
      const batch = randomBatch(model.spec, outputs, 16, 0);
      const before = tf.memory().numBytes;
      const parts = partsOf(model.spec.input, model.shapes, []);
      const tapes = recordParts(model, batch.x, parts, { training, step: 1 });
      // The tapes' bytes plus the batch itself, which the estimate counts with the activations.
      const measured = tf.memory().numBytes - before + 4 * batch.x.size;
      tapes.forEach((tape) => tape.dispose());
      const estimate = estimateMemory(
        spec,
        model.shapes,
        { batch: 16, models: 1, optimizer: null, examples: 0 },
        training,
      );
      console.log(
        `${spec.name}: activations estimated ${estimate.activations}, measured ${measured}`,
      );
      expect(estimate.activations / measured).toBeGreaterThan(1 / TAPE_FACTOR);
      expect(estimate.activations / measured).toBeLessThan(TAPE_FACTOR);
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    },
  );

  const steps: [string, OptimizerName, ModelSpec, TwinName[]][] = [
    ['seed-toy', 'adam', PRESETS['seed-toy'].spec, []],
    ['kitchen-sink', 'momentum', KITCHEN_SINK, ['naive']],
    ['seed-cnn 32×32', 'adam', seedCnnSpec(32), []],
  ];
  it.each(steps)(
    '%s: a whole training step with %s peaks within 1.5× of the estimated total',
    async (_, optimizer, spec, twins) => {
      const shapes = shapesOf(spec);
      const outputs = shapes[shapes.length - 1].outputShape[0];
      const hyper = { optimizer, learningRate: 0.01, batchSize: 16, seed: 0, twins, dropout: true };
      const baseline = tf.memory().numBytes;
      const dataset = makeDataset('seed-random', spec, outputs, 64, 0);
      const session = new TrainingSession(spec, [0], dataset, hyper);
      // Two steps: the optimizer makes its slots in the first; both peaks count.
      const first = await tf.profile(() => void session.trainStep());
      const second = await tf.profile(() => void session.trainStep());
      const measured = Math.max(first.peakBytes, second.peakBytes) - baseline;
      const estimate = estimateMemory(spec, shapes, {
        batch: 16,
        models: 2 + twins.length,
        optimizer,
        examples: 64,
      });
      console.log(`${spec.name}: step estimated ${estimate.total}, peak measured ${measured}`);
      expect(estimate.total / measured).toBeGreaterThan(1 / FACTOR);
      expect(estimate.total / measured).toBeLessThan(FACTOR);
      session.dispose();
      dataset.dispose();
    },
  );

  it('refuses a 2000×2000×3 input with a 256-filter conv at batch 32, in words', () => {
    const spec: ModelSpec = {
      name: 'too-big',
      input: [2000, 2000, 3],
      loss: 'mse',
      layers: [
        { type: 'conv2d', filters: 256, kernelSize: 3, activation: 'relu' },
        { type: 'globalAveragePooling2d' },
        { type: 'dense', units: 1 },
      ],
    };
    const estimate = estimateMemory(spec, shapesOf(spec), {
      batch: 32,
      models: 2,
      optimizer: 'adam',
      examples: 256,
    });
    // The conv's output: 32 × 1998² × 256 floats, three buffers of it kept (product, biased
    // sum, relu), their gradients twice that.
    expect(estimate.activations).toBeGreaterThan(3 * 4 * 32 * 1998 ** 2 * 256);
    expect(estimate.total).toBeGreaterThan(1000 * MEMORY_BUDGET_BYTES);
    expect(() => assertFitsMemory(estimate, 'one training step')).toThrow(MemoryBudgetError);
    expect(() => assertFitsMemory(estimate, 'one training step')).toThrow(
      /^this model needs about 1\.1 TiB for one training step at batch 32 \(activations 366\.9 GiB, their gradients 731\.0 GiB, dataset 11\.4 GiB, weights 58\.0 KiB, optimizer state 116\.0 KiB, weight gradients 58\.0 KiB\); the notebook's limit is 1\.0 GiB: use a smaller input/,
    );
    expect(MEMORY_BUDGET_BYTES).toBe(2 ** 30);
  });

  it('lets the presets through', () => {
    for (const preset of Object.values(PRESETS)) {
      const estimate = estimateMemory(preset.spec, shapesOf(preset.spec), {
        batch: 32,
        models: 3,
        optimizer: 'adam',
        examples: 1024,
      });
      expect(() => assertFitsMemory(estimate, 'one training step')).not.toThrow();
    }
  });
});
