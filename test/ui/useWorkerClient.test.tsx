// The one worker client, driven through a fake Worker: it posts requests, folds events into
// session state, turns the worker's own failures into error events, and terminates on unmount.
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useWorkerClient } from '../../src/ui/hooks/useWorkerClient';
import { WorkerClient } from '../../src/ui/hooks/workerClient';
import type { WorkerEvent } from '../../src/worker/protocol';
import { FakeWorker } from './fixtures/fakeWorker';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';

function setup() {
  const worker = new FakeWorker();
  const createWorker = () => worker;
  const hook = renderHook(() => useWorkerClient(createWorker));
  const emit = (event: WorkerEvent | unknown) => act(() => worker.emit(event));
  return { worker, hook, emit, state: () => hook.result.current.state };
}

describe('useWorkerClient', () => {
  it('owns one worker with one message listener and terminates it on unmount', () => {
    const { worker, hook } = setup();
    expect(worker.listenerCount('message')).toBe(1);
    expect(worker.listenerCount('error')).toBe(1);
    expect(worker.listenerCount('messageerror')).toBe(1);
    hook.unmount();
    expect(worker.isTerminated).toBe(true);
    expect(worker.listenerCount('message')).toBe(0);
  });

  it('posts what the page sends and records it as pending', () => {
    const { worker, hook, state } = setup();
    act(() => hook.result.current.send({ type: 'computeGradients', cuts: [1], methods: ['vjp'] }));
    expect(worker.posted).toEqual([{ type: 'computeGradients', cuts: [1], methods: ['vjp'] }]);
    expect(state().isComputingGradients).toBe(true);
  });

  it('shows the backend from ready and the report from gradients', () => {
    const { emit, state } = setup();
    emit({ type: 'ready', backend: 'wasm', note: 'WebGL here is software-rendered' });
    expect(state().backend).toEqual({ name: 'wasm', note: 'WebGL here is software-rendered' });
    const report = fixtureReport();
    emit({ type: 'gradients', report });
    expect(state().report).toBe(report);
    expect(state().isComputingGradients).toBe(false);
  });

  it('appends every record of each progress event, in order', () => {
    const { emit, state } = setup();
    emit({ type: 'progress', records: fixtureRecords(3), stepsPerSecond: 30, state: 'running' });
    emit({ type: 'progress', records: fixtureRecords(4, 3), stepsPerSecond: 32, state: 'running' });
    expect(state().records.map((r) => r.step)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(state().stepsPerSecond).toBe(32);
    expect(state().training).toMatchObject({ state: 'running', step: 7 });
  });

  it('drops the steps a reset undid', () => {
    const { emit, state } = setup();
    emit({ type: 'progress', records: fixtureRecords(5), stepsPerSecond: 30, state: 'running' });
    emit({ type: 'trainingState', state: 'idle', step: 0 });
    expect(state().records).toEqual([]);
    expect(state().training).toEqual({ state: 'idle', step: 0, reason: undefined });
  });

  it('files each error under the cell that caused it', () => {
    const { emit, state } = setup();
    emit({
      type: 'error',
      where: 'cuts',
      message: 'cut 7: a cut goes after a layer from 0 to 3',
      recoverable: true,
    });
    emit({
      type: 'error',
      where: 'training',
      message: 'step 4: the loss is no longer finite',
      recoverable: true,
    });
    expect(state().errors.cuts?.message).toMatch(/cut 7/);
    expect(state().errors.training?.message).toMatch(/step 4/);
    expect(state().errors.spec).toBeUndefined();
  });

  it('clears a cell’s error when the page asks again', () => {
    const { emit, hook, state } = setup();
    emit({ type: 'error', where: 'cuts', message: 'cut 7 is out of range', recoverable: true });
    act(() => hook.result.current.send({ type: 'computeGradients', cuts: [0], methods: ['vjp'] }));
    expect(state().errors.cuts).toBeUndefined();
  });

  it('turns a worker that failed to load into a backend error the page can show', () => {
    const { worker, state } = setup();
    let event: Event | undefined;
    act(() => {
      event = worker.fail('error', 'SyntaxError: Unexpected token');
    });
    expect(event!.defaultPrevented).toBe(true);
    expect(state().errors.backend).toEqual({
      message: expect.stringMatching(/gradient worker stopped: SyntaxError.*Reload the page/),
      recoverable: false,
    });
  });

  it('turns messageerror and unknown messages into protocol errors', () => {
    const { worker, emit, state } = setup();
    act(() => {
      worker.fail('messageerror');
    });
    expect(state().errors.protocol?.message).toMatch(/could not be read/);
    emit({ type: 'surprise', payload: 1 });
    expect(state().errors.protocol?.message).toMatch(/does not understand.*surprise/);
  });
});

describe('WorkerClient', () => {
  it('stops posting after terminate and reports a failed post as an error event', () => {
    const worker = new FakeWorker();
    const client = new WorkerClient(worker);
    const events: WorkerEvent[] = [];
    client.subscribe((e) => events.push(e));
    worker.postMessage = () => {
      throw new DOMException('could not be cloned', 'DataCloneError');
    };
    client.send({ type: 'step' });
    expect(events).toEqual([expect.objectContaining({ type: 'error', where: 'protocol' })]);
    client.terminate();
    client.send({ type: 'step' });
    expect(events).toHaveLength(1);
  });
});
