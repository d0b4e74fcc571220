// The Gradients cell and the float64 check: how fd64 sampled each tensor, its step, tolerance and
// time; a loud alert when tfjs's reference disagrees with it; one line when it did not run.
// Expected numbers come from core's real report of seed-toy and core's own functions.
import { fireEvent, render, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { describeReferenceVerdict } from '../../src/core/fd64Verdict';
import { formatMs, scientific, withSeparators } from '../../src/core/format';
import { estimateFd64Seconds, fd64Work, FD64_AUTO_SECONDS } from '../../src/core/oracle/cost64';
import { DEFAULT_FD64_SAMPLES } from '../../src/core/oracle/fd64';
import { PRESETS } from '../../src/core/presets';
import { checkSpec } from '../../src/core/spec';
import { GradientsCell } from '../../src/ui/cells/GradientsCell';
import { DEFAULT_CHECK } from '../../src/ui/state/notebookSettings';
import { approximateSeconds, fd64NotRunText } from '../../src/ui/gradients/fd64';
import type { GradientsReport } from '../../src/worker/protocol';
import { preloadGradientCharts } from '../../src/ui/charts/lazyCharts';
import {
  WRONG_WEIGHT,
  fixtureReport,
  fixtureReportWithWrongReference,
  fixtureReportWithoutFd64,
} from './fixtures/report';

const seedToy = PRESETS['seed-toy'];

function renderCell(report: GradientsReport, spec = seedToy.spec, dispatch = vi.fn()) {
  render(
    <GradientsCell
      report={report}
      isComputing={false}
      input={spec.input}
      check={DEFAULT_CHECK}
      dispatch={dispatch}
      cost={null}
      isMeasuringCost={false}
      cuts={report.cuts}
      send={vi.fn()}
    />,
  );
  return document.querySelector('#gradients') as HTMLElement;
}

const referenceRows = () => {
  const table = document.querySelector('table[data-method="reference"]') as HTMLTableElement;
  return [...table.tBodies[0].rows].map((row) => ({
    gradient: row.cells[0].textContent,
    sampled: row.cells[1].textContent,
    check: row.cells[2].textContent?.replace(/^[✓✗]\s*/, ''),
    rel: row.cells[3].textContent,
  }));
};

const seconds = (spec: unknown, cuts: number[], batch: number) => {
  const check = checkSpec(spec);
  if (!check.ok) throw new Error('invalid spec');
  return estimateFd64Seconds(fd64Work(check.spec, check.shapes, cuts, batch, DEFAULT_FD64_SAMPLES));
};

// The page loads recharts on demand; loaded here first, charts draw in the same render.
beforeAll(() => preloadGradientCharts());

describe('GradientsCell with the float64 check', () => {
  it('says in words the step h, the tolerance, the number of passes and the time fd64 took', () => {
    const report = fixtureReport();
    const fd64 = report.fd64!;
    const section = renderCell(report).querySelector('.fd64-check') as HTMLElement;
    const text = section.textContent!;
    expect(text).toContain(`h = ${scientific(fd64.step, 0)}`);
    expect(text).toContain('h = 1e-6');
    expect(text).toContain(`at most ${scientific(fd64.tolerance, 0)} of the tensor's scale`);
    expect(text).toContain('at most 1e-4 of');
    expect(text).toContain(`up to ${fd64.samplesPerTensor} elements per tensor`);
    expect(text).toContain(
      `${withSeparators(fd64.evaluations)} float64 forward passes in ${formatMs(fd64.timeMs)}`,
    );
  });

  it('says how many elements of each tensor fd64 sampled: all of a small one, 64 of a large one', () => {
    const report = fixtureReport();
    renderCell(report);
    const rows = referenceRows();
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const dense = report.weights.findIndex((w) => w.layer === 3 && w.role === 'kernel');
    const conv0 = report.weights.findIndex((w) => w.layer === 0 && w.role === 'kernel');
    const byName = Object.fromEntries(rows.map((r) => [r.gradient, r]));
    expect(report.fd64!.weights[dense].indices).toHaveLength(64);
    expect(size(report.weights[dense].shape)).toBe(384);
    expect(byName.dLoss_dWeights2.sampled).toBe('64 of 384 elements');
    expect(report.fd64!.weights[conv0].indices).toHaveLength(24);
    expect(byName.dLoss_dWeights0.sampled).toBe('all 24 elements');
    // The dense layer's single bias is "all 1 element".
    expect(byName.dLoss_dBias2.sampled).toBe('all 1 element');
    const cut0 = size(report.boundaries[0].shape);
    expect(byName.dLoss_dOut0.sampled).toBe(
      `${report.fd64!.boundaries[0].indices.length} of ${cut0} elements`,
    );
  });

  it('shows the reference agreeing with float64 on every tensor, and no alert, for seed-toy', () => {
    const report = fixtureReport();
    const cell = renderCell(report);
    const reference = report.methods.find((m) => m.method === 'reference')!;
    const rows = referenceRows();
    expect(rows.map((r) => r.check)).toEqual(Array(8).fill('True'));
    const dense = report.weights.findIndex((w) => w.layer === 3 && w.role === 'kernel');
    expect(rows[0].rel).toBe(scientific(reference.againstFd64!.weights[dense].maxRelError));
    expect(within(cell).getByText(/against float64: 8\/8 agree/)).toBeTruthy();
    expect(within(cell).queryByRole('alert')).toBeNull();
    expect(describeReferenceVerdict(report)).toBeUndefined();
  });

  it('raises an alert at the top of the cell when tfjs’s reference disagrees with float64', () => {
    const report = fixtureReportWithWrongReference();
    const cell = renderCell(report);
    const sentence = describeReferenceVerdict(report)!;
    expect(sentence).toMatch(/first disagreement .* is the kernel of layer 1 \(conv2d\)/);
    expect(sentence).toMatch(/backward pass of layer 1 \(conv2d\)/);
    const alert = within(cell).getByRole('alert');
    expect(alert.textContent).toContain('The reference gradient is wrong');
    expect(alert.textContent).toContain(sentence);
    // First in the cell's content: before the recompute button and every table.
    const recompute = within(cell).getByRole('button', { name: /Recompute/ });
    const firstTable = cell.querySelector('table')!;
    for (const later of [recompute, firstTable])
      expect(alert.compareDocumentPosition(later) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The reference's own row says False, with the real error.
    const reference = report.methods.find((m) => m.method === 'reference')!;
    const wrong = referenceRows().find((r) => r.gradient === 'dLoss_dWeights1')!;
    expect(wrong.check).toBe('False');
    expect(wrong.rel).toBe(scientific(reference.againstFd64!.weights[WRONG_WEIGHT].maxRelError));
    expect(referenceRows().filter((r) => r.check === 'False')).toHaveLength(1);
  });

  it('says in one line that fd64 did not run, and how long the worker estimates it would take', () => {
    const estimate = seconds(seedToy.spec, [0, 1], 3);
    const report = fixtureReportWithoutFd64(estimate);
    const cell = renderCell(report);
    const expected = approximateSeconds(estimate);
    const line = cell.querySelector('.fd64-not-run') as HTMLElement;
    expect(line.textContent).toMatch(/^The float64 check was not run for this report/);
    expect(line.textContent).toContain(`it would take about ${expected}`);
    expect(cell.querySelector('.fd64-check')).toBeNull();
    expect(cell.querySelector('table[data-method="reference"]')).toBeNull();
    expect(within(cell).queryByRole('alert')).toBeNull();
  });
});

describe('the line for a report without the float64 check', () => {
  it('gives the estimate and the automatic limit for a model too slow to check by itself', () => {
    const cnn = PRESETS['seed-cnn'];
    const estimate = seconds(cnn.spec, cnn.cuts, cnn.batch);
    expect(estimate).toBeGreaterThan(FD64_AUTO_SECONDS);
    expect(fd64NotRunText(estimate)).toBe(
      `The float64 check was not run for this model: it would take about ${approximateSeconds(estimate)} ` +
        `(it runs by itself under ${FD64_AUTO_SECONDS} s), so True below means only ` +
        `"the same as tfjs's own tape", not that the gradient is right.`,
    );
  });

  it('rounds an estimate to what it can tell: one figure under 10 s, seconds, then minutes', () => {
    expect(approximateSeconds(0.0712)).toBe('0.07 s');
    expect(approximateSeconds(4.4)).toBe('4 s');
    expect(approximateSeconds(41.6)).toBe('42 s');
    expect(approximateSeconds(750)).toBe('13 min');
  });

  it('still says what a missing check means when there is no spec to estimate from', () => {
    expect(fd64NotRunText(undefined)).toMatch(
      /^The float64 check was not run for this report, so True below means only/,
    );
  });
});

describe("the float64 check's settings", () => {
  it('sends a new sample size and the stock-kernel switch as settings actions', () => {
    const dispatch = vi.fn();
    const cell = renderCell(fixtureReport(), seedToy.spec, dispatch);
    const samples = within(cell).getByLabelText('Elements sampled per tensor') as HTMLInputElement;
    expect(samples.value).toBe('64');
    fireEvent.change(samples, { target: { value: '16' } });
    expect(dispatch).toHaveBeenLastCalledWith({ kind: 'check', check: { fd64Samples: 16 } });
    fireEvent.change(samples, { target: { value: '0' } });
    expect(within(cell).getByRole('alert').textContent).toMatch(/a whole number from 1 to 10000/);
    expect(dispatch).toHaveBeenCalledTimes(1);
    fireEvent.click(within(cell).getByRole('checkbox', { name: /tfjs's own pooling gradients/ }));
    expect(dispatch).toHaveBeenLastCalledWith({ kind: 'check', check: { stockKernels: true } });
  });
});
