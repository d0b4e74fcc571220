// The one formula for what the Jacobian method allocates per part, from shapes alone. Pure
// TypeScript (no tfjs): the worker's budget, the Split cell and the Explain cell all read it.
import type { Part } from './cuts';
import { product, type LayerShape } from './spec';

const BYTES_PER_FLOAT = 4;

export interface JacobianPlan {
  part: string;
  /** Shapes of ∂out/∂W for each weight, and of the batch Jacobian ∂out/∂in (none for model_0). */
  weightJacobians: number[][];
  inputJacobian: number[] | null;
  /** Floats in the Jacobians themselves. */
  jacobianFloats: number;
  /**
   * What the method holds at its peak, float32: every Jacobian plus the largest broadcast
   * product J · g the contraction materialises. The budget is enforced on this number and the
   * notebook shows it.
   */
  bytes: number;
  /** VJPs needed: one per output element of the batch. */
  vjps: number;
}

/** What the Jacobian method builds for each part of a model with these layer shapes. */
export function jacobianPlans(
  shapes: readonly LayerShape[],
  parts: readonly Part[],
  batch: number,
): JacobianPlan[] {
  return parts.map((part) => {
    const out = [batch, ...part.outputShape];
    const weightJacobians = shapes
      .slice(part.firstLayer, part.lastLayer + 1)
      .flatMap((layer) => layer.weightShapes.map((w) => [...out, ...w.shape]));
    const inputJacobian = part.index > 0 ? [...out, ...part.inputShape] : null;
    const sizes = [...weightJacobians, ...(inputJacobian ? [inputJacobian] : [])].map(product);
    const jacobianFloats = sizes.reduce((a, b) => a + b, 0);
    // contract() multiplies one Jacobian by the broadcast upstream before summing: one more
    // tensor of that Jacobian's size alive beside all of them.
    const contraction = Math.max(0, ...sizes);
    return {
      part: part.name,
      weightJacobians,
      inputJacobian,
      jacobianFloats,
      bytes: BYTES_PER_FLOAT * (jacobianFloats + contraction),
      vjps: product(out),
    };
  });
}
