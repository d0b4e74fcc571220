// The kernel audit in Node: every layer's tfjs gradients (input and weights) agree with float64
// central differences on cpu and wasm with our kernels; with tfjs's stock pooling kernels put
// back, the audit flags exactly the cases those kernels get wrong.
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_CASES, auditKernels, type AuditReport } from '../../src/core/audit';
import { useBackend, useStockPoolKernels } from '../../src/core/backends/select';
import { recordAudit } from '../e2e/audit/artifact';
import { OURS_WRONG, STOCK_WRONG } from '../e2e/audit/expectedFlags';

const BACKENDS = ['cpu', 'wasm'] as const;

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
      expect(flagged(report)).toEqual(OURS_WRONG[backend]);
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
