// The presenter's step trace: its numbers are the vjp method's and the full tape's, its pictures
// are small, the model's weights stay as they were, and no tensor is left behind.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { norm } from '../../src/core/compare';
import { partsOf } from '../../src/core/cuts';
import { makeDataset } from '../../src/core/data/datasets';
import { randomBatch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { DROPOUT_MLP } from './models';
import { TrainingSession, type OptimizerName } from '../../src/core/train';
import {
  PICTURE_CHANNELS,
  PICTURE_SIDE,
  PICTURE_VALUES,
  traceStep,
  type TraceOptions,
} from '../../src/core/trace';

const toy = PRESETS['seed-toy'];
const context = { training: false, step: 0 };

function toySetup(cuts = toy.cuts) {
  const model = buildModel(toy.spec, 0);
  const batch = randomBatch(model.spec, 1, toy.batch, 0);
  const parts = partsOf(model.spec.input, model.shapes, cuts);
  return { model, batch, parts };
}

const sgd: TraceOptions = { optimizer: 'sgd', learningRate: 0.1, context };

describe('traceStep', () => {
  it("carries the vjp method's loss, upstream gradients and weight-gradient norms for seed-toy", async () => {
    const { model, batch, parts } = toySetup();
    const trace = await traceStep(model, batch, parts, sgd);
    const vjp = computeGradients('vjp', { model, batch, parts, context });
    try {
      expect(trace.parts.map((p) => p.name)).toEqual(['model_0', 'model_1', 'model_2']);
      expect(trace.cuts).toEqual([0, 1]);
      expect(trace.loss).toBeCloseTo(vjp.loss.dataSync()[0], 7);
      expect(trace.activations.map((a) => a.shape)).toEqual([
        [3, 9, 9, 6],
        [3, 8, 8, 6],
      ]);
      expect(trace.activations[0].bytes).toBe(3 * 9 * 9 * 6 * 4);
      expect(trace.prediction.shape).toEqual([3, 1]);
      expect(trace.upstream.map((u) => u.shape)).toEqual([
        [3, 9, 9, 6],
        [3, 8, 8, 6],
        [3, 1],
      ]);
      vjp.boundaryGrads.forEach((g, k) =>
        expect(trace.upstream[k].norm).toBeCloseTo(norm(g.dataSync()), 6),
      );
      vjp.weightGrads.forEach((g, i) =>
        expect(trace.weights[i].gradNorm).toBeCloseTo(norm(g.dataSync()), 6),
      );
      expect(trace.weights.map((w) => w.part)).toEqual([0, 0, 1, 1, 2, 2]);
      expect(trace.partGradNorms[2]).toBeCloseTo(
        Math.hypot(trace.weights[4].gradNorm, trace.weights[5].gradNorm),
        7,
      );
    } finally {
      tf.dispose([...tensorsOf(vjp), batch.x, batch.y]);
      model.dispose();
    }
  });

  it('dL/dŷ is the mse gradient 2(ŷ − y)/n of its prediction', async () => {
    const { model, batch, parts } = toySetup();
    const trace = await traceStep(model, batch, parts, sgd);
    const y = batch.y.dataSync();
    expect(trace.target).toEqual([y[0]]);
    const expected = Array.from(trace.prediction.picture.data, (p, i) => (2 * (p - y[i])) / 3);
    expect(Array.from(trace.upstream[2].picture.data)).toEqual(
      expected.map((v) => expect.closeTo(v, 6)),
    );
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('agrees with the full tape to float32 rounding at every weight and cut', async () => {
    const { model, batch, parts } = toySetup();
    const trace = await traceStep(model, batch, parts, sgd);
    for (const w of trace.weights) expect(w.maxAbsDiff).toBeLessThan(1e-6);
    for (const d of trace.upstreamMaxAbsDiff) expect(d).toBeLessThan(1e-6);
    expect(trace.upstreamMaxAbsDiff).toHaveLength(2);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('an SGD update on copies is −lr·g per weight and leaves the model untouched', async () => {
    const { model, batch, parts } = toySetup();
    const before = model.weights.map((w) => w.variable.read().dataSync().slice());
    const trace = await traceStep(model, batch, parts, sgd);
    model.weights.forEach((w, i) => expect(w.variable.read().dataSync()).toEqual(before[i]));
    for (const w of trace.weights) expect(w.updateNorm).toBeCloseTo(0.1 * w.gradNorm, 6);
    expect(trace.partUpdateNorms[0]).toBeCloseTo(0.1 * trace.partGradNorms[0], 6);
    // Adam's first step moves every weight with a gradient by about lr per element.
    const adam = await traceStep(model, batch, parts, {
      ...sgd,
      optimizer: 'adam',
      learningRate: 0.01,
    });
    const biasOf2 = adam.weights[5];
    expect(biasOf2.updateNorm).toBeCloseTo(0.01, 4);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('keeps pictures small: a few downsampled channels, vectors up to 256 values', async () => {
    const spec = {
      name: 'wide',
      input: [60, 60, 3],
      loss: 'mse',
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
        { type: 'flatten' },
        { type: 'dense', units: 1 },
      ],
    };
    const model = buildModel(spec, 0);
    const batch = randomBatch(model.spec, 1, 2, 0);
    const parts = partsOf(model.spec.input, model.shapes, [0, 1]);
    const trace = await traceStep(model, batch, parts, sgd);
    const [c, h, w] = trace.activations[0].picture.shape;
    expect(c).toBe(PICTURE_CHANNELS);
    expect(Math.max(h, w)).toBeLessThanOrEqual(PICTURE_SIDE);
    expect(trace.activations[1].picture.shape).toEqual([PICTURE_VALUES]);
    expect(trace.activations[1].shape).toEqual([2, 58 * 58 * 8]);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('leaves no tensor behind, with dropout on and for a part without weights', async () => {
    const { model, batch, parts } = toySetup([1, 2]);
    await traceStep(model, batch, parts, sgd);
    const before = tf.memory().numTensors;
    const trace = await traceStep(model, batch, parts, {
      optimizer: 'momentum',
      learningRate: 0.1,
      context: { training: true, step: 3 },
    });
    expect(tf.memory().numTensors).toBe(before);
    // model_1 is the flatten alone: no weights, no update.
    expect(trace.partGradNorms[1]).toBe(0);
    expect(trace.partUpdateNorms[1]).toBe(0);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  for (const optimizer of ['momentum', 'adam'] as OptimizerName[])
    it(`${optimizer}: after 6 steps, the traced ΔW per weight is the next training step's, bit for bit`, async () => {
      // Dropout between the cuts: the trace must use the next step's masks as well as its batch.
      const spec = DROPOUT_MLP;
      const dataset = makeDataset('seed-random', spec, 1, 12, 2);
      const learningRate = 0.01;
      const session = new TrainingSession(spec, [0, 2], dataset, {
        optimizer,
        learningRate,
        batchSize: 3,
        seed: 4,
        twins: ['reference', 'vjp'],
        dropout: true,
      });
      for (let i = 0; i < 6; i++) session.trainStep();
      const vjp = session.twin('vjp')!;
      const before = vjp.model.weights.map((w) => w.variable.read().clone());
      const tensorsBefore = tf.memory().numTensors;
      const { batch, context } = session.nextBatch();
      expect(context).toEqual({ training: true, step: 6 });
      const options = { optimizer, learningRate, context };
      const trace = await traceStep(vjp.model, batch, session.parts, {
        ...options,
        optimizers: vjp.optimizers.map((o) => o.optimizer),
      });
      const firstStep = await traceStep(vjp.model, batch, session.parts, options);
      tf.dispose([batch.x, batch.y]);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      expect(trace.update.fromSession).toBe(true);

      const record = session.trainStep();
      expect(trace.loss).toBe(record.losses.vjp);
      const moved = vjp.model.weights.map((w, i) =>
        tf.tidy(() => tf.norm(tf.sub(w.variable.read(), before[i])).dataSync()[0]),
      );
      expect(trace.weights.map((w) => w.updateNorm)).toEqual(moved);
      // A fresh optimizer's first step is another update: the check can fail.
      expect(firstStep.weights.map((w) => w.updateNorm)).not.toEqual(moved);
      tf.dispose(before);
      session.dispose();
      dataset.dispose();
    });
});
