// Malformed messages, random and targeted, thrown at the handler: each gets one error event in the
// right cell, nothing escapes, and the next valid configure still works.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/worker/messageValidation';
import type { ErrorPlace } from '../../src/worker/protocol';
import { TINY_SPEC, config, makeHandler } from './harness';

const MISSING = Symbol('missing');
const MEGABYTE = 'x'.repeat(1 << 20);
const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** Values of every wrong kind; each case below drops those its field would accept. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(MISSING),
  fc.constantFrom(null, true, false, NaN, Infinity, -Infinity, 0, -1, 0.5, 1e300, -0),
  fc.constantFrom(2 ** 53, Number.MAX_VALUE, '', '3', 'auto', 'sgd', 'vjp', MEGABYTE),
  fc.double(),
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.string({ maxLength: 8 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }),
  fc.integer({ min: 17, max: 5000 }).map(nested),
  fc.constant(Array(5000).fill(0)),
);

const validConfigure = () => ({
  type: 'configure',
  config: config({
    spec: TINY_SPEC,
    cuts: [0],
    dataset: { kind: 'synthetic', size: 6 },
  }),
});

/** Well-formed, though it fits no session: only its fields are under test here. */
const importWeights = () => ({
  type: 'importWeights',
  state: {
    step: 4,
    twins: { vjp: [{ shape: [4, 3], data: new Float32Array(12) }] },
    optimizers: { vjp: [{ iterations: 4, slots: [] }] },
  },
});

interface FieldCase {
  /** Where in the message the bad value goes. */
  path: string[];
  base: () => Record<string, unknown>;
  where: ErrorPlace;
  /** Values this field accepts: junk that passes is not junk here. */
  accepts: (value: unknown) => boolean;
}

const isPositiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const never = () => false;
const configCase = (
  path: string[],
  where: ErrorPlace,
  accepts: FieldCase['accepts'] = never,
): FieldCase => ({ path: ['config', ...path], base: validConfigure, where, accepts });

const CASES: FieldCase[] = [
  { path: ['config'], base: validConfigure, where: 'protocol', accepts: never },
  configCase(['spec'], 'spec'),
  configCase(['spec', 'layers'], 'spec'),
  configCase(
    ['spec', 'layers', '0', 'units'],
    'spec',
    (v) => isPositiveInt(v) && (v as number) <= 1e6,
  ),
  configCase(
    ['spec', 'name'],
    'spec',
    (v) => typeof v === 'string' && v.trim() !== '' && v.length <= 1000,
  ),
  // No cuts at all is one part: a valid session.
  configCase(['cuts'], 'cuts', (v) => Array.isArray(v) && v.length === 0),
  configCase(['cuts', '0'], 'cuts', (v) => v === 0 || v === MISSING),
  configCase(['dataset'], 'data'),
  configCase(['dataset', 'size'], 'data', (v) => isPositiveInt(v) && (v as number) <= 4096),
  configCase(['dataset', 'kind'], 'data', (v) => v === 'synthetic' || v === 'seed-random'),
  configCase(['hyper'], 'training'),
  configCase(
    ['hyper', 'learningRate'],
    'training',
    (v) => typeof v === 'number' && v > 0 && Number.isFinite(v),
  ),
  configCase(['hyper', 'batchSize'], 'training', (v) => isPositiveInt(v) && (v as number) <= 4096),
  configCase(['hyper', 'optimizer'], 'training', (v) => v === 'sgd'),
  configCase(['hyper', 'seed'], 'training', (v) => Number.isSafeInteger(v)),
  configCase(['hyper', 'twins'], 'training', (v) => Array.isArray(v) && v.length === 0),
  configCase(['hyper', 'dropout'], 'training', (v) => typeof v === 'boolean'),
  configCase(['backend'], 'backend', (v) => v === 'auto'),
  configCase(
    ['jacobianBudgetBytes'],
    'gradients',
    (v) => v === MISSING || (typeof v === 'number' && v > 0 && Number.isFinite(v)),
  ),
  configCase(['extra'], 'protocol', (v) => v === MISSING),
  {
    path: ['cuts'],
    base: () => ({ type: 'computeGradients', cuts: [0], methods: ['vjp'] }),
    where: 'cuts',
    accepts: never,
  },
  {
    path: ['methods'],
    base: () => ({ type: 'computeGradients', cuts: [0], methods: ['vjp'] }),
    where: 'gradients',
    accepts: never,
  },
  {
    path: ['steps'],
    base: () => ({ type: 'train', steps: 3 }),
    where: 'training',
    accepts: (v) => isPositiveInt(v) && (v as number) <= 1e6,
  },
  {
    path: ['sizes'],
    base: () => ({ type: 'measureCost', sizes: [4] }),
    where: 'gradients',
    accepts: never,
  },
  {
    path: ['extra'],
    base: () => ({ type: 'pause' }),
    where: 'protocol',
    accepts: (v) => v === MISSING,
  },
  { path: ['type'], base: () => ({ type: 'reset' }), where: 'protocol', accepts: never },
  ...(
    [
      [['state'], never],
      [['state', 'step'], (v) => Number.isSafeInteger(v) && (v as number) >= 0],
      [['state', 'twins'], never],
      [['state', 'twins', 'vjp'], (v) => v === MISSING || (Array.isArray(v) && v.length === 0)],
      [['state', 'twins', 'vjp', '0', 'data'], never],
      [['state', 'twins', 'vjp', '0', 'shape'], never],
      [
        ['state', 'optimizers', 'vjp', '0', 'iterations'],
        (v) => Number.isSafeInteger(v) && (v as number) >= 0,
      ],
      [['state', 'optimizers', 'vjp', '0', 'slots'], (v) => Array.isArray(v) && v.length === 0],
      [['state', 'extra'], (v) => v === MISSING],
    ] as [string[], FieldCase['accepts']][]
  ).map(([path, accepts]): FieldCase => ({
    path,
    base: importWeights,
    where: 'training',
    accepts,
  })),
];

