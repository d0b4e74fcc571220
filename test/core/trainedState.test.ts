// A session's trained state out and back in: a fresh session given it takes exactly the step the
// saved one takes next (weights, optimizer state, step counter and so batch and dropout masks),
// a state that does not fit is refused in words naming the twin and tensor, and nothing leaks.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeDataset, type Dataset } from '../../src/core/data/datasets';
import { TrainingSession, type OptimizerName, type TrainingOptions } from '../../src/core/train';
import {
  TrainedStateError,
  exportTrainedState,
  importTrainedState,
} from '../../src/core/trainedState';
import { DROPOUT_MLP } from './models';

const SPEC = DROPOUT_MLP;
const CUTS = [0, 2];

const options = (optimizer: OptimizerName): TrainingOptions => ({
  optimizer,
  learningRate: optimizer === 'adam' ? 0.01 : 0.05,
  batchSize: 3,
  seed: 4,
  twins: ['reference', 'vjp', 'naive'],
  dropout: true,
});

const weightsOf = (session: TrainingSession) =>
  session.twins.map((t) => t.model.weights.map((w) => Array.from(w.variable.read().dataSync())));

function withDataset<T>(run: (dataset: Dataset) => Promise<T>): Promise<T> {
  const dataset = makeDataset('seed-random', SPEC, 1, 12, 2);
  return run(dataset).finally(() => dataset.dispose());
}

describe('the trained state of a session', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam'] as const)
    it(`${optimizer}: export after 7 steps, import into a fresh session, and the next 3 steps are identical bit for bit`, () =>
      withDataset(async (dataset) => {
        const tensorsBefore = tf.memory().numTensors;
        const saved = new TrainingSession(SPEC, CUTS, dataset, options(optimizer));
        for (let i = 0; i < 7; i++) saved.trainStep();
        const state = await exportTrainedState(saved);
        expect(state.step).toBe(7);
        expect(Object.keys(state.twins)).toEqual(['reference', 'vjp', 'naive']);
        // reference: one optimizer; split twins: one per part (all three parts have weights).
        expect(state.optimizers.reference).toHaveLength(1);
        expect(state.optimizers.vjp).toHaveLength(3);
        expect(state.optimizers.vjp![0].iterations).toBe(7);
        const slots = { sgd: 0, momentum: 2, adam: 4 }[optimizer];
        expect(state.optimizers.vjp![0].slots).toHaveLength(slots);
        const loaded = new TrainingSession(SPEC, CUTS, dataset, options(optimizer));
        await importTrainedState(loaded, state);
        expect(loaded.step).toBe(7);
        expect(weightsOf(loaded)).toEqual(weightsOf(saved));
        for (let i = 0; i < 3; i++) {
          const a = saved.trainStep();
          const b = loaded.trainStep();
          expect(b.step).toBe(a.step);
          expect(b.losses).toEqual(a.losses);
          expect(weightsOf(loaded)).toEqual(weightsOf(saved));
        }
        loaded.dispose();
        saved.dispose();
        expect(tf.memory().numTensors).toBe(tensorsBefore);
      }));

  it('without the saved optimizer state, Adam would take another step (the check can fail)', () =>
    withDataset(async (dataset) => {
      const saved = new TrainingSession(SPEC, CUTS, dataset, options('adam'));
      for (let i = 0; i < 5; i++) saved.trainStep();
      const state = await exportTrainedState(saved);
      const withoutMoments = {
        ...state,
        optimizers: Object.fromEntries(
          Object.entries(state.optimizers).map(([twin, list]) => [
            twin,
            list.map(() => ({
              iterations: 0,
              slots: [],
              accBeta: [0.9, 0.999] as [number, number],
            })),
          ]),
        ),
      };
      const loaded = new TrainingSession(SPEC, CUTS, dataset, options('adam'));
      await importTrainedState(loaded, withoutMoments);
      expect(weightsOf(loaded)).toEqual(weightsOf(saved));
      saved.trainStep();
      loaded.trainStep();
      expect(weightsOf(loaded)).not.toEqual(weightsOf(saved));
      saved.dispose();
      loaded.dispose();
    }));

  it('refuses a tensor of the wrong shape, naming twin, index, weight and shape, and keeps the weights', () =>
    withDataset(async (dataset) => {
      const saved = new TrainingSession(SPEC, CUTS, dataset, options('momentum'));
      saved.trainStep();
      const state = await exportTrainedState(saved);
      const target = new TrainingSession(SPEC, CUTS, dataset, options('momentum'));
      const before = weightsOf(target);
      const bad = structuredClone(state);
      bad.twins.vjp![3] = { shape: [8], data: new Float32Array(8) };
      const failure = await importTrainedState(target, bad).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TrainedStateError);
      expect((failure as Error).message).toBe(
        'twins.vjp[3].shape: must be [4], the shape of bias of layer 2 (dense), got [8]',
      );
      expect(weightsOf(target)).toEqual(before);
      expect(target.step).toBe(0);

      const missing = structuredClone(state);
      delete missing.twins.naive;
      await expect(importTrainedState(target, missing)).rejects.toThrow(
        'twins.naive: missing; the session trains it',
      );
      const fewerOptimizers = structuredClone(state);
      fewerOptimizers.optimizers.vjp!.pop();
      await expect(importTrainedState(target, fewerOptimizers)).rejects.toThrow(
        'optimizers.vjp: has 2 optimizers, the session has 3 (one per part with weights)',
      );
      const badSlot = structuredClone(state);
      badSlot.optimizers.reference![0].slots[1] = { shape: [1], data: new Float32Array(1) };
      await expect(importTrainedState(target, badSlot)).rejects.toThrow(
        'optimizers.reference[0].slots[1].shape: must be [8], got [1]',
      );
      expect(weightsOf(target)).toEqual(before);
      target.dispose();
      saved.dispose();
    }));
});
