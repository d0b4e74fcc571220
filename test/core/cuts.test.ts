// Cut lists: which are valid, the parts they make, and the clear words for the ones that are not.
import { describe, expect, it } from 'vitest';
import { allCutSets, checkCuts, partsOf } from '../../src/core/cuts';
import { runCheck } from '../../src/core/check';
import { PRESETS } from '../../src/core/presets';
import { checkSpec } from '../../src/core/spec';

describe('cuts', () => {
  it.each([
    [[-1], /cut -1: a cut goes after a layer from 0 to 3/],
    [[4], /cut 4: a cut goes after a layer from 0 to 3/],
    [[1, 1], /cut 1 appears twice/],
    [[2, 1], /increasing order: 2 comes before 1/],
    [[0.5], /'0.5' is not a layer index/],
    [['1'], /'1' is not a layer index/],
    ['0,1', /cuts must be a list/],
  ])('rejects %j with a clear message', (cuts, message) => {
    expect(() => checkCuts(cuts, 5)).toThrow(message);
  });

  it('accepts any sorted set of gaps, including none', () => {
    expect(checkCuts([], 5)).toEqual([]);
    expect(checkCuts([0, 1, 2, 3], 5)).toEqual([0, 1, 2, 3]);
  });

  it('a one-layer model cannot be cut', () => {
    expect(() => checkCuts([0], 1)).toThrow(/cannot be cut/);
  });

  it('names the parts model_0 … model_k with their shapes and parameter counts', () => {
    const check = checkSpec(PRESETS['seed-toy'].spec);
    if (!check.ok) throw new Error('invalid');
    const parts = partsOf([10, 10, 1], check.shapes, [0, 1]);
    expect(parts).toEqual([
      {
        index: 0,
        name: 'model_0',
        firstLayer: 0,
        lastLayer: 0,
        inputShape: [10, 10, 1],
        outputShape: [9, 9, 6],
        paramCount: 30,
      },
      {
        index: 1,
        name: 'model_1',
        firstLayer: 1,
        lastLayer: 1,
        inputShape: [9, 9, 6],
        outputShape: [8, 8, 6],
        paramCount: 150,
      },
      {
        index: 2,
        name: 'model_2',
        firstLayer: 2,
        lastLayer: 4,
        inputShape: [8, 8, 6],
        outputShape: [1],
        paramCount: 385,
      },
    ]);
  });

  it('seed-toy has 16 cut sets', () => {
    expect(allCutSets(5)).toHaveLength(16);
    expect(new Set(allCutSets(5).map((c) => c.join())).size).toBe(16);
  });

  it('a bad cut reaches the user through runCheck as the same error', () => {
    expect(() => runCheck('seed-toy', { cuts: [4] })).toThrow(/cut 4/);
  });
});
