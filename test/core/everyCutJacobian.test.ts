// The seed answer's Jacobian method on every cut set: slow (a VJP per output element), so it has
// a file of its own and runs beside the others.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/core/check';
import { allCutSets } from '../../src/core/cuts';
import { PRESETS } from '../../src/core/presets';

describe.each(['seed-toy', 'colab-mlp'])('the Jacobian method on every cut set of %s', (preset) => {
  const layers = PRESETS[preset].spec.layers.length;
  it.each(allCutSets(layers).map((cuts) => [JSON.stringify(cuts), cuts] as const))(
    'weights and boundaries allclose to the full tape, cuts %s',
    (_, cuts) => {
      const [jacobian] = runCheck(preset, { cuts, methods: ['jacobian'] }).report.methods;
      expect(jacobian.refused).toBeUndefined();
      expect(jacobian.boundaries).toHaveLength(cuts.length);
      expect(jacobian.weightComparisons.every((c) => c.allclose)).toBe(true);
      expect(jacobian.boundaryComparisons.every((c) => c.allclose)).toBe(true);
    },
  );
});
