// Exports: the gradient table and the training curves as CSV (checked against the real seed-toy
// report and the records), a recharts chart as a standalone SVG with its styles inlined, and the
// Export menu of a canvas chart, which has PNG but no SVG to give.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ChartFrame } from '../../src/ui/charts/ChartFrame';
import { chartContent, serializeChartSvg } from '../../src/ui/charts/exportChart';
import { NormChart } from '../../src/ui/charts/NormChart';
import { csvOf, gradientTableCsv, trainingCurvesCsv } from '../../src/ui/file/csv';
import { gradientRows } from '../../src/ui/gradients/gradientRows';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';

/** A minimal RFC 4180 reader, enough to read back what csvOf writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('quotes fields with commas, quotes and line breaks, and ends rows with CRLF', () => {
    expect(csvOf([['a,b', 'say "hi"', 'two\nlines', 1.5, true, undefined]])).toBe(
      '"a,b","say ""hi""","two\nlines",1.5,true,\r\n',
    );
    expect(csvOf([[Number.NaN, Infinity, -Infinity]])).toBe('nan,inf,-inf\r\n');
  });

  it('writes every row of every method of the gradient table with its numbers', () => {
    const report = fixtureReport();
    const rows = parseCsv(gradientTableCsv(report));
    expect(rows[0]).toEqual([
      'method',
      'tensor',
      'what',
      'shape',
      'kind',
      'max_abs_error',
      'max_rel_error',
      'cosine',
      'valid',
      'fd64_max_rel_error',
      'fd64_agrees',
      'refused',
    ]);
    const expected = report.methods.flatMap((m) => gradientRows(report, m).map((r) => ({ m, r })));
    expect(rows).toHaveLength(1 + expected.length);
    expected.forEach(({ m, r }, i) => {
      const row = rows[i + 1];
      expect(row[0]).toBe(m.method);
      expect(row[1]).toBe(r.name);
      expect(row[2]).toBe(r.what); // contains a comma: quoted, and read back whole
      expect(row[3]).toBe(r.shape.join('x'));
      expect(Number(row[5])).toBe(r.comparison.maxAbsError);
      expect(Number(row[6])).toBe(r.comparison.maxRelError);
      expect(row[8]).toBe(r.comparison.allclose ? 'True' : 'False');
      expect(Number(row[9])).toBe(r.againstFd64!.maxRelError);
    });
    expect(rows.filter((r) => r[0] === 'vjp').every((r) => r[8] === 'True')).toBe(true);
  });

  it('names a refused method and why, in a row of its own', () => {
    const rows = parseCsv(gradientTableCsv(fixtureReport({ refuseJacobian: true })));
    const jacobian = rows.filter((r) => r[0] === 'jacobian');
    expect(jacobian).toHaveLength(1);
    expect(jacobian[0][11]).toMatch(/Jacobian/i);
  });

  it('writes a row per step with a column per twin and series', () => {
    const records = fixtureRecords(3);
    const rows = parseCsv(trainingCurvesCsv(records));
    expect(rows[0]).toEqual([
      'step',
      'loss_reference',
      'loss_vjp',
      'loss_naive',
      'accuracy_reference',
      'accuracy_vjp',
      'max_weight_diff',
      'max_gradient_rel_error_vjp',
      'max_gradient_rel_error_naive',
      'time_ms_reference',
      'time_ms_vjp',
      'time_ms_naive',
    ]);
    expect(rows).toHaveLength(4);
    expect(rows[2].map(Number)).toEqual([
      1,
      records[1].losses.reference,
      records[1].losses.vjp,
      records[1].losses.naive,
      0.5,
      0.5,
      3e-9,
      0,
      9,
      records[1].timingsMs.reference,
      records[1].timingsMs.vjp,
      9,
    ]);
  });
});

describe('SVG export', () => {
  it('serialises a recharts chart as a standalone SVG with styles inline and its legend', () => {
    const { container } = render(<NormChart report={fixtureReport()} width={640} height={320} />);
    const frame = container.querySelector('.chart-canvas')!;
    const content = chartContent(frame);
    expect(content.kind).toBe('svg');
    if (content.kind !== 'svg') return;
    const text = serializeChartSvg(content.svg);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    expect(doc.querySelector('parsererror')).toBeNull();
    const svg = doc.documentElement;
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('width')).toBe('640');
    expect(svg.getAttribute('height')).toBe('320');
    // The page's classes (and so its stylesheet) stay behind; what they set is inline.
    expect(svg.querySelectorAll('[class]').length).toBe(svg.querySelectorAll('g.legend').length);
    // jsdom computes no style from presentation attributes; the attributes themselves stay.
    expect(svg.querySelectorAll('path[fill]').length).toBeGreaterThanOrEqual(9);
    expect(svg.firstElementChild?.tagName).toBe('rect');
    const legend = [...svg.querySelectorAll('g.legend text')].map((t) => t.textContent);
    expect(legend).toEqual(['reference (one tape)', 'vjp (chained)', 'naive (separate tapes)']);
    // The live page is untouched by the export.
    expect(content.svg.getAttribute('class')).toContain('recharts-surface');
  });

  it('says SVG is not available for a chart drawn on a canvas', () => {
    render(
      <ChartFrame title="Live" name="live" width={200} height={100}>
        {(size) => <canvas {...size} />}
      </ChartFrame>,
    );
    const details = screen.getByText('Export').closest('details')!;
    details.open = true;
    fireEvent(details, new Event('toggle'));
    expect((screen.getByRole('button', { name: 'SVG' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'PNG' }) as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByText('SVG is not available for a canvas chart.')).toBeTruthy();
  });
});
