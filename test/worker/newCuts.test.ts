// New cuts restart training from the seed's weights. An untrained session already holds those
// weights, so its fast report goes out before the session is rebuilt; a trained one, or one given
// imported weights, is rebuilt first. Either way the report is the one a session configured at
// those cuts gives, number for number.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { SessionHandler } from '../../src/worker/handler';
import type { GradientsReport, WorkerEvent } from '../../src/worker/protocol';
import { config, makeHandler, waitFor } from './harness';

const ALL = ['reference', 'vjp', 'naive', 'jacobian'] as const;

/** A report's numbers: every method's loss, weight and boundary gradients, and fd64's. */
const numbersOf = (report: GradientsReport) => ({
  cuts: report.cuts,
  methods: report.methods.map((m) => ({
    method: m.method,
    loss: m.loss,
    weights: m.weights.map((w) => Array.from(w.data)),
    boundaries: m.boundaries.map((b) => Array.from(b.data)),
  })),
  fd64: report.fd64 && { weights: report.fd64.weights, boundaries: report.fd64.boundaries },
});

/** The fast and slow reports of a session configured at `cuts` from the start. */
async function configuredAt(cuts: number[]) {
  const harness = makeHandler();
  await harness.handler.handle({ type: 'configure', config: config({ cuts }) });
  const reports = harness.of('gradients').map((e) => numbersOf(e.report));
  await harness.handler.handle({ type: 'dispose' });
  return reports;
}

/** After `from`, the gradient reports and training states in the order they were sent. */
const reportsAndStates = (events: WorkerEvent[], from: number) =>
  events
    .slice(from)
    .flatMap((e) =>
      e.type === 'gradients' ? ['gradients'] : e.type === 'trainingState' ? ['trainingState'] : [],
    );

describe('new cuts', () => {
  it('on an untrained session: the fast report goes before the rebuild, and equals a session configured at those cuts', async () => {
    const before = tf.memory().numTensors;
    const expected = await configuredAt([2]);
    const { handler, events, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    const from = events.length;
    await handler.handle({ type: 'computeGradients', cuts: [2], methods: [...ALL] });
    expect(reportsAndStates(events, from)).toEqual(['gradients', 'trainingState', 'gradients']);
    expect(
      of('gradients')
        .slice(-2)
        .map((e) => numbersOf(e.report)),
    ).toEqual(expected);
    // The session took the cuts: asked for them again, it has nothing to rebuild.
    const again = events.length;
    await handler.handle({ type: 'computeGradients', cuts: [2], methods: [...ALL] });
    expect(reportsAndStates(events, again)).toEqual(['gradients', 'gradients']);
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('after training steps: the session is rebuilt first, and the report is at the seed’s weights', async () => {
    const expected = await configuredAt([2]);
    const { handler, events, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    for (let i = 0; i < 3; i++) await handler.handle({ type: 'step' });
    const from = events.length;
    await handler.handle({ type: 'computeGradients', cuts: [2], methods: [...ALL] });
    expect(reportsAndStates(events, from)).toEqual(['trainingState', 'gradients', 'gradients']);
    expect(
      of('gradients')
        .slice(-2)
        .map((e) => numbersOf(e.report)),
    ).toEqual(expected);
    await handler.handle({ type: 'dispose' });
  });

  it('after imported weights at step 0: the session is rebuilt first, and the report is at the seed’s weights', async () => {
    const expected = await configuredAt([2]);
    const { handler, events, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'step' });
    await handler.handle({ type: 'exportWeights' });
    // Trained weights, labelled step 0: the step counter alone cannot tell them from the seed's.
    const state = { ...of('weights').at(-1)!.state, step: 0 };
    await handler.handle({ type: 'importWeights', state });
    expect(of('weightsImported').at(-1)!.step).toBe(0);
    const from = events.length;
    await handler.handle({ type: 'computeGradients', cuts: [2], methods: [...ALL] });
    expect(reportsAndStates(events, from)).toEqual(['trainingState', 'gradients', 'gradients']);
    expect(
      of('gradients')
        .slice(-2)
        .map((e) => numbersOf(e.report)),
    ).toEqual(expected);
    await handler.handle({ type: 'dispose' });
  });

  it('a drop abandoned in its fast pass still leaves the session at its cuts, leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const events: WorkerEvent[] = [];
    let drop: unknown = null;
    const handler = new SessionHandler({
      emit: (event) => events.push(event),
      useBackend: async () => ({ backend: tf.getBackend() }),
      // The next cut arrives in the first pause for messages after it is set.
      yieldToMessages: () => {
        if (drop) void handler.handle(drop);
        drop = null;
        return new Promise((resolve) => setImmediate(resolve));
      },
    });
    await handler.handle({ type: 'configure', config: config() });
    // A clock that runs 20 ms a reading: every method of the fast pass ends a slice.
    let now = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (now += 20));
    try {
      drop = { type: 'computeGradients', cuts: [3], methods: [...ALL] };
      const from = events.length;
      await handler.handle({ type: 'computeGradients', cuts: [2], methods: [...ALL] });
      await waitFor(() => events.filter((e) => e.type === 'gradients').length >= 4);
      // [2] was abandoned before its report; [3] got both of its own.
      expect(
        events.slice(from).flatMap((e) => (e.type === 'gradients' ? [e.report.cuts] : [])),
      ).toEqual([[3], [3]]);
    } finally {
      clock.mockRestore();
    }
    const again = events.length;
    await handler.handle({ type: 'computeGradients', cuts: [3], methods: [...ALL] });
    expect(reportsAndStates(events, again)).toEqual(['gradients', 'gradients']);
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
