// The split editor's pure parts: cut-list moves, where a released handle lands, and the sizes
// crossing a cut, checked on hand-worked numbers.
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../../src/core/cuts';
import { PRESETS } from '../../../src/core/presets';
import { checkSpec } from '../../../src/core/spec';
import { formatBytes } from '../../../src/ui/format/numbers';
import {
  addCut,
  cutsThatFit,
  moveCut,
  nextFreeGap,
  removeCut,
} from '../../../src/ui/split/cutList';
import { cutSizesOf } from '../../../src/ui/split/cutSizes';
import { dropTargetOf, type Box } from '../../../src/ui/split/dropTarget';

describe('cut lists', () => {
  it('add, remove and move keep the list sorted and unique', () => {
    expect(addCut([1, 4], 2)).toEqual([1, 2, 4]);
    expect(addCut([1, 4], 4)).toEqual([1, 4]);
    expect(removeCut([1, 2, 4], 2)).toEqual([1, 4]);
    expect(moveCut([1, 4], 4, 0)).toEqual([0, 1]);
  });

  it('finds the next free gap in either direction, jumping over cuts', () => {
    expect(nextFreeGap([0, 1], 0, 1, 5)).toBe(2);
    expect(nextFreeGap([0, 1], 1, -1, 5)).toBeNull();
    expect(nextFreeGap([3], 3, 1, 5)).toBeNull();
    expect(nextFreeGap([1, 2, 3], 3, -1, 5)).toBe(0);
  });

  it('drops cuts a model cannot take', () => {
    expect(cutsThatFit([4, 1, 1, -1, 2.5, 3], 5)).toEqual([1, 3]);
  });
});

describe('dropTargetOf', () => {
  const strip: Box = { left: 0, top: 100, width: 600, height: 80 };
  const gaps = [0, 1, 2].map((gap) => ({
    gap,
    box: { left: 100 + 200 * gap, top: 100, width: 20, height: 80 },
  }));
  const all = () => true;

  it('picks the free gap whose centre is nearest, across wrapped rows too', () => {
    expect(dropTargetOf({ x: 290, y: 140 }, strip, gaps, all)).toEqual({ kind: 'gap', gap: 1 });
    expect(dropTargetOf({ x: 290, y: 140 }, strip, gaps, (g) => g !== 1)).toEqual({
      kind: 'gap',
      gap: 0,
    });
    const wrapped = [...gaps, { gap: 3, box: { left: 100, top: 400, width: 20, height: 80 } }];
    const tall = { ...strip, height: 400 };
    expect(dropTargetOf({ x: 110, y: 430 }, tall, wrapped, all)).toEqual({ kind: 'gap', gap: 3 });
  });

  it('removes only beyond 60 px above or below the strip', () => {
    expect(dropTargetOf({ x: 110, y: 40 }, strip, gaps, all)).toEqual({ kind: 'gap', gap: 0 });
    expect(dropTargetOf({ x: 110, y: 39 }, strip, gaps, all)).toEqual({ kind: 'remove' });
    expect(dropTargetOf({ x: 110, y: 240 }, strip, gaps, all)).toEqual({ kind: 'gap', gap: 0 });
    expect(dropTargetOf({ x: 110, y: 241 }, strip, gaps, all)).toEqual({ kind: 'remove' });
  });

  it('has nowhere to go when no gap is free', () => {
    expect(dropTargetOf({ x: 110, y: 140 }, strip, gaps, () => false)).toBeNull();
  });
});

describe('cutSizesOf', () => {
  it("gives seed-cnn's cut: 8×6×6×64 activations and the dense head's Jacobians", () => {
    const preset = PRESETS['seed-cnn'];
    const check = checkSpec(preset.spec);
    if (!check.ok) throw new Error('seed-cnn must be valid');
    const parts = partsOf(preset.spec.input, check.shapes, preset.cuts);
    const [size] = cutSizesOf(check.shapes, parts, preset.batch);
    expect(size).toMatchObject({
      cut: 8,
      before: 'model_0',
      after: 'model_1',
      shape: [8, 6, 6, 64],
      floats: 18_432,
      bytes: 73_728,
    });
    // model_1: in 2,304, out 1, parameters 2,304·64 + 64 + 64 + 1 = 147,585; the contraction's
    // largest product is the first dense kernel's Jacobian, 8 × 1 × 2,304·64.
    expect(size.jacobian.jacobianFloats).toBe(8 * 1 * (2_304 + 147_585));
    expect(size.jacobian.bytes).toBe(4 * (8 * 1 * (2_304 + 147_585) + 8 * 1 * 2_304 * 64));
    expect(formatBytes(size.bytes)).toBe('72.0 KiB');
    expect(formatBytes(size.jacobian.bytes)).toBe('9.1 MiB');
  });

  it('has no sizes for a model in one part', () => {
    const preset = PRESETS['colab-mlp'];
    const check = checkSpec(preset.spec);
    if (!check.ok) throw new Error('colab-mlp must be valid');
    expect(cutSizesOf(check.shapes, partsOf(preset.spec.input, check.shapes, []), 4)).toEqual([]);
  });
});
