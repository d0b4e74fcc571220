// Accuracy on held-out examples: the scoring against hand-computed cases, and the training
// session scoring every twin every N steps on the test split, with bounded work and no leaks.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/core/data/datasets';
import { evaluateModel, predictedClass, scorePredictions } from '../../src/core/evaluate';
import { predict } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { TrainingSession } from '../../src/core/train';

describe('scoring predictions', () => {
  it('one sigmoid output: class 1 above 0.5, counted by hand', () => {
    // predicted 1, 0, 0, 1, 0 against labels 1, 0, 1, 1, 1: right at 0, 1 and 3.
    const score = scorePredictions([0.9, 0.2, 0.5, 0.51, 0.1], 1, [1, 0, 1, 1, 1], 2);
    expect(score.correct).toBe(3);
    expect(score.accuracy).toBeCloseTo(0.6, 12);
    expect(score.confusion).toEqual([
      [1, 0],
      [2, 2],
    ]);
    expect(score.mistakes).toEqual([
      { index: 2, label: 1, predicted: 0, output: [0.5] },
      { index: 4, label: 1, predicted: 0, output: [0.1] },
    ]);
  });

  it('several outputs: the argmax (the first on a tie), a 3×3 confusion matrix, mistakes kept up to a limit', () => {
    const outputs = [0.1, 0.7, 0.2, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6, 0.4, 0.4, 0.2];
    const score = scorePredictions(outputs, 3, [1, 2, 2, 1], 3, 1);
    expect(score.correct).toBe(2);
    expect(score.accuracy).toBe(0.5);
    expect(score.confusion).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [1, 0, 1],
    ]);
    expect(score.mistakes).toEqual([{ index: 1, label: 2, predicted: 0, output: [0.5, 0.3, 0.2] }]);
    expect(predictedClass([0.4, 0.4, 0.2])).toBe(0);
  });
});

describe('the training session evaluates its twins on held-out examples', () => {
  const spec = PRESETS['seed-toy'].spec;
  const hyper = {
    optimizer: 'adam' as const,
    learningRate: 0.01,
    batchSize: 8,
    seed: 0,
    twins: [],
    dropout: false,
  };

  it('every N steps, on at most the asked examples, the same for twins with the same weights', () => {
    const dataset = makeDataset('shapes', spec, 1, 64, 2);
    const session = new TrainingSession(spec, [0, 1], dataset, {
      ...hyper,
      evaluation: { every: 3, examples: 10, mistakes: 2 },
    });
    try {
      const records = Array.from({ length: 6 }, () => session.trainStep());
      expect(records.map((r) => r.evaluation?.step)).toEqual([
        undefined,
        undefined,
        3,
        undefined,
        undefined,
        6,
      ]);
      const evaluation = records[5].evaluation!;
      expect(evaluation.examples).toBe(10);
      expect(evaluation.classNames).toEqual(['circle', 'square']);
      const { reference, vjp } = evaluation.twins;
      expect(vjp!.accuracy).toBe(reference!.accuracy);
      expect(vjp!.confusion).toEqual(reference!.confusion);
      // The score against the model's own prediction, thresholded here.
      const model = session.twin('reference')!.model;
      const outputs = tf.tidy(() =>
        predict(model, dataset.test!.x.slice(0, 10), { training: false, step: 0 }).dataSync(),
      );
      const labels = dataset.test!.labels.subarray(0, 10);
      const correct = Array.from(labels).filter((l, n) => (outputs[n] > 0.5 ? 1 : 0) === l).length;
      expect(reference!.correct).toBe(correct);
      expect(reference!.accuracy).toBe(correct / 10);
      expect(reference!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10);
      expect(reference!.confusion[0][0] + reference!.confusion[1][1]).toBe(correct);
      expect(reference!.mistakes.length).toBe(Math.min(2, 10 - correct));
      for (const mistake of reference!.mistakes) {
        expect(mistake.predicted).not.toBe(mistake.label);
        expect(mistake.image.shape).toEqual([10, 10, 1]);
        expect(mistake.output[0]).toBeCloseTo(outputs[mistake.index], 6);
      }
    } finally {
      session.dispose();
      dataset.dispose();
    }
  });

  it('an evaluation in chunks leaves no tensor behind, and none is made for the seed noise', () => {
    const dataset = makeDataset('synthetic', spec, 1, 1200, 1);
    const session = new TrainingSession(spec, [1], dataset, {
      ...hyper,
      evaluation: { every: 1, examples: 1000 },
    });
    try {
      const before = tf.memory().numTensors;
      // 300 held out (a quarter of 1200), scored in chunks of 128.
      const evaluation = session.evaluate()!;
      expect(evaluation.examples).toBe(300);
      expect(evaluation.step).toBe(0);
      expect(tf.memory().numTensors).toBe(before);
      const direct = evaluateModel(session.twin('vjp')!.model, dataset.test!, 2, 300);
      expect(direct.accuracy).toBe(evaluation.twins.vjp!.accuracy);
    } finally {
      session.dispose();
      dataset.dispose();
    }
    const noise = makeDataset('seed-random', spec, 1, 8, 0);
    const quiet = new TrainingSession(spec, [1], noise, {
      ...hyper,
      evaluation: { every: 1, examples: 10 },
    });
    expect(quiet.trainStep().evaluation).toBeUndefined();
    quiet.dispose();
    noise.dispose();
  });

  it('refuses a nonsensical evaluation in words', () => {
    const dataset = makeDataset('shapes', spec, 1, 8, 0);
    expect(
      () =>
        new TrainingSession(spec, [1], dataset, {
          ...hyper,
          evaluation: { every: 0, examples: 5 },
        }),
    ).toThrow(/every N steps: N must be a positive integer, got 0/);
    dataset.dispose();
  });
});
