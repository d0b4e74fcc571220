// The page keeps a bounded history of training steps: the latest in full, older ones thinned
// evenly, so a long run costs the same per progress event at step 100 000 as at step 100.
import { describe, expect, it } from 'vitest';
import {
  initialSession,
  sessionReducer,
  stepsDone,
  type SessionState,
} from '../../src/ui/state/sessionState';
import { fixtureRecords } from './fixtures/records';

/** `steps` steps arriving as the worker throttles them, `perEvent` records at a time. */
function trainFor(steps: number, perEvent: number, state: SessionState = initialSession) {
  for (let from = state.records.length ? stepsDone(state) : 0; from < steps; from += perEvent) {
    const records = fixtureRecords(Math.min(perEvent, steps - from), from, false);
    state = sessionReducer(state, {
      kind: 'event',
      event: { type: 'progress', records, stepsPerSecond: 100, state: 'running' },
    });
  }
  return state;
}

describe('the training records the page keeps', () => {
  it('keeps every step of a short run', () => {
    const state = trainFor(1500, 10);
    expect(state.records.map((r) => r.step)).toEqual([...Array(1500).keys()]);
  });

  it('after 20 000 steps keeps at most 2 000: the last 1 000 in full, older ones evenly spaced', () => {
    const state = trainFor(20_000, 10);
    const steps = state.records.map((r) => r.step);
    expect(steps.length).toBeLessThanOrEqual(2000);
    expect(steps.length).toBeGreaterThanOrEqual(1500);
    expect(steps.slice(-1000)).toEqual([...Array(1000).keys()].map((i) => 19_000 + i));
    const older = steps.slice(0, -1000);
    // Older steps are every 32nd here: the stride doubles each time they outgrow their half.
    expect(older[0]).toBe(0);
    const gaps = new Set(older.slice(1).map((s, i) => s - older[i]));
    expect([...gaps]).toEqual([32]);
    expect(stepsDone(state)).toBe(20_000);
  });

  it('thins the same way however the steps were batched into events', () => {
    const a = trainFor(7_000, 7).records.map((r) => r.step);
    const b = trainFor(7_000, 500).records.map((r) => r.step);
    expect(a).toEqual(b);
  });
});
