// Spec validation names the layer and field at fault; shape inference matches tfjs's own.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/core/model';
import { PRESETS, seedCnnSpec } from '../../src/core/presets';
import { checkSpec, type SpecProblem } from '../../src/core/spec';
import { GLOBAL_POOL, KITCHEN_SINK } from './models';

const toy = PRESETS['seed-toy'].spec;
const withLayers = (layers: unknown[], extra: object = {}) => ({ ...toy, layers, ...extra });
const problemsOf = (raw: unknown): SpecProblem[] => {
  const check = checkSpec(raw);
  return check.ok ? [] : check.problems;
};

describe('spec validation', () => {
  type Expected = { layer?: number; field?: string; message: RegExp };
  const cases: [string, unknown, Expected][] = [
    ['not an object', 42, { message: /JSON object/ }],
    ['no name', { ...toy, name: '' }, { field: 'name', message: /name/ }],
    ['a bad input shape', { ...toy, input: [10, 10] }, { field: 'input', message: /input/ }],
    [
      'an unknown loss',
      { ...toy, loss: 'hinge' },
      { field: 'loss', message: /loss must be one of/ },
    ],
    ['no layers', withLayers([]), { field: 'layers', message: /non-empty/ }],
    [
      'an unknown type',
      withLayers([{ type: 'lstm' }]),
      { layer: 0, field: 'type', message: /layer 0: unknown type 'lstm'/ },
    ],
    [
      'missing units',
      withLayers([{ type: 'flatten' }, { type: 'dense' }]),
      { layer: 1, field: 'units', message: /layer 1 \(dense\): units is missing/ },
    ],
    [
      'zero units',
      withLayers([{ type: 'flatten' }, { type: 'dense', units: 0 }]),
      { layer: 1, field: 'units', message: /units must be a positive integer/ },
    ],
    [
      'a fractional filter count',
      withLayers([{ type: 'conv2d', filters: 2.5, kernelSize: 2 }]),
      { layer: 0, field: 'filters', message: /filters must be a positive integer/ },
    ],
    [
      'a bad kernel size',
      withLayers([{ type: 'conv2d', filters: 2, kernelSize: [2] }]),
      { layer: 0, field: 'kernelSize', message: /kernelSize must be/ },
    ],
    [
      'a bad padding',
      withLayers([{ type: 'maxPooling2d', padding: 'full' }]),
      { layer: 0, field: 'padding', message: /padding must be 'valid' or 'same'/ },
    ],
    [
      'an unknown activation',
      withLayers([{ type: 'activation', activation: 'gelu' }]),
      { layer: 0, field: 'activation', message: /activation must be one of/ },
    ],
    [
      'a dropout rate of 1',
      withLayers([{ type: 'dropout', rate: 1 }]),
      { layer: 0, field: 'rate', message: /rate must be/ },
    ],
    [
      'an unknown field',
      withLayers([{ type: 'flatten', units: 3 }]),
      { layer: 0, field: 'units', message: /units is not a field of flatten/ },
    ],
    [
      'a kernel larger than its input',
      withLayers([{ type: 'conv2d', filters: 2, kernelSize: 11 }]),
      { layer: 0, field: 'kernelSize', message: /kernelSize 11×11 is larger than its input 10×10/ },
    ],
    [
      'a shape that collapses to 0',
      withLayers([
        { type: 'conv2d', filters: 2, kernelSize: 5, strides: 2 },
        { type: 'conv2d', filters: 2, kernelSize: 3 },
        { type: 'conv2d', filters: 2, kernelSize: 2 },
      ]),
      { layer: 2, message: /layer 2 \(conv2d\): kernelSize 2×2 is larger than its input 1×1/ },
    ],
    [
      'a pool collapsing its input',
      withLayers([
        { type: 'maxPooling2d', poolSize: 20, padding: 'same', strides: 1 },
        { type: 'maxPooling2d', poolSize: 11 },
      ]),
      { layer: 1, message: /poolSize 11×11 is larger/ },
    ],
    [
      'dense on an image',
      withLayers([{ type: 'dense', units: 3 }]),
      { layer: 0, message: /add a flatten layer/ },
    ],
    [
      'conv on a vector',
      withLayers([{ type: 'flatten' }, { type: 'conv2d', filters: 2, kernelSize: 2 }]),
      { layer: 1, message: /needs an image input/ },
    ],
    [
      'no vector at the end',
      withLayers([{ type: 'conv2d', filters: 2, kernelSize: 2 }]),
      { layer: 0, message: /must end in a vector/ },
    ],
    [
      'softmax classes < 2',
      withLayers([{ type: 'flatten' }, { type: 'dense', units: 1 }], {
        loss: 'categoricalCrossentropy',
      }),
      { field: 'loss', message: /at least 2 outputs/ },
    ],
    [
      'a model with no weights',
      { ...toy, input: [4], layers: [{ type: 'activation', activation: 'sigmoid' }] },
      {
        field: 'layers',
        message: /^the model has no weights to train: add a dense or conv2d layer/,
      },
    ],
    [
      'a dense layer of 1e300 units',
      { ...toy, input: [4], layers: [{ type: 'dense', units: 1e300 }] },
      { field: 'layers', message: /the model has 5\.00e\+300 weights, more than the 1e\+8/ },
    ],
    [
      'an image model of pooling and flatten only',
      withLayers([{ type: 'maxPooling2d' }, { type: 'flatten' }, { type: 'dropout', rate: 0.5 }]),
      { field: 'layers', message: /the model has no weights to train/ },
    ],
  ];
  it.each(cases)('rejects %s, saying where', (_, raw, expected) => {
    const problems = problemsOf(raw);
    expect(problems.length).toBeGreaterThan(0);
    const problem = problems.find((p) => expected.message.test(p.message));
    expect(problem, problems.map((p) => p.message).join('; ')).toBeDefined();
    if (expected.layer !== undefined) expect(problem!.layer).toBe(expected.layer);
    if (expected.field !== undefined) expect(problem!.field).toBe(expected.field);
  });

  it('reports every field problem at once', () => {
    const problems = problemsOf(withLayers([{ type: 'dense' }, { type: 'dropout', rate: 2 }]));
    expect(problems.map((p) => [p.layer, p.field])).toEqual([
      [0, 'units'],
      [1, 'rate'],
    ]);
  });

  it('buildModel refuses a broken spec with the same words', () => {
    expect(() => buildModel(withLayers([{ type: 'dense' }]))).toThrow(
      /layer 0 \(dense\): units is missing/,
    );
  });
});

