// The learner's settings: an invalid draft never replaces the running model, presets bring
// their cuts and batch, and the URL hash round-trips.
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import {
  settingsForPreset,
  settingsReducer,
  type NotebookSettings,
} from '../../src/ui/state/notebookSettings';
import { settingsFromUrlHash, urlHashOf } from '../../src/ui/state/notebookUrl';

describe('settingsReducer', () => {
  it('keeps the last valid spec running while the draft is invalid', () => {
    const start = settingsForPreset('seed-toy');
    const broken = { ...PRESETS['seed-toy'].spec, layers: [{ type: 'dense', units: -1 }] };
    const next = settingsReducer(start, { kind: 'draft', draft: broken });
    expect(next.draft).toBe(broken);
    expect(next.model).toBe(start.model);
    expect(next.presetName).toBeNull();
  });

  it('runs a valid draft and drops the cuts that no longer fit it', () => {
    const start = settingsForPreset('seed-toy');
    const shorter = {
      ...PRESETS['seed-toy'].spec,
      layers: [{ type: 'flatten' }, { type: 'dense', units: 1 }],
    };
    const next = settingsReducer(start, { kind: 'draft', draft: shorter });
    expect(next.model.spec.layers).toHaveLength(2);
    expect(next.cuts).toEqual([0]);
  });

  it('a preset brings its spec, cuts and batch size and keeps the optimizer', () => {
    const start = settingsReducer(settingsForPreset('seed-toy'), {
      kind: 'hyper',
      hyper: { optimizer: 'momentum' },
    });
    const next = settingsReducer(start, { kind: 'preset', name: 'seed-cnn' });
    expect(next.presetName).toBe('seed-cnn');
    expect(next.cuts).toEqual(PRESETS['seed-cnn'].cuts);
    expect(next.hyper).toMatchObject({
      optimizer: 'momentum',
      batchSize: PRESETS['seed-cnn'].batch,
    });
  });

  it('a dataset choice replaces the data; a preset keeps it, except the seed batch follows the batch size', () => {
    const start = settingsForPreset('seed-toy');
    expect(start.dataset).toEqual({ kind: 'seed-random', size: PRESETS['seed-toy'].batch });
    const mnist = settingsReducer(start, {
      kind: 'dataset',
      dataset: { kind: 'mnist', digits: [3, 8] },
    });
    expect(mnist.dataset).toEqual({ kind: 'mnist', digits: [3, 8] });
    const cnn = settingsReducer(mnist, { kind: 'preset', name: 'seed-cnn-28' });
    expect(cnn.dataset).toEqual({ kind: 'mnist', digits: [3, 8] });
    const back = settingsReducer(
      settingsReducer(cnn, { kind: 'dataset', dataset: { kind: 'seed-random', size: 3 } }),
      { kind: 'preset', name: 'seed-cnn-28' },
    );
    expect(back.dataset).toEqual({ kind: 'seed-random', size: 32 });
  });
});

describe('the URL hash', () => {
  it('round-trips a preset with changed cuts and hyper-parameters', () => {
    let settings = settingsForPreset('colab-mlp');
    settings = settingsReducer(settings, { kind: 'cuts', cuts: [0, 2] });
    settings = settingsReducer(settings, {
      kind: 'hyper',
      hyper: { learningRate: 0.05, twins: ['reference', 'vjp'] },
    });
    const restored = settingsFromUrlHash(urlHashOf(settings));
    expect(restored.presetName).toBe('colab-mlp');
    expect(restored.cuts).toEqual([0, 2]);
    expect(restored.hyper).toEqual(settings.hyper);
  });

  it('round-trips a hand-written spec', () => {
    const draft = {
      name: 'tiny',
      input: [3],
      loss: 'mse',
      layers: [
        { type: 'dense', units: 2 },
        { type: 'dense', units: 1 },
      ],
    };
    const settings = settingsReducer(settingsForPreset('seed-toy'), { kind: 'draft', draft });
    const restored = settingsFromUrlHash(urlHashOf(settings));
    expect(restored.model.spec).toEqual(draft);
    expect(restored.presetName).toBeNull();
  });

  it("round-trips the float64 check's settings, and ignores unreadable ones", () => {
    const settings = settingsReducer(settingsForPreset('seed-toy'), {
      kind: 'check',
      check: { fd64Samples: 12, stockKernels: true },
    });
    expect(settingsFromUrlHash(urlHashOf(settings)).check).toEqual({
      fd64Samples: 12,
      stockKernels: true,
    });
    const hostile = { check: { fd64Samples: 1e9, stockKernels: 'yes' } };
    expect(settingsFromUrlHash('#' + encodeURIComponent(JSON.stringify(hostile))).check).toEqual({
      fd64Samples: 64,
      stockKernels: false,
    });
  });

  it('round-trips every kind of dataset choice', () => {
    const choices = [
      { kind: 'seed-random', size: 3 },
      { kind: 'synthetic', size: 300 },
      { kind: 'shapes', size: 512 },
      { kind: 'mnist', digits: [3, 8] },
      { kind: 'mnist', digits: [0, 9], size: 100 },
      { kind: 'mnist', digits: 'all' },
    ] as const;
    for (const dataset of choices) {
      const settings = settingsReducer(settingsForPreset('seed-cnn-28'), {
        kind: 'dataset',
        dataset: structuredClone(dataset) as NotebookSettings['dataset'],
      });
      expect(settingsFromUrlHash(urlHashOf(settings)).dataset).toEqual(dataset);
    }
  });

  it('keeps the default data for a dataset it cannot accept', () => {
    const hostile = [
      { kind: 'mnist', digits: [3, 3] },
      { kind: 'mnist', digits: [3, 10] },
      { kind: 'mnist', digits: 'some' },
      { kind: 'mnist', digits: [3, 8], size: 99_999 },
      { kind: 'shapes', size: 0 },
      { kind: 'shapes', size: 5000 },
      { kind: 'synthetic', size: 16, extra: 1 },
      { kind: 'cats', size: 16 },
      'mnist',
    ];
    for (const dataset of hostile)
      expect(
        settingsFromUrlHash('#' + encodeURIComponent(JSON.stringify({ dataset }))).dataset,
      ).toEqual({ kind: 'seed-random', size: 3 });
  });

  it('falls back to seed-toy for a hash it cannot read, and ignores cuts that do not fit', () => {
    expect(settingsFromUrlHash('#not-json').presetName).toBe('seed-toy');
    const restored = settingsFromUrlHash(
      '#' + encodeURIComponent(JSON.stringify({ cuts: [1, 9] })),
    );
    expect(restored.cuts).toEqual([1]);
  });
});
