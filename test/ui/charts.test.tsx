// Every chart drawn at a fixed size (jsdom measures nothing), checked for its series, points,
// axis labels and legend — the things a learner reads off it.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CostChart } from '../../src/ui/charts/CostChart';
import { ErrorChart } from '../../src/ui/charts/ErrorChart';
import { GradientScatterChart, MAX_SCATTER_POINTS } from '../../src/ui/charts/GradientScatterChart';
import { LossChart } from '../../src/ui/charts/LossChart';
import { layerNorms, NormChart } from '../../src/ui/charts/NormChart';
import { MAX_POINTS } from '../../src/ui/charts/StepLineChart';
import { StepTimeChart } from '../../src/ui/charts/StepTimeChart';
import { WeightDiffChart } from '../../src/ui/charts/WeightDiffChart';
import type { CostPoint } from '../../src/worker/protocol';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';

const size = { width: 800, height: 360 };
/** jsdom builds a thousand and more SVG symbols in ~4 s alone, longer beside other work. */
const SLOW_SVG_MS = 20_000;
const all = (container: HTMLElement, selector: string) => [...container.querySelectorAll(selector)];
const texts = (container: HTMLElement, selector: string) =>
  all(container, selector).map((e) => e.textContent);

describe('ErrorChart', () => {
  it('draws one series per compared method with a point per weight tensor, on a log axis', () => {
    const { container } = render(<ErrorChart report={fixtureReport()} {...size} />);
    expect(all(container, '.recharts-line')).toHaveLength(3);
    expect(all(container, '.recharts-line-dot')).toHaveLength(3 * 6);
    expect(texts(container, '.recharts-legend-item-text')).toEqual([
      'vjp (chained)',
      'jacobian (seed answer)',
      'naive (separate tapes)',
    ]);
    const ticks = texts(container, '.recharts-cartesian-axis-tick-value');
    expect(ticks).toEqual(expect.arrayContaining(['dLoss_dWeights0', 'dLoss_dBias2', '1e-12']));
    expect(texts(container, '.recharts-label')).toEqual(
      expect.arrayContaining([
        'weight tensor (seed name)',
        'max relative error (no unit)',
        'rtol 1e-5',
      ]),
    );
    expect(all(container, '.recharts-reference-line')).toHaveLength(1);
  });

  it('says that exact zeros are drawn at 1e-12', () => {
    render(<ErrorChart report={fixtureReport()} {...size} />);
    expect(screen.getByText(/exactly 0 is drawn at 1e-12, since log 0 is undefined/)).toBeTruthy();
  });

  it('leaves a refused Jacobian out of the chart', () => {
    const { container } = render(
      <ErrorChart report={fixtureReport({ refuseJacobian: true })} {...size} />,
    );
    expect(all(container, '.recharts-line')).toHaveLength(2);
  });
});

describe('GradientScatterChart', () => {
  it('draws every element of a small tensor against the reference, with y = x', () => {
    const { container } = render(<GradientScatterChart report={fixtureReport()} {...size} />);
    // weight 0 is the [2, 2, 1, 6] kernel: 24 elements.
    expect(all(container, '.recharts-scatter-symbol')).toHaveLength(24);
    expect(texts(container, '.recharts-label')).toEqual(
      expect.arrayContaining([
        'y = x',
        'reference gradient element (dL/dθ)',
        'vjp gradient element',
      ]),
    );
    expect(texts(container, '.recharts-legend-item-text')).toEqual(['vjp (chained) vs reference']);
  });

  it(
    'switches tensor from the selector',
    () => {
      const { container } = render(<GradientScatterChart report={fixtureReport()} {...size} />);
      fireEvent.change(screen.getByLabelText('Tensor'), { target: { value: 'b1' } });
      // dLoss_dOut1 is [3, 8, 8, 6]: 1152 elements.
      expect(all(container, '.recharts-scatter-symbol')).toHaveLength(1152);
    },
    SLOW_SVG_MS,
  );

  it(
    'samples a tensor larger than the limit evenly and says how many it shows',
    () => {
      const report = fixtureReport();
      for (const m of report.methods)
        if (m.weights[4]) m.weights[4] = { shape: [5000, 1], data: new Float32Array(5000).fill(1) };
      const { container } = render(
        <GradientScatterChart report={report} initialTensor="w4" {...size} />,
      );
      expect(all(container, '.recharts-scatter-symbol')).toHaveLength(MAX_SCATTER_POINTS);
      expect(screen.getByText(/Showing 1,500 evenly spaced elements of 5,000/)).toBeTruthy();
    },
    SLOW_SVG_MS,
  );

  it('plots the naive method when chosen', () => {
    const { container } = render(<GradientScatterChart report={fixtureReport()} {...size} />);
    fireEvent.change(screen.getByLabelText('Method'), { target: { value: 'naive' } });
    expect(texts(container, '.recharts-legend-item-text')).toEqual([
      'naive (separate tapes) vs reference',
    ]);
  });
});

