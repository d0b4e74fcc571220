// The worker on real data: MNIST read once per digit, the preview with its classes and held-out
// size, each twin's held-out accuracy in the progress records, a data/model mismatch as an
// error in the Data cell (the last good session kept), and the new fields validated.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildMnistFiles } from '../../scripts/build-mnist';
import { readMnistDigitFile } from '../../src/core/data/mnistDisk';
import { MNIST_COUNTS, trainingCountOf } from '../../src/core/data/mnistFormat';
import { SessionHandler } from '../../src/worker/handler';
import { parseRequest } from '../../src/worker/messageValidation';
import { fetchMnistDigit } from '../../src/worker/mnistFetch';
import type { WorkerEvent } from '../../src/worker/protocol';
import { config, waitFor } from './harness';
import * as tf from '@tensorflow/tfjs';

beforeAll(() => {
  buildMnistFiles(); // quick when npm install has built them
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function makeMnistHandler() {
  const events: WorkerEvent[] = [];
  const reads: number[] = [];
  const handler = new SessionHandler({
    emit: (event) => events.push(event),
    useBackend: async () => ({ backend: tf.getBackend() }),
    yieldToMessages: () => new Promise((resolve) => setImmediate(resolve)),
    readMnistDigit: (digit) => {
      reads.push(digit);
      return readMnistDigitFile(digit);
    },
  });
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  return { handler, events, reads, of };
}

/** Small enough that each configure's gradient comparison (the Jacobian too) is quick. */
const TINY_DIGITS = {
  name: 'tiny-digits',
  input: [14, 14, 1],
  loss: 'binaryCrossentropy',
  layers: [
    { type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, activation: 'relu' },
    { type: 'flatten' },
    { type: 'dense', units: 1, activation: 'sigmoid' },
  ],
};

const mnistConfig = () =>
  config({
    spec: TINY_DIGITS,
    cuts: [1],
    dataset: { kind: 'mnist', digits: [3, 8], size: 64 },
    hyper: {
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 8,
      seed: 0,
      twins: [],
      dropout: false,
      evaluation: { every: 2, examples: 40, mistakes: 3 },
    },
  });

describe('the worker on MNIST', () => {
  it('previews the digits, reads each file once, and sends every twin’s held-out accuracy', async () => {
    const { handler, of, reads } = makeMnistHandler();
    await handler.handle({ type: 'configure', config: mnistConfig() });
    expect(of('error')).toEqual([]);
    const preview = of('configured')[0].dataset;
    expect(preview).toMatchObject({
      kind: 'mnist',
      size: 64,
      testSize: MNIST_COUNTS[3] + MNIST_COUNTS[8] - trainingCountOf(3) - trainingCountOf(8),
      classNames: ['3', '8'],
      inputShape: [14, 14, 1],
    });
    expect(preview.description).toMatch(/resized \(bilinear\) to 14×14 for tiny-digits/);
    expect(preview.examples[0].shape).toEqual([14, 14, 1]);

    await handler.handle({ type: 'train', steps: 4 });
    await waitFor(() => of('trainingState').at(-1)?.state === 'idle' && of('progress').length > 0);
    const records = of('progress').flatMap((e) => e.records);
    expect(records.map((r) => r.evaluation?.step ?? null)).toEqual([null, 2, null, 4]);
    const evaluation = records[3].evaluation!;
    expect(evaluation.examples).toBe(40);
    expect(Object.keys(evaluation.twins).sort()).toEqual(['reference', 'vjp']);
    const reference = evaluation.twins.reference!;
    expect(reference.accuracy).toBe(reference.correct / 40);
    expect(reference.confusion.flat().reduce((a, b) => a + b, 0)).toBe(40);
    expect(reference.mistakes.length).toBe(Math.min(3, 40 - reference.correct));
    for (const mistake of reference.mistakes) expect(mistake.image.shape).toEqual([14, 14, 1]);
    expect(evaluation.twins.vjp!.accuracy).toBe(reference.accuracy);

    // A model edit reconfigures: the digits are not read again.
    await handler.handle({ type: 'configure', config: mnistConfig() });
    expect(reads.sort()).toEqual([3, 8]);
    await handler.handle({ type: 'dispose' });
  });

  it('a model that cannot take the data is an error in the Data cell naming a preset that fits; the session stays', async () => {
    const { handler, of } = makeMnistHandler();
    await handler.handle({ type: 'configure', config: mnistConfig() });
    await handler.handle({
      type: 'configure',
      config: { ...mnistConfig(), dataset: { kind: 'mnist', digits: 'all' } },
    });
    const [error] = of('error');
    expect(error.where).toBe('data');
    expect(error.message).toMatch(
      /all ten digits are a 10-class task, but tiny-digits ends in 1 output.*seed-cnn-28-digits fits/,
    );
    await handler.handle({ type: 'step' });
    expect(of('progress').at(-1)!.records[0].step).toBe(0);
    await handler.handle({ type: 'dispose' });
  });

  it('the page’s own kinds still configure as before, circles and squares too', async () => {
    const { handler, of } = makeMnistHandler();
    for (const dataset of [
      { kind: 'seed-random', size: 3 },
      { kind: 'synthetic', size: 12 },
      { kind: 'shapes', size: 12 },
    ] as const) {
      const small = { spec: TINY_DIGITS, cuts: [1], dataset };
      await handler.handle({ type: 'configure', config: config(small) });
      expect(of('configured').at(-1)!.dataset.kind).toBe(dataset.kind);
    }
    expect(of('error')).toEqual([]);
    expect(of('configured').map((e) => e.dataset.testSize)).toEqual([0, 16, 16]);
    expect(of('configured').at(-1)!.dataset.classNames).toEqual(['circle', 'square']);
    await handler.handle({ type: 'dispose' });
  });
});

describe('the new fields are validated', () => {
  const configure = (patch: (c: ReturnType<typeof mnistConfig>) => unknown) =>
    parseRequest({ type: 'configure', config: patch(mnistConfig()) });

  it.each([
    [
      'an unknown dataset field',
      (c: ReturnType<typeof mnistConfig>) => ({ ...c, dataset: { ...c.dataset, noise: 1 } }),
      'data',
      /"noise" is not a field \(it takes kind, digits, size\)/,
    ],
    [
      'the same digit twice',
      (c: ReturnType<typeof mnistConfig>) => ({ ...c, dataset: { kind: 'mnist', digits: [3, 3] } }),
      'data',
      /two different digits 0–9/,
    ],
    [
      'a digit out of range',
      (c: ReturnType<typeof mnistConfig>) => ({
        ...c,
        dataset: { kind: 'mnist', digits: [3, 10] },
      }),
      'data',
      /two different digits 0–9/,
    ],
    [
      'a size with shapes missing',
      (c: ReturnType<typeof mnistConfig>) => ({ ...c, dataset: { kind: 'shapes' } }),
      'data',
      /dataset size must be a positive integer/,
    ],
    [
      'an unknown evaluation field',
      (c: ReturnType<typeof mnistConfig>) => ({
        ...c,
        hyper: { ...c.hyper, evaluation: { every: 2, examples: 5, often: true } },
      }),
      'training',
      /"often" is not a field/,
    ],
    [
      'evaluation every 0 steps',
      (c: ReturnType<typeof mnistConfig>) => ({
        ...c,
        hyper: { ...c.hyper, evaluation: { every: 0, examples: 5 } },
      }),
      'training',
      /evaluation every must be a positive integer/,
    ],
    [
      'too many mistakes',
      (c: ReturnType<typeof mnistConfig>) => ({
        ...c,
        hyper: { ...c.hyper, evaluation: { every: 1, examples: 5, mistakes: 33 } },
      }),
      'training',
      /evaluation mistakes must be an integer from 0 up to 32/,
    ],
  ] as const)('refuses %s in its cell', (_, patch, where, message) => {
    const parsed = configure(patch);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.where).toBe(where);
    expect(parsed.message).toMatch(message);
  });

  it('accepts MNIST with all ten digits and no size, and an evaluation without mistakes', () => {
    const parsed = configure((c) => ({
      ...c,
      dataset: { kind: 'mnist', digits: 'all' },
      hyper: { ...c.hyper, evaluation: { every: 5, examples: 100 } },
    }));
    expect(parsed.ok && parsed.request.type === 'configure' && parsed.request.config).toMatchObject(
      {
        dataset: { kind: 'mnist', digits: 'all' },
        hyper: { evaluation: { every: 5, examples: 100 } },
      },
    );
  });
});

describe('the worker’s default MNIST reader', () => {
  it('fetches mnist/digit-<d>.bin from the app’s origin and explains a missing file', async () => {
    const bytes = readMnistDigitFile(3);
    const asked: string[] = [];
    vi.stubGlobal('self', { location: { href: 'http://localhost:5173/assets/worker-abc.js' } });
    vi.stubGlobal('fetch', async (url: URL) => {
      asked.push(url.href);
      return url.pathname === '/mnist/digit-3.bin'
        ? new Response(bytes.slice())
        : new Response('not found', { status: 404 });
    });
    const fetched = await fetchMnistDigit(3);
    expect(fetched.length).toBe(bytes.length);
    // Compared as a buffer: a deep toEqual over 800,000 bytes takes seconds.
    expect(Buffer.compare(fetched, bytes)).toBe(0);
    await expect(fetchMnistDigit(8)).rejects.toThrow(
      /MNIST's digit 8 is not served at \/mnist\/digit-8.bin \(HTTP 404\): run `npm run data:mnist`/,
    );
    expect(asked).toEqual([
      'http://localhost:5173/mnist/digit-3.bin',
      'http://localhost:5173/mnist/digit-8.bin',
    ]);
  });
});
