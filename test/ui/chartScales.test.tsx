// The scale helpers behind every chart: log floors for exact zeros, round ticks, thinning of
// long runs, and charts mounting one at a time.
import { describe, expect, it } from 'vitest';
import { downsample } from '../../src/ui/charts/downsample';
import {
  binaryTicks,
  clampForLog,
  describeLogValue,
  linearTicks,
  LOG_FLOOR,
  logDomain,
  logTicks,
  powerOfTenLabel,
} from '../../src/ui/charts/logScale';
import { requestMountTurn } from '../../src/ui/charts/mountTurns';

describe('log scales', () => {
  it('draws an exact zero on the floor and says so', () => {
    expect(clampForLog(0)).toBe(LOG_FLOOR);
    expect(clampForLog(3e-7)).toBe(3e-7);
    expect(describeLogValue(0, String)).toBe('0 exactly (drawn at 1e-12: log 0 is undefined)');
    expect(describeLogValue(2e-3, String)).toBe('0.002');
  });

  it('leaves a decade of room under the smallest value and labels the floor', () => {
    const domain = logDomain([LOG_FLOOR, 1e-5, 3e3]);
    expect(domain).toEqual([1e-13, 1e4]);
    const ticks = logTicks(domain);
    expect(ticks[0]).toBe(1e-12);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks.map(powerOfTenLabel)).toContain('1e-12');
  });

  it('puts byte ticks on powers of two', () => {
    expect(binaryTicks([1e4, 1e9])).toEqual([2 ** 15, 2 ** 20, 2 ** 25]);
    expect(binaryTicks([1e3, 1e6]).map((t) => Math.log2(t))).toEqual([10, 12, 14, 16, 18]);
  });

  it('covers a linear range with round ticks', () => {
    expect(linearTicks(-0.028, 0.039, 5)).toEqual([-0.04, -0.02, 0, 0.02, 0.04]);
  });
});

describe('downsample', () => {
  it('keeps the first and the last point and at most the limit', () => {
    const points = Array.from({ length: 1001 }, (_, i) => i);
    const kept = downsample(points, 11);
    expect(kept).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(downsample([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });
});

describe('mount turns', () => {
  it('grants one turn at a time, the next after the holder releases it', async () => {
    const granted: string[] = [];
    const releaseA = requestMountTurn(() => granted.push('a'));
    const releaseB = requestMountTurn(() => granted.push('b'));
    const withdrawC = requestMountTurn(() => granted.push('c'));
    withdrawC();
    expect(granted).toEqual(['a']);
    releaseA();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(granted).toEqual(['a', 'b']);
    releaseB();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(granted).toEqual(['a', 'b']);
  });
});
