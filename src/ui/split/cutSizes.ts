// What crosses each cut per batch, in floats and bytes: the activation forward, its gradient
// backward (same size), and the Jacobians the seed's method would build there. Computed from
// shapes alone; the UI never loads tfjs to know a size.
import { product } from '../../core/spec';
import type { Part } from '../../core/cuts';

const BYTES_PER_FLOAT = 4;

export interface CutSize {
  /** The gap index: the cut sits after this layer. */
  cut: number;
  /** The parts on either side, model_k | model_{k+1}. */
  before: string;
  after: string;
  /** The activation crossing the cut, batch axis first. */
  shape: number[];
  floats: number;
  /** Forward: the activation. Backward: dL/d(activation) has the same shape, so the same bytes. */
  bytes: number;
  /**
   * The seed's Jacobian method at this cut: part k+1's batch Jacobian w.r.t. its input,
   * B × |out_{k+1}| × |in_{k+1}|, plus its weight Jacobian B × |out_{k+1}| × params_{k+1}.
   */
  jacobianFloats: number;
  jacobianBytes: number;
}

/** One entry per cut between consecutive parts (parts as `partsOf` returns them). */
export function cutSizesOf(parts: readonly Part[], batch: number): CutSize[] {
  return parts.slice(0, -1).map((part, k) => {
    const next = parts[k + 1];
    const shape = [batch, ...part.outputShape];
    const floats = product(shape);
    const nextOut = product(next.outputShape);
    const jacobianFloats =
      batch * nextOut * product(next.inputShape) + batch * nextOut * next.paramCount;
    return {
      cut: part.lastLayer,
      before: part.name,
      after: next.name,
      shape,
      floats,
      bytes: BYTES_PER_FLOAT * floats,
      jacobianFloats,
      jacobianBytes: BYTES_PER_FLOAT * jacobianFloats,
    };
  });
}
