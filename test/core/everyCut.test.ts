// vjp (and boundary gradients) against the full tape on every cut set of the small presets.
import { describe, expect, it } from 'vitest';
import { runCheck } from '../../src/core/check';
import { allCutSets } from '../../src/core/cuts';
import { PRESETS } from '../../src/core/presets';
import type { MethodReport } from '../../src/core/report';

const allclose = (m: MethodReport) =>
  [...m.weightComparisons, ...m.boundaryComparisons].every((c) => c.allclose);

describe.each(['seed-toy', 'colab-mlp'])('every cut set of %s', (preset) => {
  const layers = PRESETS[preset].spec.layers.length;
  it.each(allCutSets(layers).map((cuts) => [JSON.stringify(cuts), cuts] as const))(
    'vjp equals the full tape and naive does not, cuts %s',
    (_, cuts) => {
      const { report } = runCheck(preset, { cuts, methods: ['vjp', 'naive'] });
      const [vjp, naive] = report.methods;
      expect(vjp.boundaries).toHaveLength(cuts.length);
      expect(allclose(vjp)).toBe(true);
      expect(Math.max(...vjp.weightComparisons.map((c) => c.maxRelError))).toBeLessThan(1e-6);
      expect(naive.weightComparisons.every((c) => c.allclose)).toBe(false);
    },
  );
});
