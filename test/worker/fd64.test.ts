// The float64 check in the worker: it follows the fast methods in the slow pass, judges every
// method, and with tfjs's stock pooling kernels switched on it catches the wrong reference.
import { describe, expect, it } from 'vitest';
import { fd64Verdict } from '../../src/core/fd64Verdict';
import { AVG_POOL_SAME } from '../core/models';
import { config, makeHandler } from './harness';

const lastReport = (of: ReturnType<typeof makeHandler>['of']) => of('gradients').at(-1)!.report;

describe('fd64 in the worker', () => {
  it('the slow pass carries fd64 at the requested sample size, and every tfjs method agrees', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config({ fd64Samples: 10 }) });
    const [fast, slow] = of('gradients').map((e) => e.report);
    expect(fast.fd64).toBeUndefined();
    expect(slow.fd64!.samplesPerTensor).toBe(10);
    expect(slow.fd64!.weights.map((w) => w.indices.length)).toEqual([10, 6, 10, 6, 10, 1]);
    for (const m of slow.methods) {
      const verdict = fd64Verdict(slow, m)!;
      expect([m.method, verdict.agreeing === verdict.checked]).toEqual([
        m.method,
        m.method !== 'naive',
      ]);
    }
    await handler.handle({ type: 'dispose' });
  });

  it("with tfjs's stock kernels, the wrong AvgPoolGrad is caught; switched back, it agrees", async () => {
    const { handler, of } = makeHandler();
    const base = config({
      spec: AVG_POOL_SAME,
      cuts: [1],
      dataset: { kind: 'seed-random', size: 3 },
    });
    await handler.handle({ type: 'configure', config: { ...base, stockKernels: true } });
    const stock = lastReport(of);
    // The second average pool (layer 2) is the first wrong backward pass from the loss.
    expect(fd64Verdict(stock, stock.methods[0])!.first?.suspects).toEqual({ first: 2, last: 4 });
    await handler.handle({ type: 'configure', config: base });
    const ours = lastReport(of);
    expect(fd64Verdict(ours, ours.methods[0])!.first).toBeUndefined();
    await handler.handle({ type: 'dispose' });
  });

  it('refuses a bad sample count or switch with a message in the gradients cell', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: { ...config(), fd64Samples: 0 } });
    expect(of('error').at(-1)).toMatchObject({
      where: 'gradients',
      message: expect.stringMatching(/1 to 100000/),
    });
    await handler.handle({
      type: 'configure',
      config: { ...config(), stockKernels: 'yes' as unknown as boolean },
    });
    expect(of('error').at(-1)).toMatchObject({
      where: 'gradients',
      message: expect.stringMatching(/true or false/),
    });
  });
});
