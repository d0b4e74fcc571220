// The four ways of computing gradients, in the words the page uses for them.
import type { MethodName } from '../../core/gradients/types';

export const ALL_METHODS: MethodName[] = ['reference', 'vjp', 'jacobian', 'naive'];

export const METHOD_LABELS: Record<MethodName, string> = {
  reference: 'reference (one tape)',
  vjp: 'vjp (chained)',
  jacobian: 'jacobian (seed answer)',
  naive: 'naive (separate tapes)',
};

export const METHOD_DESCRIPTIONS: Record<MethodName, string> = {
  reference: 'one tape over the whole model — the yardstick',
  vjp: 'a tape per part, chained by vector-Jacobian products',
  jacobian: "the seed answer's full Jacobians per part, contracted by the chain rule",
  naive: "the question's separate tapes: no upstream gradient flows between parts",
};
