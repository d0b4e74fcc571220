// The worker's handler driven in Node, as the page drives it: configure, compare, train, pause,
// and every kind of bad message, after which the worker must still work.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it, vi } from 'vitest';
import { TrainingSession } from '../../src/core/train';
import { PRESETS } from '../../src/core/presets';
import { config, makeHandler, waitFor } from './harness';

describe('the worker handler', () => {
  it('configure reports the backend, the model, the dataset and the gradients (fast, then with the Jacobian)', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    expect(of('ready')[0].backend).toBe('cpu');
    const [configured] = of('configured');
    expect(configured.model.parts.map((p) => p.name)).toEqual(['model_0', 'model_1', 'model_2']);
    expect(configured.dataset.examples[0].shape).toEqual([10, 10, 1]);
    const reports = of('gradients').map((e) => e.report);
    expect(reports.map((r) => r.methods.map((m) => m.method))).toEqual([
      ['reference', 'vjp', 'naive'],
      ['reference', 'vjp', 'naive', 'jacobian'],
    ]);
    const vjp = reports[1].methods.find((m) => m.method === 'vjp')!;
    expect(vjp.weightComparisons.every((c) => c.allclose)).toBe(true);
    expect(
      reports[1].methods
        .find((m) => m.method === 'jacobian')!
        .weightComparisons.every((c) => c.allclose),
    ).toBe(true);
    await handler.handle({ type: 'dispose' });
  });

  it('a new cut list recomputes the comparison for its parts', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'computeGradients', cuts: [2], methods: ['reference', 'vjp'] });
    const last = of('gradients').at(-1)!.report;
    expect(last.cuts).toEqual([2]);
    expect(last.parts).toHaveLength(2);
    expect(last.methods[1].boundaryComparisons.every((c) => c.allclose)).toBe(true);
    await handler.handle({ type: 'dispose' });
  });

  it('a newer cut list supersedes a comparison still waiting or running', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    const before = of('gradients').length;
    // Three drags in a row, sent without waiting: only the last is worth its Jacobian.
    const all = ['reference', 'vjp', 'naive', 'jacobian'] as const;
    void handler.handle({ type: 'computeGradients', cuts: [2], methods: [...all] });
    void handler.handle({ type: 'computeGradients', cuts: [1], methods: [...all] });
    await handler.handle({ type: 'computeGradients', cuts: [3], methods: [...all] });
    const reports = of('gradients')
      .slice(before)
      .map((e) => e.report);
    expect(reports.map((r) => [r.cuts, r.methods.length])).toEqual([
      [[3], 3],
      [[3], 4],
    ]);
    await handler.handle({ type: 'dispose' });
  });

  it('trains 20 steps and reports every step, throttled into few events', async () => {
    const harness = makeHandler();
    const { handler, of } = harness;
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'train', steps: 20 });
    await waitFor(() => of('trainingState').at(-1)?.state === 'idle' && of('progress').length > 0);
    const records = of('progress').flatMap((e) => e.records);
    expect(records.map((r) => r.step)).toEqual([...Array(20).keys()]);
    expect(of('progress').length).toBeLessThan(20);
    // Every step arrives before the state that says training ended.
    const { events } = harness;
    expect(events.findLastIndex((e) => e.type === 'progress')).toBeLessThan(
      events.findLastIndex((e) => e.type === 'trainingState'),
    );
    expect(records.every((r) => r.maxWeightDiff === 0 && r.losses.naive !== undefined)).toBe(true);
    await handler.handle({ type: 'dispose' });
  });

  it('pause takes effect within one step; resume and step continue from there', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'train', steps: 10_000 });
    await waitFor(() => of('progress').length > 0);
    const stepsBeforePause = of('progress').flatMap((e) => e.records).length;
    await handler.handle({ type: 'pause' });
    await waitFor(() => of('trainingState').at(-1)?.state === 'paused');
    await new Promise((r) => setTimeout(r, 50));
    const records = of('progress').flatMap((e) => e.records);
    // The step in flight when pause arrived finishes; none starts after it.
    expect(records.length - stepsBeforePause).toBeLessThanOrEqual(1);
    expect(of('trainingState').at(-1)!.step).toBe(records.length);
    await handler.handle({ type: 'step' });
    expect(of('progress').at(-1)!.records[0].step).toBe(records.length);
    await handler.handle({ type: 'resume' });
    await waitFor(() => of('trainingState').at(-1)?.state === 'running');
    await handler.handle({ type: 'reset' });
    expect(of('trainingState').at(-1)).toMatchObject({ state: 'idle', step: 0 });
    await handler.handle({ type: 'dispose' });
  });

  it.each([
    ['an unknown type', { type: 'frobnicate' }, 'protocol', /unknown message "frobnicate"/],
    ['null', null, 'protocol', /unknown message/],
    ['a bare string', 'configure', 'protocol', /unknown message/],
    [
      'a broken spec',
      {
        type: 'configure',
        config: config({ spec: { ...PRESETS['seed-toy'].spec, layers: [{ type: 'dense' }] } }),
      },
      'spec',
      /layer 0 \(dense\): units is missing/,
    ],
    ['a bad cut', { type: 'configure', config: config({ cuts: [7] }) }, 'cuts', /cut 7/],
    [
      'an unknown dataset',
      {
        type: 'configure',
        config: config({ dataset: { kind: 'imagenet' as 'synthetic', size: 3 } }),
      },
      'data',
      /unknown dataset 'imagenet'/,
    ],
    [
      'a zero learning rate',
      { type: 'configure', config: config({ hyper: { ...config().hyper, learningRate: 0 } }) },
      'training',
      /learning rate must be a positive number/,
    ],
    [
      'unsorted cuts',
      { type: 'computeGradients', cuts: [1, 0], methods: ['vjp'] },
      'cuts',
      /increasing order/,
    ],
    [
      'negative steps',
      { type: 'train', steps: -3 },
      'training',
      /steps must be a positive integer/,
    ],
    [
      'bad cost sizes',
      { type: 'measureCost', sizes: ['big'] },
      'gradients',
      /positive integer sizes/,
    ],
  ])(
    'answers %s with an error event in the right cell and keeps working',
    async (_, message, where, text) => {
      const { handler, of } = makeHandler();
      await handler.handle({ type: 'configure', config: config() });
      const reportsBefore = of('gradients').length;
      await handler.handle(message);
      const error = of('error').at(-1)!;
      expect(error.where).toBe(where);
      expect(error.message).toMatch(text);
      expect(error.recoverable).toBe(true);
      // The last good session still answers.
      await handler.handle({
        type: 'computeGradients',
        cuts: [0, 1],
        methods: ['reference', 'vjp'],
      });
      // The fast methods first, then the same with the float64 check.
      expect(of('gradients').length).toBe(reportsBefore + 2);
      expect(of('gradients').at(-1)!.report.fd64?.weights.length).toBe(6);
      await handler.handle({ type: 'dispose' });
    },
  );

  it('before configure, requests say what to do first', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'train', steps: 5 });
    expect(of('error')[0]).toMatchObject({
      where: 'protocol',
      message: expect.stringMatching(/send configure first/),
    });
  });

  it('a diverging run stops with the step and the likely cause', async () => {
    const { handler, of } = makeHandler();
    const spec = {
      ...PRESETS['colab-mlp'].spec,
      layers: PRESETS['colab-mlp'].spec.layers.slice(0, 3),
    };
    await handler.handle({
      type: 'configure',
      config: config({ spec, cuts: [0], hyper: { ...config().hyper, learningRate: 1e30 } }),
    });
    await handler.handle({ type: 'train', steps: 100 });
    await waitFor(() => of('trainingState').at(-1)?.state === 'stopped');
    expect(of('error').at(-1)).toMatchObject({
      where: 'training',
      message: expect.stringMatching(/learning rate 1e\+30 is probably too high/),
    });
    await handler.handle({ type: 'dispose' });
  });

  it('measures the Jacobian cost against the VJP as the input grows', async () => {
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'measureCost', sizes: [4, 6, 8] });
    const points = of('cost')[0].points;
    expect(points.map((p) => p.size)).toEqual([4, 6, 8]);
    expect(points.every((p) => p.jacobianMs !== null && p.jacobianBytes! > p.vjpBytes)).toBe(true);
    expect(points[2].jacobianPlannedBytes).toBeGreaterThan(points[0].jacobianPlannedBytes);
    await handler.handle({ type: 'dispose' });
  });

  it('leaves no tensors after dispose', async () => {
    const before = tf.memory().numTensors;
    const { handler, of } = makeHandler();
    await handler.handle({ type: 'configure', config: config() });
    await handler.handle({ type: 'train', steps: 5 });
    await waitFor(() => of('trainingState').at(-1)?.state === 'idle' && of('progress').length > 0);
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a backend failing mid-run falls back to the next one with a note, and the run goes on there from step 0', async () => {
    // The backend names are simulated and the math runs on cpu throughout: every step taken
    // while the simulated backend is webgl fails, as on a lost WebGL context.
    const tensorsBefore = tf.memory().numTensors;
    let backend = '';
    const { handler, of } = makeHandler({ backendName: (choice) => (backend = choice) });
    await handler.handle({ type: 'configure', config: config({ backend: 'webgl' }) });
    const trainStep = TrainingSession.prototype.trainStep;
    const spy = vi.spyOn(TrainingSession.prototype, 'trainStep').mockImplementation(function (
      this: TrainingSession,
    ) {
      if (backend === 'webgl') throw new Error('WebGL context lost');
      return trainStep.call(this);
    });
    try {
      await handler.handle({ type: 'train', steps: 3 });
      await waitFor(() => of('trainingState').at(-1)?.step === 3);
      expect(of('error')).toHaveLength(1);
      expect(of('error')[0]).toMatchObject({
        where: 'backend',
        recoverable: true,
        message: expect.stringMatching(
          /the webgl backend failed during training \(WebGL context lost\); switched to wasm and restarted training from step 0/,
        ),
      });
      expect(of('ready').at(-1)!.backend).toBe('wasm');
      expect(of('trainingState').map((e) => [e.state, e.step, e.reason])).toEqual([
        ['idle', 0, undefined],
        ['running', 0, undefined],
        ['stopped', 0, 'WebGL context lost'],
        ['idle', 0, undefined],
        ['running', 0, undefined],
        ['idle', 3, undefined],
      ]);
      expect(
        of('progress')
          .flatMap((e) => e.records)
          .map((r) => r.step),
      ).toEqual([0, 1, 2]);
    } finally {
      spy.mockRestore();
    }
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
