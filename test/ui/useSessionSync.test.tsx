// What the page tells the worker: one configure for a new worker, computeGradients (not a
// rebuild) for new cuts alone, a single debounced configure for a burst of edits, sent at once
// when another request is about to follow it (flush).
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSessionSync } from '../../src/ui/hooks/useSessionSync';
import {
  settingsForPreset,
  settingsReducer,
  type NotebookSettings,
  type SettingsAction,
} from '../../src/ui/state/notebookSettings';
import type { Request } from '../../src/worker/protocol';

function setup() {
  const sent: Request[] = [];
  const send = (request: Request) => sent.push(request);
  let settings = settingsForPreset('seed-toy');
  const hook = renderHook(({ s }: { s: NotebookSettings }) => useSessionSync(s, send, 1), {
    initialProps: { s: settings },
  });
  const change = (action: SettingsAction) => {
    settings = settingsReducer(settings, action);
    hook.rerender({ s: settings });
  };
  const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));
  return {
    sent,
    change,
    wait,
    sendCuts: (cuts: number[]) => hook.result.current.sendCuts(cuts),
    flush: () => hook.result.current.flush(),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('useSessionSync', () => {
  it('configures a new worker at once with the preset, its cuts and the hyper-parameters', () => {
    const { sent, wait } = setup();
    wait(0);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request.type).toBe('configure');
    if (request.type !== 'configure') return;
    expect(request.config).toMatchObject({
      cuts: [0, 1],
      dataset: { kind: 'seed-random', size: 3 },
      hyper: { batchSize: 3, optimizer: 'adam' },
      backend: 'auto',
    });
    expect((request.config.spec as { name: string }).name).toBe('seed-toy');
  });

  it('asks for held-out accuracy only when the data holds examples out', () => {
    const { sent, change, wait } = setup();
    wait(0);
    change({ kind: 'dataset', dataset: { kind: 'mnist', digits: [3, 8] } });
    wait(400);
    const [first, second] = sent;
    expect(first.type === 'configure' && first.config.hyper.evaluation).toBeUndefined();
    expect(second.type === 'configure' && second.config).toMatchObject({
      dataset: { kind: 'mnist', digits: [3, 8] },
      hyper: { evaluation: { every: 10, examples: 256, mistakes: 8 } },
    });
  });

  it('asks only for new gradients when the cuts change, at once (no timer between)', () => {
    const { sent, change, wait } = setup();
    wait(0);
    change({ kind: 'cuts', cuts: [2] });
    expect(sent.map((r) => r.type)).toEqual(['configure', 'computeGradients']);
    wait(100);
    expect(sent.map((r) => r.type)).toEqual(['configure', 'computeGradients']);
    expect(sent[1]).toEqual({
      type: 'computeGradients',
      cuts: [2],
      methods: ['reference', 'vjp', 'jacobian', 'naive'],
    });
  });

  it('sends cuts handed to it before any render, and the render that follows sends nothing more', () => {
    const { sent, change, wait, sendCuts } = setup();
    wait(0);
    sendCuts([2]);
    expect(sent.map((r) => r.type)).toEqual(['configure', 'computeGradients']);
    change({ kind: 'cuts', cuts: [2] });
    wait(100);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ type: 'computeGradients', cuts: [2] });
  });

  it('leaves cuts to a pending configure, which carries them', () => {
    const { sent, change, wait, sendCuts } = setup();
    wait(0);
    change({ kind: 'hyper', hyper: { learningRate: 0.2 } });
    sendCuts([2]);
    change({ kind: 'cuts', cuts: [2] });
    wait(400);
    expect(sent.map((r) => r.type)).toEqual(['configure', 'configure']);
    expect(sent[1].type === 'configure' && sent[1].config.cuts).toEqual([2]);
  });

  it('flush sends a waiting configure at once, and its timer then sends nothing more', () => {
    const { sent, change, wait, flush } = setup();
    wait(0);
    flush();
    expect(sent).toHaveLength(1);
    change({ kind: 'hyper', hyper: { learningRate: 0.2 } });
    wait(100);
    expect(sent).toHaveLength(1);
    flush();
    expect(sent.map((r) => r.type)).toEqual(['configure', 'configure']);
    expect(sent[1].type === 'configure' && sent[1].config.hyper.learningRate).toBe(0.2);
    wait(400);
    flush();
    expect(sent).toHaveLength(2);
  });

  it('sends one configure for a burst of hyper-parameter edits', () => {
    const { sent, change, wait } = setup();
    wait(0);
    change({ kind: 'hyper', hyper: { learningRate: 0.1 } });
    wait(50);
    change({ kind: 'hyper', hyper: { learningRate: 0.12 } });
    wait(50);
    change({ kind: 'hyper', hyper: { learningRate: 0.125 } });
    wait(400);
    expect(sent.map((r) => r.type)).toEqual(['configure', 'configure']);
    expect(sent[1].type === 'configure' && sent[1].config.hyper.learningRate).toBe(0.125);
  });

  it('a preset with new cuts rebuilds the session once, carrying its cuts', () => {
    const { sent, change, wait } = setup();
    wait(0);
    change({ kind: 'preset', name: 'colab-mlp' });
    wait(400);
    expect(sent.map((r) => r.type)).toEqual(['configure', 'configure']);
    expect(sent[1].type === 'configure' && sent[1].config.cuts).toEqual([1]);
  });

  it('an invalid draft sends nothing: the last valid model keeps running', () => {
    const { sent, change, wait } = setup();
    wait(0);
    change({ kind: 'draft', draft: { name: 'x', input: [3], loss: 'mse', layers: [] } });
    wait(400);
    expect(sent).toHaveLength(1);
  });

  it("rebuilds the session with the float64 check's settings when they change", () => {
    const { sent, change, wait } = setup();
    wait(0);
    change({ kind: 'check', check: { stockKernels: true, fd64Samples: 8 } });
    wait(300);
    const last = sent.at(-1)!;
    expect(last.type).toBe('configure');
    if (last.type !== 'configure') return;
    expect(last.config).toMatchObject({ stockKernels: true, fd64Samples: 8, cuts: [0, 1] });
  });
});
