// A cut dropped while the slow Jacobian comparison runs: the worker lets it in between Jacobian
// rows, answers it with the fast report, and abandons the old pass with its tensors freed.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { SessionHandler } from '../../src/worker/handler';
import type { WorkerEvent } from '../../src/worker/protocol';
import { config, waitFor } from './harness';

const ALL = ['reference', 'vjp', 'naive', 'jacobian'] as const;

/** The handler with a clock on its events and a count of the pauses it makes for messages. */
function makeTimedHandler() {
  const events: { event: WorkerEvent; at: number }[] = [];
  const counts = { pauses: 0 };
  const handler = new SessionHandler({
    emit: (event) => events.push({ event, at: performance.now() }),
    useBackend: async () => ({ backend: tf.getBackend() }),
    yieldToMessages: () => {
      counts.pauses++;
      return new Promise((resolve) => setImmediate(resolve));
    },
  });
  const reports = () =>
    events.flatMap(({ event, at }) =>
      event.type === 'gradients' ? [{ ...event.report, at }] : [],
    );
  return { handler, events, counts, reports };
}

describe('a cut dropped during the Jacobian comparison', () => {
  it('is answered by its fast report while the old Jacobian pass is abandoned, leaking nothing (seed-toy, 3 drops)', async () => {
    const before = tf.memory().numTensors;
    const { handler, counts, reports, events } = makeTimedHandler();
    await handler.handle({ type: 'configure', config: config() });
    const latencies: number[] = [];
    // Each drop lands in the slow pass of cuts [0, 1] (2,613 Jacobian rows), 10 pauses into it.
    for (const cuts of [[1], [2], [0]]) {
      void handler.handle({ type: 'computeGradients', cuts: [0, 1], methods: [...ALL] });
      await waitFor(() => reports().at(-1)?.cuts.join() === '0,1');
      const pausesAtFastReport = counts.pauses;
      await waitFor(() => counts.pauses >= pausesAtFastReport + 10);
      const sentAt = performance.now();
      const eventsBefore = events.length;
      const done = handler.handle({ type: 'computeGradients', cuts, methods: [...ALL] });
      await waitFor(() => reports().at(-1)?.cuts.join() === cuts.join(), 60_000);
      latencies.push(reports().at(-1)!.at - sentAt);
      await done;
      // After the drop: the new cuts' fast report, then their Jacobian; nothing for [0, 1].
      const after = events
        .slice(eventsBefore)
        .flatMap(({ event }) =>
          event.type === 'gradients'
            ? [[event.report.cuts.join(), event.report.methods.length]]
            : [],
        );
      expect(after).toEqual([
        [cuts.join(), 3],
        [cuts.join(), 4],
      ]);
    }
    console.log(
      `drop during the Jacobian pass to the new cuts' fast report (Node, cpu, seed-toy): ${latencies
        .map((ms) => `${Math.round(ms)} ms`)
        .join(', ')}`,
    );
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it("says where the drop's time went: the slice it waited for, then each phase in order", async () => {
    const { handler, counts, events, reports } = makeTimedHandler();
    await handler.handle({ type: 'configure', config: config() });
    void handler.handle({ type: 'computeGradients', cuts: [0, 1], methods: [...ALL] });
    await waitFor(() => reports().at(-1)?.cuts.join() === '0,1');
    const pausesAtFastReport = counts.pauses;
    await waitFor(() => counts.pauses >= pausesAtFastReport + 10);
    await handler.handle({ type: 'computeGradients', cuts: [2], methods: [...ALL] });
    const [fast, slow] = events.flatMap(({ event }) =>
      event.type === 'gradients' && event.report.cuts.join() === '2' ? [event.timings!] : [],
    );
    // The drop came in a pause of the old pass: the slice before it is noted, and ended before.
    expect(fast.lastSlice!.startedAt).toBeLessThanOrEqual(fast.lastSlice!.endedAt);
    expect(fast.lastSlice!.endedAt).toBeLessThanOrEqual(fast.receivedAt);
    const phases = [fast.receivedAt, fast.startedAt, fast.preparedAt, fast.computedAt, fast.sentAt];
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    // The clock is the page's too: milliseconds since the epoch.
    expect(Math.abs(fast.receivedAt - Date.now())).toBeLessThan(60_000);
    // The slow pass of the same request shares its arrival and ends later.
    expect(slow.receivedAt).toBe(fast.receivedAt);
    expect(slow.computedAt).toBeGreaterThanOrEqual(fast.sentAt);
    await handler.handle({ type: 'dispose' });
  });
});
