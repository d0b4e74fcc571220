// The Explain cell's TeX: the chain rule written out for the actual parts, typeset by KaTeX
// without errors, and the cell showing the live norms it names.
import { render } from '@testing-library/react';
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import { norm } from '../../src/core/compare';
import { ExplainCell } from '../../src/ui/cells/ExplainCell';
import { chainRuleFor, naiveFor, texNumber, vjpRecursion } from '../../src/ui/explain/chainRuleTex';
import { fixtureReport } from './fixtures/report';
import { preloadTex } from '../../src/ui/explain/Tex';

const parts = fixtureReport().parts;

// The page loads KaTeX on demand; loaded here first, formulas draw in the same render.
beforeAll(() => preloadTex());

describe('chain rule TeX', () => {
  it('writes ∂L/∂W_0 through every later part for three parts', () => {
    const tex = chainRuleFor(0, parts);
    const factors = [
      '\\frac{\\partial L}{\\partial W_{0}}',
      '\\frac{\\partial L}{\\partial \\hat{y}}',
      '\\frac{\\partial \\hat{y}}{\\partial \\mathrm{out}_{1}}',
      '\\frac{\\partial \\mathrm{out}_{1}}{\\partial \\mathrm{out}_{0}}',
      '\\frac{\\partial \\mathrm{out}_{0}}{\\partial W_{0}}',
    ];
    const positions = factors.map((f) => tex.indexOf(f));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(tex.match(/\\frac/g)).toHaveLength(5);
  });

  it('the last part needs no upstream chain', () => {
    expect(chainRuleFor(2, parts)).not.toContain('underbrace');
  });

  it('has one recursion line per part and typesets everything without a KaTeX error', () => {
    const lines = [
      ...parts.map((p) => chainRuleFor(p.index, parts)),
      ...vjpRecursion(parts),
      naiveFor(0, parts),
    ];
    expect(vjpRecursion(parts)).toHaveLength(3);
    for (const tex of lines)
      expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
  });

  it('writes numbers in scientific TeX', () => {
    expect(texNumber(0)).toBe('0');
    expect(texNumber(0.000321)).toBe('3.21 \\times 10^{-4}');
    expect(texNumber(2.5)).toBe('2.50');
  });
});

describe('ExplainCell', () => {
  it('shows the norm of the gradient crossing each cut from the vjp report', () => {
    const report = fixtureReport();
    const { container } = render(<ExplainCell report={report} />);
    const vjp = report.methods.find((m) => m.method === 'vjp')!;
    const expected = texNumber(norm(vjp.boundaries[0].data));
    const annotation = [...container.querySelectorAll('annotation')].map((a) => a.textContent);
    expect(annotation.some((t) => t?.includes(`\\lVert g_{0} \\rVert = ${expected}`))).toBe(true);
    expect(container.querySelectorAll('.katex-error')).toHaveLength(0);
    expect(container.textContent).toMatch(/model_0 \(layers 0–0\)/);
  });
});
