// The seed-style table: one row per tensor and boundary, True/False written out per method, each
// row judged against the reference and against the float64 check. Every expected number is read
// from core's real report of seed-toy, never typed in.
import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { pythonBool, scientific } from '../../src/core/format';
import { GradientsTable } from '../../src/ui/gradients/GradientsTable';
import {
  WRONG_WEIGHT,
  fixtureReport,
  fixtureReportWithWrongReference,
  fixtureReportWithoutFd64,
} from './fixtures/report';

const tableOf = (method: string) =>
  document.querySelector(`table[data-method="${method}"]`) as HTMLTableElement;

const headersOf = (method: string) =>
  [...tableOf(method).tHead!.rows[0].cells].map((c) => c.textContent);

/** Each row's cells by column header, the ✓/✗ marks dropped. */
const rowsOf = (method: string) => {
  const headers = headersOf(method);
  return [...tableOf(method).tBodies[0].rows].map((row) =>
    Object.fromEntries(
      [...row.cells].map((cell, i) => [headers[i], cell.textContent!.replace(/^[✓✗]\s*/, '')]),
    ),
  );
};

const methodOf = (report: ReturnType<typeof fixtureReport>, name: string) =>
  report.methods.find((m) => m.method === name)!;

describe('GradientsTable', () => {
  it('lists the seed names last part first, boundaries between parts, True for every vjp row', () => {
    render(<GradientsTable report={fixtureReport()} />);
    const rows = rowsOf('vjp');
    expect(rows.map((r) => r.gradient)).toEqual([
      'dLoss_dWeights2',
      'dLoss_dBias2',
      'dLoss_dOut1',
      'dLoss_dWeights1',
      'dLoss_dBias1',
      'dLoss_dOut0',
      'dLoss_dWeights0',
      'dLoss_dBias0',
    ]);
    expect(rows.map((r) => r.valid)).toEqual(Array(8).fill('True'));
    expect(within(tableOf('vjp')).getByText(/8\/8 allclose to the reference/)).toBeTruthy();
  });

  it('shows False for every naive row with its real errors against the reference', () => {
    const report = fixtureReport();
    render(<GradientsTable report={report} />);
    const rows = rowsOf('naive');
    expect(rows).toHaveLength(8);
    expect(rows.map((r) => r.valid)).toEqual(Array(8).fill('False'));
    expect(within(tableOf('naive')).getByText(/0\/8 allclose to the reference/)).toBeTruthy();
    // The first row is dLoss_dWeights2: the dense kernel, the report's weight 4.
    const dense = report.weights.findIndex((w) => w.layer === 3 && w.role === 'kernel');
    const c = methodOf(report, 'naive').weightComparisons[dense];
    expect(rows[0]).toMatchObject({
      gradient: 'dLoss_dWeights2',
      'max |Δ|': scientific(c.maxAbsError),
      'max rel': scientific(c.maxRelError),
      cosine: c.cosine.toFixed(6),
    });
    expect(c.maxRelError).toBeGreaterThan(0.1);
  });

  it('writes an exact zero as 0 rather than 0.0e+0', () => {
    const report = fixtureReport();
    render(<GradientsTable report={report} />);
    const vjp = methodOf(report, 'vjp');
    // The last part's weight gradients come from the same tape ops in vjp and the reference.
    const dense = report.weights.findIndex((w) => w.layer === 3 && w.role === 'kernel');
    expect(vjp.weightComparisons[dense].maxAbsError).toBe(0);
    expect(rowsOf('vjp')[0]['max |Δ|']).toBe('0');
  });

  it('judges every row a second time against the float64 check, with its relative error', () => {
    const report = fixtureReport();
    render(<GradientsTable report={report} />);
    for (const name of ['vjp', 'jacobian', 'naive']) {
      expect(headersOf(name)).toEqual(expect.arrayContaining(['float64 check', 'rel to float64']));
      const method = methodOf(report, name);
      const rows = rowsOf(name);
      const byName = Object.fromEntries(rows.map((r) => [r.gradient, r]));
      const dense = report.weights.findIndex((w) => w.layer === 3 && w.role === 'kernel');
      const expected = method.againstFd64!.weights[dense];
      expect(byName.dLoss_dWeights2['float64 check']).toBe(pythonBool(expected.agrees));
      expect(byName.dLoss_dWeights2['rel to float64']).toBe(scientific(expected.maxRelError));
      const outOfModel0 = method.againstFd64!.boundaries[0];
      expect(byName.dLoss_dOut0['rel to float64']).toBe(scientific(outOfModel0.maxRelError));
    }
    // seed-toy's real gradients: the tape methods are right, the naive tapes are not.
    expect(rowsOf('vjp').map((r) => r['float64 check'])).toEqual(Array(8).fill('True'));
    expect(rowsOf('jacobian').map((r) => r['float64 check'])).toEqual(Array(8).fill('True'));
    expect(rowsOf('naive').map((r) => r['float64 check'])).toEqual(Array(8).fill('False'));
    expect(within(tableOf('vjp')).getByText(/8\/8 agree with float64/)).toBeTruthy();
    expect(within(tableOf('naive')).getByText(/0\/8 agree with float64/)).toBeTruthy();
  });

  it('shows True against the reference but False against float64 when the reference is wrong', () => {
    const report = fixtureReportWithWrongReference();
    render(<GradientsTable report={report} methods={['vjp']} />);
    const wrong = rowsOf('vjp').find((r) => r.gradient === 'dLoss_dWeights1')!;
    const expected = methodOf(report, 'vjp').againstFd64!.weights[WRONG_WEIGHT];
    expect(wrong).toMatchObject({
      valid: 'True',
      'float64 check': 'False',
      'rel to float64': scientific(expected.maxRelError),
    });
    expect(within(tableOf('vjp')).getByText(/8\/8 allclose to the reference/)).toBeTruthy();
    expect(within(tableOf('vjp')).getByText(/7\/8 agree with float64/)).toBeTruthy();
  });

  it('has no float64 columns when the float64 check did not run', () => {
    render(<GradientsTable report={fixtureReportWithoutFd64()} />);
    expect(headersOf('vjp')).toEqual(['gradient', 'valid', 'max |Δ|', 'max rel', 'cosine', 'what']);
    expect(tableOf('vjp').textContent).not.toMatch(/float64/);
  });

  it('says in words why the Jacobian method was refused, in its real message', () => {
    const report = fixtureReport({ refuseJacobian: true });
    render(<GradientsTable report={report} />);
    const message = methodOf(report, 'jacobian').refused!;
    const refused = document.querySelector('[data-method="jacobian"]') as HTMLElement;
    expect(refused.textContent).toContain(`Refused: ${message}.`);
    expect(message).toMatch(/above the budget of 1 B/);
    expect(document.querySelector('table[data-method="jacobian"]')).toBeNull();
  });

  it('says the Jacobian is still being computed when the first, fast report has none', () => {
    const report = fixtureReport();
    report.methods = report.methods.filter((m) => m.method !== 'jacobian');
    render(<GradientsTable report={report} />);
    expect(document.querySelector('[data-method="jacobian"]')?.textContent).toMatch(/Computing/);
  });

  it('names each layer when a part holds several weighted layers', () => {
    const report = fixtureReport();
    // Merge the two conv layers into one part.
    report.weights = report.weights.map((w) => (w.part === 1 ? { ...w, part: 0 } : w));
    report.parts = [report.parts[0], report.parts[2]];
    report.boundaries = [report.boundaries[1]];
    render(<GradientsTable report={report} methods={['vjp']} />);
    expect(rowsOf('vjp').map((r) => r.gradient)).toContain('dLoss_dWeights0_layer1');
  });
});
