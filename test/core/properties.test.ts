// Property tests on random small models: every generated spec passes checkSpec; for random cuts
// and dropout on or off, the chained VJPs equal the full tape bit for bit, no method leaves a
// tensor behind, and the Split cell's Jacobian sizes are the worker's own plan.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../src/core/cuts';
import { randomBatch } from '../../src/core/data/randomBatch';
import { planJacobians } from '../../src/core/gradients/jacobian';
import { computeGradients } from '../../src/core/gradients/methods';
import { tensorsOf, type MethodName } from '../../src/core/gradients/types';
import { buildModel } from '../../src/core/model';
import {
  ACTIVATIONS,
  LAYER_TYPES,
  checkSpec,
  type LayerSpec,
  type LossName,
  type ModelSpec,
} from '../../src/core/spec';
import { cutSizesOf } from '../../src/ui/split/cutSizes';

/** One layer's worth of random choices; the builder reads them against the current shape. */
const choice = fc.record({
  kind: fc.nat(99),
  a: fc.nat(99),
  b: fc.nat(99),
  c: fc.nat(99),
  flag: fc.boolean(),
  rate: fc.constantFrom(0, 0.25, 0.5),
});
type Choice = typeof choice extends fc.Arbitrary<infer T> ? T : never;

const drawn = fc.record({
  image: fc.boolean(),
  h: fc.integer({ min: 1, max: 8 }),
  w: fc.integer({ min: 1, max: 8 }),
  c: fc.integer({ min: 1, max: 2 }),
  n: fc.integer({ min: 1, max: 8 }),
  choices: fc.array(choice, { minLength: 1, maxLength: 5 }),
  loss: fc.constantFrom<LossName>('mse', 'binaryCrossentropy', 'categoricalCrossentropy'),
  cutMask: fc.nat(63),
  batch: fc.integer({ min: 1, max: 3 }),
  training: fc.boolean(),
  step: fc.nat(5),
  seed: fc.nat(20),
});
type Drawn = typeof drawn extends fc.Arbitrary<infer T> ? T : never;

/** Output length of a spatial axis (Keras's rule, written out again here on purpose). */
const length = (size: number, k: number, s: number, same: boolean) =>
  same ? Math.ceil(size / s) : Math.ceil((size - k + 1) / s);

/** The next layer for the current shape and its output shape, from one choice. */
function nextLayer(shape: number[], ch: Choice): [LayerSpec, number[]] {
  const activation = ACTIVATIONS[ch.c % ACTIVATIONS.length];
  if (shape.length === 3) {
    const [h, w, channels] = shape;
    const same = ch.flag;
    // A window fits the input under 'valid' padding; under 'same' any size up to 3 works.
    const kh = 1 + (ch.a % (same ? 3 : Math.min(h, 3)));
    const kw = 1 + (ch.b % (same ? 3 : Math.min(w, 3)));
    const stride = 1 + (ch.c % 2);
    const padding = same ? 'same' : 'valid';
    switch (ch.kind % 7) {
      case 0:
      case 1: {
        const filters = 1 + (ch.a % 3);
        const layer: LayerSpec = {
          type: 'conv2d',
          filters,
          kernelSize: [kh, kw],
          strides: stride,
          padding,
          activation,
          useBias: ch.b % 3 !== 0,
        };
        return [layer, [length(h, kh, stride, same), length(w, kw, stride, same), filters]];
      }
      case 2:
      case 3: {
        const type = ch.kind % 7 === 2 ? 'maxPooling2d' : 'averagePooling2d';
        const out = [length(h, kh, stride, same), length(w, kw, stride, same), channels];
        return [{ type, poolSize: [kh, kw], strides: stride, padding }, out];
      }
      case 4:
        return [{ type: 'activation', activation }, shape];
      case 5:
        return [{ type: 'dropout', rate: ch.rate }, shape];
      default:
        return ch.flag
          ? [{ type: 'flatten' }, [h * w * channels]]
          : [{ type: 'globalAveragePooling2d' }, [channels]];
    }
  }
  switch (ch.kind % 4) {
    case 0:
    case 1: {
      const units = 1 + (ch.a % 4);
      return [{ type: 'dense', units, activation, useBias: ch.b % 3 !== 0 }, [units]];
    }
    case 2:
      return [{ type: 'activation', activation }, shape];
    default:
      return [{ type: 'dropout', rate: ch.rate }, shape];
  }
}

