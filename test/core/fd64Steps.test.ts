// The float64 check as steps (src/core/steps.ts): driven in slices, it gives the same bits as at
// once; abandoned part way, it leaves no tensor behind and the model as it was.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { randomBatch } from '../../src/core/data/randomBatch';
import { oracleInputOf, runFd64Steps } from '../../src/core/gradients/fd64Run';
import { buildModel } from '../../src/core/model';
import { fd64Gradients, fd64Steps } from '../../src/core/oracle/fd64';
import { PRESETS } from '../../src/core/presets';
import { compareMethods, compareMethodsSteps } from '../../src/core/report';
import { runStepsInSlices, type Steps } from '../../src/core/steps';

const toy = PRESETS['seed-toy'];
const context = { training: false, step: 0 };

/** Runs steps pausing at every yield; `stopAt` pauses in, it gives up. */
async function runPausing<T>(steps: Steps<T>, stopAt = Infinity) {
  let pauses = 0;
  const result = await runStepsInSlices(steps, {
    sliceMs: 0,
    pause: async () => {
      pauses++;
      // Other tfjs work between slices, as the worker's messages may bring.
      tf.tidy(() => {
        tf.randomNormal([(pauses % 5) + 1, 3]).square();
      });
      await new Promise((resolve) => setImmediate(resolve));
    },
    isSuperseded: () => pauses >= stopAt,
  });
  return { result, pauses };
}

const bits = (values: number[]) => Buffer.from(new Float64Array(values).buffer);

describe('the float64 check as steps', () => {
  it.each([
    ['seed-toy', [0, 1], 16],
    ['seed-toy', [2], 64],
    ['seed-toy', [0, 1, 2, 3], 4],
  ] as const)(
    'driven in slices, %s (cuts %j, %i samples a tensor) gives bit for bit the result at once, one pause per element',
    async (preset, cuts, samplesPerTensor) => {
      const { spec, batch: size } = PRESETS[preset];
      const model = buildModel(spec, 0);
      const batch = randomBatch(model.spec, 1, size, 0);
      const input = oracleInputOf(model, batch, context);
      const options = { cuts: [...cuts], samplesPerTensor, seed: 3 };
      const atOnce = fd64Gradients(input, options);
      const { result, pauses } = await runPausing(fd64Steps(input, options));
      const sliced = result!;
      // Two forward passes per element, and a pause after each element.
      expect(pauses).toBe(atOnce.evaluations / 2);
      expect(sliced.evaluations).toBe(atOnce.evaluations);
      expect(sliced.loss).toBe(atOnce.loss);
      for (const key of ['weights', 'boundaries'] as const) {
        expect(sliced[key]).toHaveLength(atOnce[key].length);
        sliced[key].forEach((g, i) => {
          expect(g.indices).toEqual(atOnce[key][i].indices);
          expect(bits(g.values)).toEqual(bits(atOnce[key][i].values));
        });
      }
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    },
  );

  it('abandoned part way, it frees every tensor and leaves the weights as they were', async () => {
    const model = buildModel(toy.spec, 0);
    const batch = randomBatch(model.spec, 1, toy.batch, 0);
    const weightsBefore = model.weights.map((w) => w.variable.read().dataSync().slice());
    const before = tf.memory().numTensors;
    const { result, pauses } = await runPausing(
      runFd64Steps(model, batch, toy.cuts, context, { samplesPerTensor: 16 }),
      10,
    );
    expect(result).toBeNull();
    expect(pauses).toBe(10);
    expect(tf.memory().numTensors).toBe(before);
    model.weights.forEach((w, i) =>
      expect(Buffer.from(w.variable.read().dataSync().buffer)).toEqual(
        Buffer.from(weightsBefore[i].buffer),
      ),
    );
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('a comparison abandoned inside its float64 check frees every tensor, and run again reports what compareMethods does', async () => {
    const model = buildModel(toy.spec, 0);
    const batch = randomBatch(model.spec, 1, toy.batch, 0);
    const options = {
      methods: ['reference' as const, 'vjp' as const, 'naive' as const],
      context,
      fd64: { samplesPerTensor: 16, seed: 0 },
    };
    const atOnce = compareMethods(model, batch, toy.cuts, options);
    const steps = () => compareMethodsSteps(model, batch, toy.cuts, options);
    const full = await runPausing(steps());
    // The last pauses are the float64 check's: one per element.
    const fd64Pauses = atOnce.fd64!.evaluations / 2;
    expect(full.pauses).toBeGreaterThan(fd64Pauses);
    const before = tf.memory().numTensors;
    const abandoned = await runPausing(steps(), full.pauses - Math.floor(fd64Pauses / 2));
    expect(abandoned.result).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
    const withoutTimes = (r: typeof atOnce) => ({
      ...r,
      methods: r.methods.map((m) => ({ ...m, timeMs: 0 })),
      fd64: r.fd64 && { ...r.fd64, timeMs: 0 },
    });
    expect(withoutTimes(full.result!)).toEqual(withoutTimes(atOnce));
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
});
