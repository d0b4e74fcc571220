// The model editor's pure parts: the field lists agree with checkSpec, typed text becomes draft
// values, and shapes are known up to the first layer at fault.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/core/presets';
import { checkSpec, LAYER_TYPES } from '../../../src/core/spec';
import {
  parseNumberText,
  parsePairText,
  parseShapeText,
  valueText,
} from '../../../src/ui/model/fieldText';
import { parseJsonText } from '../../../src/ui/model/jsonText';
import { LAYER_FIELDS, newLayer } from '../../../src/ui/model/layerFields';
import { layerConfigText } from '../../../src/ui/model/layerText';
import { shapesSoFar } from '../../../src/ui/model/shapesSoFar';

const sample = {
  integer: 2,
  rate: 0.25,
  pair: 2,
  activation: 'relu',
  padding: 'same',
  boolean: false,
};

describe('layer fields', () => {
  it.each(LAYER_TYPES)('%s: a new layer with every field filled in passes checkSpec', (type) => {
    const layer: Record<string, unknown> = { ...newLayer(type) };
    for (const field of LAYER_FIELDS[type]) layer[field.name] ??= sample[field.kind];
    const image = ['flatten', 'dense', 'dropout', 'activation'].includes(type) ? [8] : [8, 8, 3];
    // A dense head gives every spec weights to train (checkSpec refuses a model without).
    const layers = [
      layer,
      ...(type === 'flatten' || image.length === 1 ? [] : [{ type: 'flatten' }]),
      { type: 'dense', units: 1 },
    ];
    const check = checkSpec({ name: 't', input: image, loss: 'mse', layers });
    expect(check.ok ? [] : check.problems).toEqual([]);
  });

  it.each(LAYER_TYPES.filter((t) => LAYER_FIELDS[t].some((f) => f.required)))(
    '%s: leaving out a required field is what checkSpec calls missing',
    (type) => {
      for (const field of LAYER_FIELDS[type].filter((f) => f.required)) {
        const layer: Record<string, unknown> = { ...newLayer(type) };
        delete layer[field.name];
        const check = checkSpec({ name: 't', input: [8, 8, 3], loss: 'mse', layers: [layer] });
        expect(check.ok ? [] : check.problems).toContainEqual({
          layer: 0,
          field: field.name,
          message: `layer 0 (${type}): ${field.name} is missing`,
        });
      }
    },
  );
});

describe('field text', () => {
  it('turns typed text into draft values, keeping what does not parse', () => {
    expect(parseNumberText('')).toBeUndefined();
    expect(parseNumberText('0')).toBe(0);
    expect(parseNumberText('0.5')).toBe(0.5);
    expect(parsePairText('3')).toBe(3);
    expect(parsePairText('3,2')).toEqual([3, 2]);
    expect(parsePairText(' 3 , 2 ')).toEqual([3, 2]);
    expect(parsePairText('3,')).toBe('3,');
    expect(parseShapeText('10,10,1')).toEqual([10, 10, 1]);
    expect(parseShapeText('4')).toEqual([4]);
    expect(valueText([3, 2])).toBe('3,2');
    expect(valueText({ a: 1 })).toBe('{"a":1}');
  });

  it('says where JSON breaks, in lines and columns', () => {
    const result = parseJsonText('{\n  "a": 1,\n}');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/line 3/);
    expect(parseJsonText('{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
  });
});

describe('shapesSoFar', () => {
  it('gives every shape of a valid spec', () => {
    expect(shapesSoFar(PRESETS['seed-cnn'].spec)).toHaveLength(15);
  });

  it('stops before the first layer at fault', () => {
    const spec = structuredClone(PRESETS['seed-toy'].spec) as unknown as {
      layers: Record<string, unknown>[];
    };
    spec.layers[1].filters = -1;
    expect(shapesSoFar(spec).map((s) => s.outputShape)).toEqual([[9, 9, 6]]);
  });

  it('keeps the last layer’s shape when the only problem is how the model ends', () => {
    const spec = {
      name: 'x',
      input: [4, 4, 1],
      loss: 'mse',
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 2 }],
    };
    expect(checkSpec(spec).ok).toBe(false);
    expect(shapesSoFar(spec).map((s) => s.outputShape)).toEqual([[3, 3, 2]]);
  });

  it('has no shapes when the input is not a shape', () => {
    expect(shapesSoFar({ ...PRESETS['seed-toy'].spec, input: 'big' })).toEqual([]);
  });
});

describe('layerConfigText', () => {
  it('says the type and the settings that differ from the defaults', () => {
    expect(layerConfigText({ type: 'conv2d', filters: 6, kernelSize: 2, activation: 'relu' })).toBe(
      'conv2d 6 k2 relu',
    );
    expect(
      layerConfigText({
        type: 'conv2d',
        filters: 8,
        kernelSize: [3, 2],
        strides: 2,
        padding: 'same',
      }),
    ).toBe('conv2d 8 k3×2 s2 same');
    expect(layerConfigText({ type: 'maxPooling2d' })).toBe('maxPooling2d p2');
    expect(layerConfigText({ type: 'dense', units: 64, useBias: false })).toBe('dense 64 no bias');
    expect(layerConfigText({ type: 'dropout', rate: 0.5 })).toBe('dropout 0.5');
  });
});
