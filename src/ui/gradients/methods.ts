// The ways of computing gradients, and the float64 check that judges them, in the words the page
// uses for them (one list, in core).
import { METHOD_TEXT, METHODS, type MethodName } from '../../core/gradients/types';

export const ALL_METHODS: MethodName[] = METHODS.slice();

export const METHOD_LABELS = Object.fromEntries(
  METHODS.map((m) => [m, METHOD_TEXT[m].label]),
) as Record<MethodName, string>;

export const METHOD_DESCRIPTIONS = Object.fromEntries(
  METHODS.map((m) => [m, METHOD_TEXT[m].description]),
) as Record<MethodName, string>;

export const FD64_TEXT = METHOD_TEXT.fd64;