/** A valid spec from the drawn choices: image layers, then a vector head with weights. */
function specOf(d: Drawn): ModelSpec {
  let shape = d.image ? [d.h, d.w, d.c] : [d.n];
  const layers: LayerSpec[] = [];
  for (const ch of d.choices) {
    const [layer, out] = nextLayer(shape, ch);
    layers.push(layer);
    shape = out;
  }
  if (shape.length === 3) {
    layers.push({ type: 'flatten' });
    shape = [shape[0] * shape[1] * shape[2]];
  }
  if (!layers.some((l) => l.type === 'dense' || l.type === 'conv2d')) {
    layers.push({ type: 'dense', units: 2 });
    shape = [2];
  }
  const loss = d.loss === 'categoricalCrossentropy' && shape[0] < 2 ? 'mse' : d.loss;
  return { name: 'random', input: d.image ? [d.h, d.w, d.c] : [d.n], loss, layers };
}

const cutsOf = (d: Drawn, layerCount: number) =>
  [...Array(Math.max(0, layerCount - 1)).keys()].filter((gap) => d.cutMask & (1 << gap));

const RUNS = 60;

/**
 * Elements where two arrays differ: maxAbsError 0 for the finite ones, and a NaN (a linear
 * output under categorical cross-entropy takes the log of a negative) only where the other has
 * one too.
 */
const differences = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).filter((x, i) => !(x === b[i] || (Number.isNaN(x) && Number.isNaN(b[i])))).length +
  Math.abs(a.length - b.length);

describe('random small models', () => {
  it('every generated spec passes checkSpec, and every layer type and loss is generated', () => {
    const types = new Set<string>();
    const losses = new Set<string>();
    fc.assert(
      fc.property(drawn, (d) => {
        const spec = specOf(d);
        const check = checkSpec(spec);
        expect(check.ok ? [] : check.problems).toEqual([]);
        expect(spec.layers.length).toBeLessThanOrEqual(7);
        spec.layers.forEach((l) => types.add(l.type));
        losses.add(spec.loss);
      }),
      { numRuns: 500, seed: 8 },
    );
    expect([...types].sort()).toEqual([...LAYER_TYPES].sort());
    expect(losses.size).toBe(3);
  });

  it('vjp equals the reference bit for bit, and no method leaves a tensor behind', () => {
    const methods: MethodName[] = ['reference', 'vjp', 'naive'];
    fc.assert(
      fc.property(drawn, (d) => {
        const spec = specOf(d);
        const model = buildModel(spec, d.seed);
        const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
        const batch = randomBatch(model.spec, outputs, d.batch, d.seed);
        const parts = partsOf(spec.input, model.shapes, cutsOf(d, spec.layers.length));
        const input = { model, batch, parts, context: { training: d.training, step: d.step } };
        const before = tf.memory().numTensors;
        try {
          const [reference, vjp, naive] = methods.map((m) => computeGradients(m, input));
          const returned = [reference, vjp, naive].flatMap(tensorsOf);
          expect(tf.memory().numTensors).toBe(before + returned.length);
          const pairs = [
            [reference.loss, vjp.loss],
            [reference.prediction, vjp.prediction],
            ...reference.weightGrads.map((g, i) => [g, vjp.weightGrads[i]]),
            ...reference.boundaryGrads.map((g, i) => [g, vjp.boundaryGrads[i]]),
          ];
          expect(vjp.boundaryGrads).toHaveLength(parts.length - 1);
          for (const [a, b] of pairs) expect(differences(a.dataSync(), b.dataSync())).toBe(0);
          expect(naive.weightGrads).toHaveLength(model.weights.length);
          tf.dispose(returned);
          expect(tf.memory().numTensors).toBe(before);
        } finally {
          tf.dispose([batch.x, batch.y]);
          model.dispose();
        }
      }),
      { numRuns: RUNS, seed: 8 },
    );
  });

  it("the Split cell's Jacobian sizes are the worker's budget plan at every cut", () => {
    fc.assert(
      fc.property(drawn, (d) => {
        const spec = specOf(d);
        const model = buildModel(spec, d.seed);
        try {
          // The pure plan reads weight shapes from the spec; tfjs must build the same ones.
          expect(model.weights.map((w) => w.shape)).toEqual(
            model.shapes.flatMap((s) => s.weightShapes.map((w) => w.shape)),
          );
          const parts = partsOf(spec.input, model.shapes, cutsOf(d, spec.layers.length));
          const plans = planJacobians(model, parts, d.batch);
          const sizes = cutSizesOf(model.shapes, parts, d.batch);
          expect(sizes).toHaveLength(parts.length - 1);
          sizes.forEach((size, k) => expect(size.jacobian).toEqual(plans[k + 1]));
        } finally {
          model.dispose();
        }
      }),
      { numRuns: RUNS, seed: 8 },
    );
  });
});
