// No method leaves tensors behind: tf.memory().numTensors is unchanged after each one, when it
// succeeds, when a layer throws partway through its forward or its backward pass, and when the
// Jacobian's steps are abandoned between rows.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { computeGradients } from '../../src/core/gradients/methods';
import { METHODS, tensorsOf, type MethodName } from '../../src/core/gradients/types';
import { buildModel, type SplitModel } from '../../src/core/model';
import { PRESETS } from '../../src/core/presets';
import { jacobianSteps } from '../../src/core/gradients/jacobian';
import { compareMethods, compareMethodsSteps } from '../../src/core/report';
import { runStepsInSlices } from '../../src/core/steps';
import { KITCHEN_SINK } from './models';

type Failure = 'forward' | 'backward';

/**
 * Makes layer `layer` fail on its `call`-th use: in 'forward' its apply computes its output (so
 * the tape has recorded it) and then throws; in 'backward' the forward succeeds through an
 * identity whose gradient throws. Returns a function that restores the layer.
 */
function injectFailure(model: SplitModel, layer: number, failure: Failure, call: number) {
  const target = model.layers[layer];
  const apply = target.apply.bind(target);
  let calls = 0;
  const failingIdentity = tf.customGrad((...inputs) => ({
    value: tf.clone(inputs[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => {
      if (++calls === call) throw new Error('injected backward failure');
      return dy;
    },
  }));
  target.apply = ((inputs: tf.Tensor, kwargs?: Record<string, unknown>) => {
    const out = apply(inputs, kwargs) as tf.Tensor;
    if (failure === 'backward') return failingIdentity(out);
    if (++calls === call) throw new Error('injected forward failure');
    return out;
  }) as typeof target.apply;
  return () => {
    target.apply = apply as typeof target.apply;
  };
}

const toy = PRESETS['seed-toy'];

describe('tensor leaks', () => {
  it.each(METHODS)('%s disposes everything but what it returns', (method) => {
    for (const spec of [PRESETS['colab-mlp'].spec, KITCHEN_SINK]) {
      const model = buildModel(spec, 0);
      const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
      const batch = randomBatch(model.spec, outputs, 2, 0);
      const parts = partsOf(model.spec.input, model.shapes, [0, 2]);
      const before = tf.memory().numTensors;
      const result = computeGradients(method, {
        model,
        batch,
        parts,
        context: { training: true, step: 1 },
      });
      const returned = 2 + result.weightGrads.length + result.boundaryGrads.length;
      expect(tf.memory().numTensors).toBe(before + returned);
      tf.dispose(tensorsOf(result));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    }
  });

  // seed-toy cut [0, 1]: model_0 = conv, model_1 = conv, model_2 = flatten, dense, sigmoid.
  // A forward failure in the dense layer comes after two parts are recorded; a backward failure
  // in layer 0 comes after model_2's and model_1's gradients are gathered (for the Jacobian, on
  // its 5th VJP of model_0, with rows of ∂out_0/∂W_0 already filled).
  const cases: [MethodName, Failure, number, number][] = METHODS.flatMap((method) => [
    [method, 'forward', 3, 1] as [MethodName, Failure, number, number],
    [method, 'backward', 0, method === 'jacobian' ? 5 : 1] as [MethodName, Failure, number, number],
  ]);
  it.each(cases)(
    '%s leaks nothing when a %s pass fails partway (layer %i, call %i)',
    (method, failure, layer, call) => {
      const model = buildModel(toy.spec, 0);
      const batch = randomBatch(model.spec, 1, toy.batch, 0);
      const parts = partsOf(model.spec.input, model.shapes, toy.cuts);
      const input = { model, batch, parts, context: { training: false, step: 0 } };
      const before = tf.memory().numTensors;
      const restore = injectFailure(model, layer, failure, call);
      expect(() => computeGradients(method, input)).toThrow(`injected ${failure} failure`);
      restore();
      expect(tf.memory().numTensors).toBe(before);
      // The engine is left clean: the next run succeeds and returns only its result.
      const result = computeGradients(method, input);
      tf.dispose(tensorsOf(result));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    },
  );

  // seed-toy cut [0, 1] has 2,613 Jacobian rows, in this order: model_2's 3, model_1's 1,152,
  // model_0's 1,458.
  it.each([2, 3, 500, 2000])(
    'an abandoned Jacobian pass leaks nothing (given up after %i rows)',
    (rowsDone) => {
      const model = buildModel(toy.spec, 0);
      const batch = randomBatch(model.spec, 1, toy.batch, 0);
      const parts = partsOf(model.spec.input, model.shapes, toy.cuts);
      const input = { model, batch, parts, context: { training: false, step: 0 } };
      const before = tf.memory().numTensors;
      const steps = jacobianSteps(input);
      for (let row = 0; row < rowsDone; row++) expect(steps.next().done).toBe(false);
      // Held between rows: the three tapes and whatever later parts have finished.
      expect(tf.memory().numTensors).toBeGreaterThan(before);
      steps.return(undefined as never);
      expect(tf.memory().numTensors).toBe(before);
      // The engine is left clean: the next run succeeds and returns only its result.
      const result = computeGradients('jacobian', input);
      tf.dispose(tensorsOf(result));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([batch.x, batch.y]);
      model.dispose();
    },
  );

  it('a comparison abandoned by the slice driver mid-Jacobian leaks nothing', async () => {
    const model = buildModel(toy.spec, 0);
    const batch = randomBatch(model.spec, 1, toy.batch, 0);
    const before = tf.memory().numTensors;
    let pauses = 0;
    const report = await runStepsInSlices(
      compareMethodsSteps(model, batch, toy.cuts, {
        methods: ['reference', 'vjp', 'jacobian'],
        context: { training: false, step: 0 },
        fd64: { samplesPerTensor: 4, seed: 0 },
      }),
      {
        sliceMs: 0,
        pause: () => new Promise((resolve) => setImmediate(resolve)),
        // Superseded at the 100th pause: after reference and vjp, inside the Jacobian.
        isSuperseded: () => ++pauses === 100,
      },
    );
    expect(report).toBeNull();
    expect(pauses).toBe(100);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });

  it('a refused Jacobian and a rejected cut list leak nothing either', () => {
    const model = buildModel(toy.spec, 0);
    const batch = randomBatch(model.spec, 1, 3, 0);
    const before = tf.memory().numTensors;
    compareMethods(model, batch, [0], {
      methods: ['jacobian'],
      context: { training: false, step: 0 },
      jacobianBudgetBytes: 10,
    });
    expect(() =>
      compareMethods(model, batch, [9], {
        methods: ['vjp'],
        context: { training: false, step: 0 },
      }),
    ).toThrow();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([batch.x, batch.y]);
    model.dispose();
  });
});
