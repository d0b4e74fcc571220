// The chain rule across the current cuts, as TeX. out_k is the output of model_k; the last
// part's output is the prediction ŷ. g_k = ∂L/∂out_k is what crosses cut k backwards.
import type { Part } from '../../core/cuts';

const out = (k: number, last: number) => (k === last ? '\\hat{y}' : `\\mathrm{out}_{${k}}`);
const partial = (top: string, bottom: string) => `\\frac{\\partial ${top}}{\\partial ${bottom}}`;

/** TeX for a number: 3.2 \times 10^{-7}, or 0. */
export function texNumber(x: number, digits = 3): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '\\mathrm{NaN}';
  const [mantissa, exponent] = x.toExponential(digits - 1).split('e');
  const e = Number(exponent);
  return e === 0 ? mantissa : `${mantissa} \\times 10^{${e}}`;
}

/**
 * ∂L/∂W_k written out through every later part, e.g. for k = 0 of three parts:
 * ∂L/∂W_0 = (∂L/∂ŷ)(∂ŷ/∂out_1)(∂out_1/∂out_0)(∂out_0/∂W_0).
 */
export function chainRuleFor(k: number, parts: Part[]): string {
  const last = parts.length - 1;
  const factors = [partial('L', out(last, last))];
  for (let j = last; j > k; j--) factors.push(partial(out(j, last), out(j - 1, last)));
  const upstream = factors.join('\\,');
  const local = partial(out(k, last), `W_{${k}}`);
  if (k === last) return `${partial('L', `W_{${k}}`)} = ${upstream}\\;${local}`;
  return `${partial('L', `W_{${k}}`)} = \\underbrace{${upstream}}_{g_{${k}} \\,=\\, \\partial L / \\partial ${out(k, last)}}\\;${local}`;
}

/** The same computation as the VJP chain does it: one backward pass per part, no Jacobian. */
export function vjpRecursion(parts: Part[]): string[] {
  const last = parts.length - 1;
  const lines = [`g_{${last}} = ${partial('L', out(last, last))}`];
  for (let k = last - 1; k >= 0; k--)
    lines.push(
      `g_{${k}} = g_{${k + 1}}\\,${partial(out(k + 1, last), out(k, last))} \\quad \\text{(a VJP of model\\_${k + 1})}`,
    );
  return lines;
}

/** What the question's separate tapes compute for part k: the upstream replaced by ones. */
export function naiveFor(k: number, parts: Part[]): string {
  const last = parts.length - 1;
  return `\\texttt{tape\\_${k}.gradient}(${out(k, last)}, W_{${k}}) = \\mathbf{1}^{\\top} ${partial(out(k, last), `W_{${k}}`)} \\;\\neq\\; g_{${k}}\\,${partial(out(k, last), `W_{${k}}`)}`;
}
