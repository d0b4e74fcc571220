// The Jacobian method as steps (src/core/steps.ts): however it is driven, to the end at once or
// in slices with other tfjs work between them, it gives the same bits, allclose to the full tape.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { jacobianGradients, jacobianSteps } from '../../src/core/gradients/jacobian';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf, type GradientResult } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { compareMethods, compareMethodsSteps } from '../../src/core/report';
import { runStepsInSlices } from '../../src/core/steps';
import { compareArrays } from '../../src/core/compare';

const toy = PRESETS['seed-toy'];

/** A result's tensors as plain arrays, freeing them. */
function readOut(result: GradientResult): Float32Array[] {
  const tensors = tensorsOf(result);
  const arrays = tensors.map((t) => t.dataSync() as Float32Array);
  tf.dispose(tensors);
  return arrays;
}

describe('the Jacobian method as steps', () => {
  it.each([[[0, 1]], [[0]], [[2]], [[0, 1, 2, 3]]])(
    'driven in slices with other tfjs work between them, it gives bit for bit the synchronous result, allclose to the full tape (seed-toy, cuts %j)',
    async (cuts) => {
      const model = buildModel(toy.spec, 0);
      const batch = randomBatch(model.spec, 1, toy.batch, 0);
      const parts = partsOf(model.spec.input, model.shapes, cuts);
      const input = { model, batch, parts, context: { training: false, step: 0 } };
      const before = tf.memory().numTensors;
      const atOnce = readOut(jacobianGradients(input));
      let rows = 0;
      const sliced = await runStepsInSlices(jacobianSteps(input), {
        sliceMs: 0,
        // Between rows, another computation on the same engine, as the worker's messages may be.
        pause: async () => {
          // Now and then a whole method on its own tapes; always a new tensor or two.
          if (++rows % 250 === 0) tf.dispose(tensorsOf(computeGradients('vjp', input)));
          tf.tidy(() => {
            tf.randomNormal([(rows % 7) + 1, 3]).square();
          });
          await new Promise((resolve) => setImmediate(resolve));
        },
        isSuperseded: () => false,
      });
      const inSlices = readOut(sliced!);
      expect(tf.memory().numTensors).toBe(before);
      // One pause per Jacobian row: the output elements of every part that has something to do.
      const out = (p: (typeof parts)[number]) => toy.batch * p.outputShape.reduce((a, b) => a * b);
      expect(rows).toBe(parts.reduce((n, p) => n + out(p), 0));
      expect(inSlices).toHaveLength(atOnce.length);
      inSlices.forEach((a, i) =>
        expect(Buffer.from(a.buffer)).toEqual(Buffer.from(atOnce[i].buffer)),
      );
      // And both against tfjs's one tape (the reference) and the chained vjp.
      const reference = readOut(computeGradients('reference', input));
      const vjp = readOut(computeGradients('vjp', input));
      atOnce.forEach((a, i) => {
        expect(compareArrays(reference[i], a).allclose).toBe(true);
        expect(compareArrays(vjp[i], a).allclose).toBe(true);
      });
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    },
  );

  it('compareMethods run in slices reports what compareMethods reports at once, times aside', async () => {
    const model = buildModel(toy.spec, 0);
    const batch = randomBatch(model.spec, 1, toy.batch, 0);
    const options = {
      methods: ['reference' as const, 'vjp' as const, 'jacobian' as const],
      context: { training: false, step: 0 },
      fd64: { samplesPerTensor: 8, seed: 0 },
    };
    const atOnce = compareMethods(model, batch, toy.cuts, options);
    const inSlices = await runStepsInSlices(compareMethodsSteps(model, batch, toy.cuts, options), {
      sliceMs: 5,
      pause: () => new Promise((resolve) => setImmediate(resolve)),
      isSuperseded: () => false,
    });
    const withoutTimes = (r: typeof atOnce) => ({
      ...r,
      methods: r.methods.map((m) => ({ ...m, timeMs: 0 })),
      fd64: r.fd64 && { ...r.fd64, timeMs: 0 },
    });
    expect(withoutTimes(inSlices!)).toEqual(withoutTimes(atOnce));
    const jacobian = atOnce.methods.find((m) => m.method === 'jacobian')!;
    expect(jacobian.weightComparisons.every((c) => c.allclose)).toBe(true);
    expect(jacobian.boundaryComparisons.every((c) => c.allclose)).toBe(true);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
});