function withValue(base: Record<string, unknown>, path: string[], value: unknown) {
  const message = structuredClone(base);
  let holder = message as Record<string, unknown>;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (value === MISSING) delete holder[last];
  else holder[last] = value;
  return message;
}

const badField = fc
  .constantFrom(...CASES)
  .chain((c) => junk.filter((v) => !c.accepts(v)).map((value) => ({ c, value })));

describe('malformed messages', () => {
  const harness = makeHandler();
  const { handler, events, of } = harness;
  let tensorsBefore = 0;

  beforeAll(async () => {
    tensorsBefore = tf.memory().numTensors;
    await handler.handle(validConfigure());
  });

  afterAll(async () => {
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  /** Sends `message`; expects one error event in `where`, then a valid configure to work. */
  async function rejectsThenWorks(message: unknown, where?: ErrorPlace) {
    const before = events.length;
    await expect(handler.handle(message)).resolves.toBeUndefined();
    const answer = events.slice(before);
    expect(answer.map((e) => e.type)).toEqual(['error']);
    const [error] = of('error').slice(-1);
    if (where) expect(error.where).toBe(where);
    expect(error.recoverable).toBe(true);
    expect(error.message.length).toBeLessThan(400);
    const configured = of('configured').length;
    await handler.handle(validConfigure());
    expect(of('configured').length).toBe(configured + 1);
    expect(events.slice(before + 1).some((e) => e.type === 'error')).toBe(false);
  }

  it('a field of the wrong type, out of range, missing, huge or too deep is an error in its cell', async () => {
    await fc.assert(
      fc.asyncProperty(badField, async ({ c, value }) => {
        await rejectsThenWorks(withValue(c.base(), c.path, value), c.where);
      }),
      { numRuns: 150, seed: 8 },
    );
  });

  it('any value at all that is not a request is a protocol error', async () => {
    const known = ['configure', 'computeGradients', 'train', 'pause', 'resume', 'step', 'reset'];
    const notRequest = fc
      .anything({ maxDepth: 3, withNullPrototype: true, withBigInt: true, withTypedArray: true })
      .filter(
        (v) =>
          !(
            typeof v === 'object' &&
            v !== null &&
            known
              .concat('measureCost', 'dispose')
              .includes((v as { type?: unknown }).type as string)
          ),
      );
    await fc.assert(
      fc.asyncProperty(notRequest, async (value) => rejectsThenWorks(value, 'protocol')),
      { numRuns: 60, seed: 8 },
    );
  });

  it('a cyclic message and a getter that throws are errors, not exceptions', async () => {
    const cyclic: Record<string, unknown> = { type: 'configure' };
    cyclic.config = cyclic;
    await rejectsThenWorks(cyclic, 'protocol');
    const trap = {
      type: 'train',
      get steps(): number {
        throw new Error('boom');
      },
    };
    await rejectsThenWorks(trap, 'protocol');
  });

  it('a spec without weights is refused in the spec cell before any tfjs error', async () => {
    const spec = {
      name: 'none',
      input: [4],
      loss: 'mse',
      layers: [{ type: 'activation', activation: 'relu' }],
    };
    const message = withValue(validConfigure(), ['config', 'spec'], spec);
    await rejectsThenWorks(withValue(message, ['config', 'cuts'], []), 'spec');
    expect(of('error').at(-1)!.message).toBe(
      'the model has no weights to train: add a dense or conv2d layer',
    );
  });
});

describe('parseRequest', () => {
  it('quotes a megabyte string by its length, never in full', () => {
    const parsed = parseRequest({ type: 'train', steps: MEGABYTE });
    expect(parsed).toEqual({
      ok: false,
      where: 'training',
      message: 'steps is a 1048576-character string; at most 1000 are accepted',
      type: 'train',
    });
  });

  it('names the field of a trained state at fault', () => {
    const message = importWeights();
    const tensor = message.state.twins.vjp[0] as { shape: number[]; data: unknown };
    tensor.data = Array.from({ length: 12 }, () => 0);
    expect(parseRequest(message)).toEqual({
      ok: false,
      where: 'training',
      message: 'importWeights: state.twins.vjp[0].data must be a Float32Array, got a list of 12',
      type: 'importWeights',
    });
    tensor.data = new Float32Array(11);
    expect(parseRequest(message)).toMatchObject({
      message: 'importWeights: state.twins.vjp[0].data has 11 values, the shape [4, 3] needs 12',
    });
    const unknownTwin = importWeights();
    (unknownTwin.state.twins as Record<string, unknown>).twin = [];
    expect(parseRequest(unknownTwin)).toMatchObject({
      message: 'importWeights: state.twins.twin is not a twin (reference, vjp, naive)',
    });
  });

  it('passes a valid importWeights through, its arrays as they came', () => {
    const parsed = parseRequest(importWeights());
    expect(parsed.ok && parsed.request).toEqual(importWeights());
  });

  it('passes a valid configure through with exactly its fields', () => {
    const parsed = parseRequest(validConfigure());
    expect(parsed.ok && parsed.request).toEqual(validConfigure());
  });

  it('passes addImages and clearImages through with their files and class', () => {
    const files = [new Blob(['a'], { type: 'image/png' }), new Blob([])];
    const parsed = parseRequest({ type: 'addImages', classIndex: 1, files });
    expect(parsed.ok && parsed.request).toEqual({ type: 'addImages', classIndex: 1, files });
    expect(parsed.ok && parsed.request.type === 'addImages' && parsed.request.files[0]).toBe(
      files[0],
    );
    expect(parseRequest({ type: 'clearImages', classIndex: 0 })).toEqual({
      ok: true,
      request: { type: 'clearImages', classIndex: 0 },
    });
  });

  it('refuses image messages field by field, in the data cell', () => {
    const blob = new Blob(['a']);
    const refusals: [unknown, string][] = [
      [
        { type: 'addImages', classIndex: 2, files: [blob] },
        'classIndex must be 0 (class A) or 1 (class B), got 2',
      ],
      [
        { type: 'addImages', classIndex: '0', files: [blob] },
        'classIndex must be 0 (class A) or 1 (class B), got "0"',
      ],
      [
        { type: 'addImages', files: [blob] },
        'classIndex must be 0 (class A) or 1 (class B), got nothing',
      ],
      [
        { type: 'addImages', classIndex: 0, files: [] },
        'files must be a list of 1 to 10000 image files, got a list of 0',
      ],
      [
        { type: 'addImages', classIndex: 0 },
        'files must be a list of 1 to 10000 image files, got nothing',
      ],
      [
        { type: 'addImages', classIndex: 0, files: 'cat.png' },
        'files must be a list of 1 to 10000 image files, got "cat.png"',
      ],
      [
        { type: 'addImages', classIndex: 0, files: Array(10_001).fill(blob) },
        'files must be a list of 1 to 10000 image files, got a list of 10001',
      ],
      [
        { type: 'addImages', classIndex: 0, files: [blob, { name: 'cat.png' }] },
        'files[1] must be a file, got an object',
      ],
      [
        { type: 'addImages', classIndex: 0, files: [blob, new Uint8Array(4)] },
        'files[1] must be a file, got an object',
      ],
      [
        { type: 'clearImages', classIndex: -1 },
        'classIndex must be 0 (class A) or 1 (class B), got -1',
      ],
    ];
    for (const [message, text] of refusals)
      expect(parseRequest(message)).toEqual({
        ok: false,
        where: 'data',
        message: text,
        type: (message as { type: string }).type,
      });
    // Files beside other fields are still walked by the usual limits.
    expect(parseRequest({ type: 'addImages', classIndex: 0, files: [blob], extra: 1 })).toEqual({
      ok: false,
      where: 'protocol',
      message: 'addImages: "extra" is not a field (it takes type, classIndex, files)',
      type: 'addImages',
    });
    // Ten thousand files pass, though a list of that many numbers would not.
    expect(
      parseRequest({ type: 'addImages', classIndex: 0, files: Array(10_000).fill(blob) }).ok,
    ).toBe(true);
  });

  it('reads the images dataset choice: two different names of 1 to 40 characters', () => {
    const withDataset = (dataset: unknown) =>
      parseRequest(withValue(validConfigure(), ['config', 'dataset'], dataset));
    const good = withDataset({ kind: 'images', classes: ['cats', 'dogs'] });
    expect(good.ok && good.request.type === 'configure' && good.request.config.dataset).toEqual({
      kind: 'images',
      classes: ['cats', 'dogs'],
    });
    expect(withDataset({ kind: 'images', classes: ['cats', 'cats'] })).toEqual({
      ok: false,
      where: 'data',
      message: 'the two classes need different names, got a list of 2',
      type: 'configure',
    });
    expect(withDataset({ kind: 'images', classes: ['cats'] })).toMatchObject({
      ok: false,
      where: 'data',
    });
    expect(withDataset({ kind: 'images', classes: ['cats', 'dogs'], size: 3 })).toMatchObject({
      ok: false,
      where: 'data',
    });
  });
});
