// The live step plot's geometry and drawing without a browser: axes from the rows, values to
// pixels and back, and the canvas calls a redraw makes (recorded by a stand-in context).
import { describe, expect, it } from 'vitest';
import { drawStepSeries, type DrawnSeries } from '../../src/ui/charts/drawStepSeries';
import {
  nearestRow,
  stepAxes,
  xPixel,
  yPixel,
  type PlotArea,
  type StepRow,
} from '../../src/ui/charts/stepPlotScales';

const area: PlotArea = { left: 50, top: 10, width: 500, height: 200 };
const rows: StepRow[] = Array.from({ length: 11 }, (_, step) => ({
  step,
  a: 1 + step / 10,
  b: step % 2 === 0 ? 0.5 : undefined,
}));

describe('stepAxes', () => {
  it('spans the steps and rounds the values out to ticks', () => {
    const axes = stepAxes(rows, ['a', 'b']);
    expect(axes.x.domain).toEqual([0, 10]);
    expect(axes.x.ticks).toEqual([0, 2, 4, 6, 8, 10]);
    expect(axes.y.domain).toEqual([0.5, 2]);
    expect(axes.y.ticks).toEqual([0.5, 1, 1.5, 2]);
  });

  it('gives a single step and a flat series some room', () => {
    const axes = stepAxes([{ step: 4, a: 3 }], ['a']);
    expect(axes.x.domain).toEqual([4, 5]);
    expect(axes.y.domain[0]).toBeLessThan(3);
    expect(axes.y.domain[1]).toBeGreaterThan(3);
  });

  it('puts a log axis on powers of ten with the floor labelled', () => {
    const axes = stepAxes(
      [
        { step: 0, d: 1e-12 },
        { step: 1, d: 3e-9 },
      ],
      ['d'],
      true,
    );
    expect(axes.y.domain).toEqual([1e-13, 1e-8]);
    expect(axes.y.ticks).toContain(1e-12);
  });
});

describe('pixels', () => {
  const axes = stepAxes(rows, ['a']);

  it('maps the domain onto the plotting area, larger values higher up', () => {
    expect(xPixel(axes, area, 0)).toBe(50);
    expect(xPixel(axes, area, 10)).toBe(550);
    expect(yPixel(axes, area, axes.y.domain[0])).toBe(210);
    expect(yPixel(axes, area, axes.y.domain[1])).toBe(10);
  });

  it('finds the row nearest a pixel column', () => {
    expect(nearestRow(rows, axes, area, 50)).toBe(0);
    expect(nearestRow(rows, axes, area, xPixel(axes, area, 6.4))).toBe(6);
    expect(nearestRow(rows, axes, area, xPixel(axes, area, 6.6))).toBe(7);
    expect(nearestRow(rows, axes, area, 9999)).toBe(10);
    expect(nearestRow([], axes, area, 100)).toBe(-1);
  });
});

describe('drawStepSeries', () => {
  function recordingContext() {
    const calls: string[] = [];
    const context = new Proxy(
      {},
      {
        get: (_, name) =>
          name in {}
            ? undefined
            : (...args: unknown[]) => calls.push(`${String(name)}(${args.length})`),
        set: () => true,
      },
    );
    return { context: context as CanvasRenderingContext2D, calls };
  }
  const series: DrawnSeries[] = [
    { key: 'a', color: '#000', isUnderlay: true },
    { key: 'b', color: '#111', isDashed: true },
  ];

  it('draws one path per series through its points, skipping steps without a value', () => {
    const { context, calls } = recordingContext();
    const axes = stepAxes(rows, ['a', 'b']);
    drawStepSeries(
      context,
      { rows, series, axes, area, showDots: false },
      { width: 600, height: 260, pixelRatio: 2 },
    );
    const count = (name: string) => calls.filter((c) => c.startsWith(`${name}(`)).length;
    expect(count('stroke')).toBe(2);
    // a: 11 points; b: the 6 even steps.
    expect(count('moveTo')).toBe(2);
    expect(count('lineTo')).toBe(10 + 5);
    expect(count('arc')).toBe(0);
    expect(calls[0]).toBe('setTransform(6)');
  });

  it('adds a dot per point when asked', () => {
    const { context, calls } = recordingContext();
    const axes = stepAxes(rows, ['a', 'b']);
    drawStepSeries(
      context,
      { rows, series, axes, area, showDots: true },
      { width: 600, height: 260, pixelRatio: 1 },
    );
    expect(calls.filter((c) => c.startsWith('arc(')).length).toBe(11 + 6);
    expect(calls.filter((c) => c.startsWith('fill(')).length).toBe(2);
  });
});
