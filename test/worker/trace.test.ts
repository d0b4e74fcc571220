// The traceStep request through the worker's handler: a trace of the split twin as it stands,
// its pictures in buffers of their own, training not advanced, and a stray field refused.
import { describe, expect, it } from 'vitest';
import { withOwnBuffers } from '../../src/worker/transfer';
import { config, makeHandler } from './harness';

describe('the traceStep request', () => {
  it('answers with a trace of the split twin at its current weights, without stepping it', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'step' });
    const lossAfterStep = of('progress').at(-1)!.records.at(-1)!.losses.vjp!;
    await handler.handle({ type: 'traceStep' });
    const [event] = of('trace');
    expect(event.step).toBe(1);
    const { trace } = event;
    expect(trace.parts.map((p) => p.name)).toEqual(['model_0', 'model_1', 'model_2']);
    expect(trace.activations.map((a) => a.shape)).toEqual([
      [3, 9, 9, 6],
      [3, 8, 8, 6],
    ]);
    expect(trace.upstream).toHaveLength(3);
    expect(trace.weights.every((w) => w.maxAbsDiff < 1e-6)).toBe(true);
    // The traced weights are those after one step: the loss differs from step 0's.
    expect(trace.loss).not.toBeCloseTo(lossAfterStep, 7);
    for (const w of trace.weights) expect(w.updateNorm).toBeCloseTo(0.1 * w.gradNorm, 6);
    // The trace's update went to copies: a second trace sees the same weights.
    await handler.handle({ type: 'traceStep' });
    expect(of('trace')[1].trace.loss).toBe(trace.loss);
    await handler.handle({ type: 'dispose' });
  });

  it('sends every picture in a buffer of its own', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'traceStep' });
    const { transfer } = withOwnBuffers(of('trace')[0]);
    // 2 activations, the prediction and 3 upstream gradients.
    expect(transfer).toHaveLength(6);
    expect(new Set(transfer).size).toBe(6);
    await handler.handle({ type: 'dispose' });
  });

  it('refuses extra fields, and a trace before configure, in words', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'traceStep', steps: 3 });
    await handler.handle({ type: 'traceStep' });
    const errors = of('error');
    expect(errors).toHaveLength(2);
    expect(errors[0].where).toBe('protocol');
    expect(errors[0].message).toMatch(/steps/);
    expect(errors[1].message).toMatch(/send configure first/);
    expect(of('trace')).toHaveLength(0);
  });
});
