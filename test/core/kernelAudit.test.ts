// The kernel audit in Node: every layer's tfjs gradients (input and weights) agree with float64
// central differences on cpu and wasm with our kernels; with tfjs's stock pooling kernels put
// back, the audit flags exactly the cases those kernels get wrong.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_CASES, auditKernels, type AuditReport } from '../../src/core/audit';
import { useBackend, useStockPoolKernels } from '../../src/core/backends/select';
import { recordAudit } from '../e2e/audit/artifact';

const BACKENDS = ['cpu', 'wasm'] as const;

/** Stock AvgPoolGrad is wrong wherever 'same' padding adds cells (every backend); 2x2 stride 2
 *  on 6x8 needs none. */
const STOCK_AVG_POOL_WRONG = [
  'averagePooling2d 2x2 same stride 1 7x5',
  'averagePooling2d 2x2 same stride 1 6x8',
  'averagePooling2d 2x3 same stride 1 7x5',
  'averagePooling2d 2x3 same stride 1 6x8',
  'averagePooling2d 2x2 same stride 2 7x5',
  'averagePooling2d 2x3 same stride 2 7x5',
  'averagePooling2d 2x3 same stride 2 6x8',
];
/** Stock wasm MaxPoolGrad: windows with a negative maximum get nothing; ties go to the last. */
const STOCK_WASM_MAX_POOL_WRONG = [
  'maxPooling2d 2x2 valid stride 2 4x4 sine',
  'maxPooling2d 3x3 same stride 2 7x5 negative',
  'maxPooling2d 2x2 valid stride 1 5x6 ties',
  'maxPooling2d 2x3 same stride 2 7x5 ties',
];
const STOCK_WRONG = {
  cpu: STOCK_AVG_POOL_WRONG,
  wasm: [...STOCK_WASM_MAX_POOL_WRONG, ...STOCK_AVG_POOL_WRONG],
};

const flagged = (report: AuditReport) => report.cases.filter((c) => !c.agrees).map((c) => c.name);

function logTime(run: string, report: AuditReport) {
  console.log(
    `kernel audit, ${run}: ${report.cases.length} cases in ${Math.round(report.elapsedMs)} ms`,
  );
}

afterAll(async () => {
  useStockPoolKernels(false);
  await useBackend('cpu');
});

describe('kernel audit in Node', () => {
  it('covers every layer type of the spec', () => {
    const types = new Set(AUDIT_CASES.map((c) => c.layer.type));
    expect([...types].sort()).toEqual(
      [
        'activation',
        'averagePooling2d',
        'conv2d',
        'dense',
        'dropout',
        'flatten',
        'globalAveragePooling2d',
        'maxPooling2d',
      ].sort(),
    );
    expect(new Set(AUDIT_CASES.map((c) => c.name)).size).toBe(AUDIT_CASES.length);
  });

  for (const backend of BACKENDS) {
    it(`every case's dx and weight gradients agree with float64 differences on ${backend}`, async () => {
      await useBackend(backend);
      const before = tf.memory().numTensors;
      const report = await auditKernels();
      expect(tf.memory().numTensors).toBe(before);
      logTime(`node ${backend}`, report);
      recordAudit(`node ${backend}`, report);
      expect(report.backend).toBe(backend);
      expect(report.cases).toHaveLength(AUDIT_CASES.length);
      expect(flagged(report)).toEqual([]);
      for (const c of report.cases)
        for (const t of c.tensors)
          expect(t.maxRelError, `${c.name} ${t.tensor}`).toBeLessThan(1e-5);
      // Every weight of every case was compared: dx plus the layer's kernel (and bias).
      const conv = report.cases.find((c) => c.name === 'conv2d 3x2 same stride 2 7x5 useBias');
      expect(conv?.tensors.map((t) => t.tensor)).toEqual(['dx', 'kernel', 'bias']);
    });

    it(`flags exactly the cases tfjs's stock pooling kernels get wrong on ${backend}`, async () => {
      await useBackend(backend);
      useStockPoolKernels(true);
      try {
        const report = await auditKernels();
        logTime(`node ${backend} stock pool kernels`, report);
        recordAudit(`node ${backend} stock pool kernels`, report);
        expect(flagged(report).sort()).toEqual([...STOCK_WRONG[backend]].sort());
        for (const c of report.cases.filter((c) => !c.agrees))
          expect(c.tensors[0].maxRelError, c.name).toBeGreaterThan(0.1);
      } finally {
        useStockPoolKernels(false);
      }
      const restored = await auditKernels({ names: STOCK_WRONG[backend] });
      expect(flagged(restored)).toEqual([]);
    });
  }
});
