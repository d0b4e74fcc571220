// What crosses each cut per batch, in floats and bytes: the activation forward, its gradient
// backward (same size), and what the seed's Jacobian method allocates for the part after it.
// Computed from shapes alone, by core's one formula; the UI never loads tfjs to know a size.
import { product, type LayerShape } from '../../core/spec';
import type { Part } from '../../core/cuts';
import { jacobianPlans, type JacobianPlan } from '../../core/jacobianSize';

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
   * The Jacobian method's plan for model_{k+1}: its batch Jacobian ∂out/∂in across this cut and
   * its weight Jacobians; `plan.bytes` adds the contraction's product, the budget's number.
   */
  jacobian: JacobianPlan;
}

/** One entry per cut between consecutive parts (parts as `partsOf` returns them). */
export function cutSizesOf(
  shapes: readonly LayerShape[],
  parts: readonly Part[],
  batch: number,
): CutSize[] {
  const plans = jacobianPlans(shapes, parts, batch);
  return parts.slice(0, -1).map((part, k) => {
    const shape = [batch, ...part.outputShape];
    const floats = product(shape);
    return {
      cut: part.lastLayer,
      before: part.name,
      after: parts[k + 1].name,
      shape,
      floats,
      bytes: BYTES_PER_FLOAT * floats,
      jacobian: plans[k + 1],
    };
  });
}
