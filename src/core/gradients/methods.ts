// The four methods by name, so callers pick one without knowing where it lives.
import { runSteps, type Steps } from '../steps';
import { DEFAULT_JACOBIAN_BUDGET_BYTES, jacobianSteps } from './jacobian';
import { naiveGradients } from './naive';
import { referenceGradients } from './reference';
import type { GradientInput, GradientResult, MethodName } from './types';
import { vjpGradients } from './vjp';

export interface MethodOptions {
  jacobianBudgetBytes?: number;
}

/** A method as steps: only the slow Jacobian yields (between rows); the others run at once. */
export function* gradientSteps(
  method: MethodName,
  input: GradientInput,
  options: MethodOptions = {},
): Steps<GradientResult> {
  switch (method) {
    case 'reference':
      return referenceGradients(input);
    case 'vjp':
      return vjpGradients(input);
    case 'jacobian':
      return yield* jacobianSteps(
        input,
        options.jacobianBudgetBytes ?? DEFAULT_JACOBIAN_BUDGET_BYTES,
      );
    case 'naive':
      return naiveGradients(input);
  }
}

export const computeGradients = (
  method: MethodName,
  input: GradientInput,
  options: MethodOptions = {},
): GradientResult => runSteps(gradientSteps(method, input, options));
