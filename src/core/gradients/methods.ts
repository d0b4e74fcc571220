// The four methods by name, so callers pick one without knowing where it lives.
import { DEFAULT_JACOBIAN_BUDGET_BYTES, jacobianGradients } from './jacobian';
import { naiveGradients } from './naive';
import { referenceGradients } from './reference';
import type { GradientInput, GradientResult, MethodName } from './types';
import { vjpGradients } from './vjp';

export interface MethodOptions {
  jacobianBudgetBytes?: number;
}

export function computeGradients(
  method: MethodName,
  input: GradientInput,
  options: MethodOptions = {},
): GradientResult {
  switch (method) {
    case 'reference':
      return referenceGradients(input);
    case 'vjp':
      return vjpGradients(input);
    case 'jacobian':
      return jacobianGradients(input, options.jacobianBudgetBytes ?? DEFAULT_JACOBIAN_BUDGET_BYTES);
    case 'naive':
      return naiveGradients(input);
  }
}
