// Ground truth that does not trust tfjs: on models built from every supported layer, with cuts
// anywhere, the reference, vjp and jacobian gradients agree with fd64 — float64 central
// differences computed without tfjs — on cpu and on wasm. And the check can fail: tfjs's stock
// pooling gradients, and a perturbed gradient, are caught and located.
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend, useStockPoolKernels, type BackendName } from '../../src/core/backends/select';
import { runCheck } from '../../src/core/check';
import { FD64_TOLERANCE } from '../../src/core/compare';
import { describeReferenceVerdict, fd64Verdict } from '../../src/core/fd64Verdict';
import { PRESETS, seedCnnSpec } from '../../src/core/presets';
import type { ModelSpec } from '../../src/core/spec';
import { AVG_POOL_SAME, GLOBAL_POOL, KITCHEN_SINK, TANH_MAX_POOL } from './models';

const CASES: [string, ModelSpec, number[][], boolean][] = [
  ['seed-toy', PRESETS['seed-toy'].spec, [[], [0, 1], [1], [0, 1, 2, 3]], false],
  ['colab-mlp', PRESETS['colab-mlp'].spec, [[0], [1, 2]], false],
  [
    'kitchen-sink',
    KITCHEN_SINK,
    [
      [1, 4],
      [0, 2, 6],
    ],
    true,
  ],
  ['global-pool', GLOBAL_POOL, [[0], [1]], false],
  ['tanh-max-pool', TANH_MAX_POOL, [[1], [0, 3]], false],
  ['avg-pool-same', AVG_POOL_SAME, [[0], [1, 2]], false],
];

describe.each<BackendName>(['cpu', 'wasm'])('on %s', (backend) => {
  afterAll(() => useBackend('cpu'));

  it.each(CASES)(
    '%s: reference, vjp and jacobian agree with fd64 for every cut list',
    async (_, spec, cutLists, training) => {
      await useBackend(backend);
      for (const cuts of cutLists) {
        const { report } = runCheck(spec, {
          cuts,
          batch: 3,
          training,
          methods: ['reference', 'vjp', 'jacobian'],
          fd64: true,
        });
        expect(report.fd64?.weights.length).toBe(report.weights.length);
        for (const m of report.methods) {
          const verdict = fd64Verdict(report, m)!;
          expect({ cuts, method: m.method, first: verdict.first }).toEqual({
            cuts,
            method: m.method,
            first: undefined,
          });
          const worst = Math.max(
            ...[...m.againstFd64!.weights, ...m.againstFd64!.boundaries].map((c) => c.maxRelError),
          );
          expect(worst).toBeLessThan(FD64_TOLERANCE);
        }
      }
    },
  );
});

describe.each<BackendName>(['cpu', 'wasm'])("the question's CNN on %s", (backend) => {
  afterAll(() => useBackend('cpu'));

  it('seed-cnn at 32×32, dropout active, cuts [2, 8]: reference and vjp agree with fd64 (16 samples a tensor)', async () => {
    await useBackend(backend);
    const { report } = runCheck(seedCnnSpec(32), {
      cuts: [2, 8],
      batch: 4,
      training: true,
      methods: ['reference', 'vjp'],
      fd64: true,
      fd64Samples: 16,
    });
    for (const m of report.methods) {
      const all = [...m.againstFd64!.weights, ...m.againstFd64!.boundaries];
      expect(all.every((c) => c.agrees)).toBe(true);
      expect(Math.max(...all.map((c) => c.maxRelError))).toBeLessThan(FD64_TOLERANCE);
    }
  });
});

describe("with tfjs's stock pooling gradients, the float64 check catches them", () => {
  afterAll(async () => {
    useStockPoolKernels(false);
    await useBackend('cpu');
  });

  it.each<BackendName>(['cpu', 'wasm'])(
    "AvgPoolGrad under 'same' padding on %s: every tfjs method is wrong, and fd64 names the pooling layers",
    async (backend) => {
      await useBackend(backend);
      useStockPoolKernels(true);
      const { report } = runCheck(AVG_POOL_SAME, {
        cuts: [0],
        batch: 3,
        methods: ['reference', 'vjp'],
        fd64: true,
      });
      // The reference and the chained VJPs agree with each other: only fd64 can tell.
      expect(report.methods[1].weightComparisons.every((c) => c.allclose)).toBe(true);
      const verdict = fd64Verdict(report, report.methods[0])!;
      expect(verdict.first?.tensor).toBe('dL/d(out of model_0)');
      expect(verdict.first?.comparison.maxRelError).toBeGreaterThan(1e-2);
      // The dense head's weights agree; the fault lies between them and the cut: the two average
      // pools, flatten, or the dense layer's own input gradient.
      expect(verdict.first?.suspects).toEqual({ first: 1, last: 4 });
      expect(describeReferenceVerdict(report)).toMatch(
        /layers 1–4 \(averagePooling2d, averagePooling2d, flatten, dense\)/,
      );
      useStockPoolKernels(false);
    },
  );

  it('MaxPoolGrad on wasm drops windows with a negative maximum: fd64 flags conv(tanh) → max pool', async () => {
    await useBackend('wasm');
    useStockPoolKernels(true);
    const { report } = runCheck(TANH_MAX_POOL, {
      cuts: [1],
      batch: 3,
      methods: ['reference'],
      fd64: true,
    });
    const verdict = fd64Verdict(report, report.methods[0])!;
    expect(verdict.first).toBeDefined();
    expect(verdict.first!.suspects.first).toBeLessThanOrEqual(3);
    useStockPoolKernels(false);
    const fixed = runCheck(TANH_MAX_POOL, {
      cuts: [1],
      batch: 3,
      methods: ['reference'],
      fd64: true,
    });
    expect(fd64Verdict(fixed.report, fixed.report.methods[0])!.first).toBeUndefined();
  });
});