describe('NormChart', () => {
  it('draws a bar per weighted layer for reference, vjp and naive', () => {
    const { container } = render(<NormChart report={fixtureReport()} {...size} />);
    expect(all(container, '.recharts-bar-rectangle')).toHaveLength(3 * 3);
    expect(texts(container, '.recharts-legend-item-text')).toEqual([
      'reference (one tape)',
      'vjp (chained)',
      'naive (separate tapes)',
    ]);
    expect(texts(container, '.recharts-cartesian-axis-tick-value')).toEqual(
      expect.arrayContaining(['0 · model_0', '3 · model_2']),
    );
  });

  it('computes ‖dL/dW‖ over kernel and bias together, for each method from its own gradient', () => {
    const report = fixtureReport();
    const [first] = layerNorms(report);
    // Layer 0's kernel and bias are the report's weights 0 and 1.
    expect(report.weights.slice(0, 2).map((w) => [w.layer, w.role])).toEqual([
      [0, 'kernel'],
      [0, 'bias'],
    ]);
    for (const name of ['reference', 'vjp', 'naive'] as const) {
      const m = report.methods.find((r) => r.method === name)!;
      const expected = Math.hypot(...m.weights[0].data, ...m.weights[1].data);
      expect(first.raw[name]).toBeCloseTo(expected, 6);
    }
    // The chained VJPs carry the reference's gradient; the naive tapes do not.
    expect(first.raw.vjp! / first.raw.reference!).toBeCloseTo(1, 5);
    expect(Math.abs(Math.log10(first.raw.naive! / first.raw.reference!))).toBeGreaterThan(0.5);
  });
});

