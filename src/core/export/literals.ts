// Tensors written into program text: float32 values as the shortest decimal that reads back as
// the same float32 (in Python, NumPy and JavaScript alike), wrapped into lines, and the check
// that embedded data fits the model.
import { product } from '../spec';
import type { ExportPlan } from './plan';

/** A tensor in tfjs layout (conv kernel [kh, kw, in, out], dense [in, out], inputs NHWC). */
export interface EmbeddedTensor {
  shape: number[];
  data: ArrayLike<number>;
}

/** The weights (model.trainableWeights order), batch and dropout masks `splittape check` used. */
export interface Embedded {
  weights: EmbeddedTensor[];
  x: EmbeddedTensor;
  y: EmbeddedTensor;
  /** The multipliers (0 or 1/(1 − rate)) each active dropout layer applied, by layer index. */
  dropoutMasks?: (EmbeddedTensor & { layer: number })[];
}

/**
 * The shortest decimal that parses (as a double, then rounded to float32) back to `value`'s
 * float32: reading it into a float32 tensor gives the exact bits tfjs had.
 */
export function float32Text(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f))
    throw new Error(`cannot embed ${value}: weights and data must be finite`);
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  for (let digits = 1; digits <= 9; digits++) {
    const text = f.toPrecision(digits);
    if (Math.fround(Number(text)) === f) return Number(text).toString();
  }
  return f.toString();
}

/** `[a, b, …]` over as many lines as it takes, each line starting with `indent`. */
export function arrayLiteral(data: ArrayLike<number>, indent: string, width = 96): string {
  const values = Array.from(data, float32Text);
  const lines: string[] = [];
  let line = '';
  for (const text of values) {
    if (line && line.length + text.length + 2 > width - indent.length) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += `${text}, `;
  }
  if (line) lines.push(line.trimEnd());
  if (lines.length <= 1) return `[${(lines[0] ?? '').replace(/,$/, '')}]`;
  return `[\n${lines.map((l) => indent + '    ' + l).join('\n')}\n${indent}]`;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Throws, naming the tensor, when embedded data does not fit the plan's model. */
export function checkEmbedded(plan: ExportPlan, embedded: Embedded): number {
  const fail = (what: string, got: readonly number[], want: readonly number[]) => {
    throw new Error(`embedded ${what} has shape [${got.join(', ')}], the model needs [${want}]`);
  };
  const check = (what: string, t: EmbeddedTensor, want: readonly number[]) => {
    if (!sameShape(t.shape, want)) fail(what, t.shape, want);
    if (t.data.length !== product(t.shape))
      throw new Error(`embedded ${what} holds ${t.data.length} values for shape [${t.shape}]`);
  };
  if (embedded.weights.length !== plan.weights.length)
    throw new Error(
      `embedded weights: ${embedded.weights.length} tensors, the model has ${plan.weights.length}`,
    );
  plan.weights.forEach((w, i) => check(w.description, embedded.weights[i], w.shape));
  const batch = embedded.x.shape[0];
  check('x', embedded.x, [batch, ...plan.spec.input]);
  check('y', embedded.y, [batch, plan.outputs]);
  for (const mask of embedded.dropoutMasks ?? []) {
    const layer = plan.spec.layers[mask.layer];
    if (layer?.type !== 'dropout')
      throw new Error(`dropout mask for layer ${mask.layer}, not a dropout layer`);
    const inputShape = plan.parts.flatMap((p) => p.layers).find((l) => l.index === mask.layer)!
      .shape.inputShape;
    check(`dropout mask of layer ${mask.layer}`, mask, [batch, ...inputShape]);
  }
  return batch;
}
