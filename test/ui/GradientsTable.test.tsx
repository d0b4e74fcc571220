// The seed-style table: one row per tensor and boundary, True/False written out per method.
import { render, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { GradientsTable } from '../../src/ui/gradients/GradientsTable';
import { fixtureReport } from './fixtures/report';

const rowsOf = (method: string) => {
  const table = document.querySelector(`table[data-method="${method}"]`) as HTMLTableElement;
  return [...table.tBodies[0].rows].map((row) => ({
    name: row.cells[0].textContent,
    valid: row.cells[1].textContent?.replace(/[✓✗]\s*/, ''),
  }));
};

describe('GradientsTable', () => {
  it('lists the seed names last part first, boundaries between parts, True for every vjp row', () => {
    render(<GradientsTable report={fixtureReport()} />);
    expect(rowsOf('vjp')).toEqual([
      { name: 'dLoss_dWeights2', valid: 'True' },
      { name: 'dLoss_dBias2', valid: 'True' },
      { name: 'dLoss_dOut1', valid: 'True' },
      { name: 'dLoss_dWeights1', valid: 'True' },
      { name: 'dLoss_dBias1', valid: 'True' },
      { name: 'dLoss_dOut0', valid: 'True' },
      { name: 'dLoss_dWeights0', valid: 'True' },
      { name: 'dLoss_dBias0', valid: 'True' },
    ]);
    const table = document.querySelector('table[data-method="vjp"]') as HTMLElement;
    expect(within(table).getByText(/8\/8 allclose/)).toBeTruthy();
  });

  it('shows False for every naive row and the errors in scientific notation', () => {
    render(<GradientsTable report={fixtureReport()} />);
    const naive = rowsOf('naive');
    expect(naive).toHaveLength(8);
    expect(naive.every((r) => r.valid === 'False')).toBe(true);
    const table = document.querySelector('table[data-method="naive"]') as HTMLElement;
    expect(within(table).getByText(/0\/8 allclose/)).toBeTruthy();
    // dLoss_dWeights2 is weight 4: maxRelError 10^(4 % 4) = 1, maxAbsError 0.1.
    const first = (table as HTMLTableElement).tBodies[0].rows[0];
    expect([...first.cells].map((c) => c.textContent)).toEqual(
      expect.arrayContaining(['1.0e-1', '1.0e+0', '0.400000']),
    );
  });

  it('writes an exact zero as 0 rather than 0.0e+0', () => {
    render(<GradientsTable report={fixtureReport()} />);
    const first = (document.querySelector('table[data-method="vjp"]') as HTMLTableElement)
      .tBodies[0].rows[0];
    expect(first.cells[2].textContent).toBe('0');
  });

  it('says in words why the Jacobian method was refused', () => {
    render(<GradientsTable report={fixtureReport({ refuseJacobian: true })} />);
    const refused = document.querySelector('[data-method="jacobian"]') as HTMLElement;
    expect(refused.textContent).toMatch(/Refused:.*8\.4 GiB, above the budget of 256 MiB/);
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
    expect(rowsOf('vjp').map((r) => r.name)).toContain('dLoss_dWeights0_layer1');
  });
});