describe('training charts', () => {
  const legend = (container: HTMLElement) =>
    all(container, '.step-legend li').map((li) => ({
      label: li.textContent,
      points: Number(li.getAttribute('data-points')),
    }));

  it('LossChart draws a line per twin and a dot per step for a short run', () => {
    const { container } = render(
      <LossChart records={fixtureRecords(20)} lossName="mse" {...size} />,
    );
    expect(legend(container)).toEqual([
      { label: 'reference (full tape)', points: 20 },
      { label: 'split (chained VJPs)', points: 20 },
      { label: 'split (naive tapes)', points: 20 },
    ]);
    expect(container.querySelector('canvas.step-plot-lines')?.getAttribute('data-dots')).toBe(
      'shown',
    );
    expect(texts(container, '.step-plot-label')).toEqual(['training step', 'loss (mse)']);
    // Whole steps on the x axis, round values on the y axis.
    expect(texts(container, '.step-plot-tick-x')).toEqual(['0', '5', '10', '15']);
    expect(texts(container, '.step-plot-tick-y').length).toBeGreaterThanOrEqual(3);
  });

  it('LossChart thins a long run to MAX_POINTS vertices per line and drops the dots', () => {
    const { container } = render(
      <LossChart records={fixtureRecords(5000)} lossName="mse" {...size} />,
    );
    expect(legend(container).map((l) => l.points)).toEqual([MAX_POINTS, MAX_POINTS, MAX_POINTS]);
    expect(container.querySelector('canvas.step-plot-lines')?.getAttribute('data-dots')).toBe(
      'hidden',
    );
    expect(texts(container, '.step-plot-tick-x').at(-1)).toBe('4000');
  });

  it('LossChart shows only the twins that ran', () => {
    const { container } = render(
      <LossChart records={fixtureRecords(5, 0, false)} lossName="mse" {...size} />,
    );
    expect(legend(container).map((l) => l.label)).toEqual([
      'reference (full tape)',
      'split (chained VJPs)',
    ]);
  });

  it('LossChart states the latest losses for a screen reader', () => {
    render(<LossChart records={fixtureRecords(3)} lossName="mse" {...size} />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe(
      'loss (mse) at step 2: reference (full tape) 0.271451, split (chained VJPs) 0.271451, split (naive tapes) 0.298000',
    );
  });

  it('LossChart shows the step and every twin’s value under the pointer', () => {
    const { container } = render(
      <LossChart records={fixtureRecords(20)} lossName="mse" {...size} />,
    );
    const hover = container.querySelector('.step-plot-hover')!;
    // jsdom lays nothing out: the hover box sits at 0, so clientX is the pixel column. The plot
    // starts after the y axis (78 px + 8) and spans 800 − 86 − 24 px over steps 0…19.
    const column = 86 + (10 / 19) * (800 - 86 - 24);
    fireEvent.pointerMove(hover, { clientX: column + 3, clientY: 100 });
    const tooltip = screen.getByRole('status');
    expect(tooltip.querySelector('p')?.textContent).toBe('step 10');
    expect(texts(tooltip, 'li')).toEqual([
      `reference (full tape): ${(0.3 * Math.exp(-0.5)).toPrecision(6)}`,
      `split (chained VJPs): ${(0.3 * Math.exp(-0.5)).toPrecision(6)}`,
      'split (naive tapes): 0.290000',
    ]);
    fireEvent.pointerLeave(hover);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('WeightDiffChart puts exact zeros on the 1e-12 floor and says so', () => {
    const { container } = render(<WeightDiffChart records={fixtureRecords(10)} {...size} />);
    expect(legend(container).map((l) => l.points)).toEqual([10]);
    expect(texts(container, '.step-plot-tick-y')).toContain('1e-12');
    expect(screen.getByText(/Exactly 0 at 5 of 10 steps — drawn at 1e-12/)).toBeTruthy();
    expect(texts(container, '.step-plot-label')).toContain('max |ΔW| (weight units)');
  });

  it('StepTimeChart draws each twin in milliseconds', () => {
    const { container } = render(<StepTimeChart records={fixtureRecords(8)} {...size} />);
    expect(legend(container)).toHaveLength(3);
    expect(texts(container, '.step-plot-label')).toContain('time per step (ms)');
  });
});

describe('CostChart', () => {
  const points: CostPoint[] = [
    {
      size: 5,
      params: 300,
      jacobianBytes: 80_000,
      jacobianPlannedBytes: 90_000,
      jacobianMs: 300,
      vjpBytes: 4_000,
      vjpMs: 4,
    },
    {
      size: 10,
      params: 565,
      jacobianBytes: 5_000_000,
      jacobianPlannedBytes: 5_100_000,
      jacobianMs: 1800,
      vjpBytes: 12_000,
      vjpMs: 6,
    },
    {
      size: 20,
      params: 2600,
      jacobianBytes: null,
      jacobianPlannedBytes: 400_000_000,
      jacobianMs: null,
      vjpBytes: 50_000,
      vjpMs: 15,
    },
  ];

  it('memory: measured and planned Jacobian against the VJP, a note where it was not built', () => {
    const { container } = render(
      <CostChart points={points} measure="memory" sizeLabel="input side (pixels)" {...size} />,
    );
    expect(texts(container, '.recharts-legend-item-text')).toEqual([
      'jacobian (measured)',
      'jacobian (planned size)',
      'vjp (chained)',
    ]);
    const dots = all(container, '.recharts-line-dots').map(
      (g) => g.querySelectorAll('circle').length,
    );
    expect(dots).toEqual([2, 3]);
    expect(texts(container, '.recharts-label')).toEqual([
      'input side (pixels)',
      'peak tensor memory (bytes)',
    ]);
    expect(screen.getByText(/At size 20 the Jacobians were too large or too slow/)).toBeTruthy();
  });

  it('time: two series in milliseconds', () => {
    const { container } = render(
      <CostChart points={points} measure="time" sizeLabel="input side (pixels)" {...size} />,
    );
    expect(all(container, '.recharts-line')).toHaveLength(2);
    expect(texts(container, '.recharts-label')).toContain('wall time (ms)');
  });
});