describe('shape inference', () => {
  it('gives the seed-toy shapes and parameter counts', () => {
    const check = checkSpec(toy);
    if (!check.ok) throw new Error('seed-toy must be valid');
    expect(check.shapes.map((s) => s.outputShape)).toEqual([[9, 9, 6], [8, 8, 6], [384], [1], [1]]);
    expect(check.shapes.map((s) => s.paramCount)).toEqual([30, 150, 0, 385, 0]);
  });

  it.each([
    ['seed-toy', toy],
    ['seed-cnn 64', seedCnnSpec(64)],
    ['seed-cnn 37', seedCnnSpec(37)],
    ['colab-mlp', PRESETS['colab-mlp'].spec],
    ['kitchen-sink', KITCHEN_SINK],
    ['global-pool', GLOBAL_POOL],
  ])('agrees with tfjs on every layer of %s', (_, spec) => {
    const check = checkSpec(spec);
    if (!check.ok) throw new Error(check.problems[0].message);
    const model = buildModel(spec);
    model.layers.forEach((layer, i) => {
      const out = layer.outputShape as (number | null)[];
      expect(out.slice(1)).toEqual(check.shapes[i].outputShape);
      expect(layer.countParams()).toBe(check.shapes[i].paramCount);
    });
    model.dispose();
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(0);
  });
});
