// The trained weights in the notebook file: a real session's state (core's TrainingSession on
// tfjs's cpu backend) written as base64 float32 and read back bit for bit, every bad field named,
// and files without weights reading as before.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../../src/core/data/datasets';
import { TrainingSession } from '../../src/core/train';
import { exportTrainedState } from '../../src/core/trainedState';
import { decodeFloat32, encodeFloat32 } from '../../src/ui/state/float32Base64';
import {
  NOTEBOOK_VERSION,
  readNotebookText,
  serializeNotebook,
  type Notebook,
} from '../../src/ui/state/notebookFile';
import { settingsForPreset, settingsReducer } from '../../src/ui/state/notebookSettings';

await tf.setBackend('cpu');

async function trainedNotebook(): Promise<Notebook> {
  let settings = settingsForPreset('seed-toy');
  settings = settingsReducer(settings, { kind: 'hyper', hyper: { optimizer: 'adam' } });
  const dataset = makeDataset('synthetic', settings.model.spec, 1, 12, settings.hyper.seed);
  const session = new TrainingSession(settings.model.spec, settings.cuts, dataset, settings.hyper);
  for (let i = 0; i < 3; i++) session.trainStep();
  const weights = await exportTrainedState(session);
  session.dispose();
  dataset.dispose();
  return { settings, display: { theme: 'light', largeText: false }, weights };
}

const NOTEBOOK = await trainedNotebook();
/** A parsed file, to break one field of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const savedObject = () =>
  JSON.parse(serializeNotebook(NOTEBOOK)) as { weights: Loose } & Record<string, unknown>;

function messageFor(file: unknown): string {
  const read = readNotebookText(JSON.stringify(file));
  if (read.ok) throw new Error('the file was accepted');
  return read.message;
}

const bytesOf = (data: Float32Array) =>
  Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));

describe('trained weights in the notebook file', () => {
  it('base64 float32 keeps every value exactly: -0, NaN, infinities, subnormals, extremes', () => {
    const values = new Float32Array([
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      1e-45,
      3.4028234e38,
      0.1,
      -1 / 3,
    ]);
    const back = decodeFloat32(encodeFloat32(values))!;
    expect(bytesOf(back)).toEqual(bytesOf(values));
    expect(Object.is(back[1], -0)).toBe(true);
    // 'AAAA' is 3 bytes: not a whole float32.
    expect(decodeFloat32('AAAA')).toBeNull();
    expect(decodeFloat32('AAAAAA==')).toEqual(new Float32Array([0]));
    expect(decodeFloat32('AAAAAAA=')).toBeNull();
    expect(decodeFloat32('AAAAAA=')).toBeNull();
    expect(decodeFloat32('AAAA!AAA')).toBeNull();
    expect(decodeFloat32('')).toEqual(new Float32Array(0));
  });

  it('reads back every twin weight and optimizer tensor of a trained session bit for bit', () => {
    const text = serializeNotebook(NOTEBOOK);
    const file = JSON.parse(text) as { version: number; weights: Record<string, unknown> };
    expect(file.version).toBe(NOTEBOOK_VERSION);
    expect(Object.keys(file.weights)).toEqual(['encoding', 'step', 'twins', 'optimizers']);
    const read = readNotebookText(text);
    if (!read.ok) throw new Error(read.message);
    const weights = read.notebook.weights!;
    const saved = NOTEBOOK.weights!;
    expect(weights.step).toBe(3);
    expect(Object.keys(weights.twins)).toEqual(['reference', 'vjp', 'naive']);
    for (const twin of ['reference', 'vjp', 'naive'] as const) {
      weights.twins[twin]!.forEach((t, i) => {
        expect(t.shape).toEqual(saved.twins[twin]![i].shape);
        expect(bytesOf(t.data)).toEqual(bytesOf(saved.twins[twin]![i].data));
      });
      weights.optimizers[twin]!.forEach((o, k) => {
        const s = saved.optimizers[twin]![k];
        expect(o.iterations).toBe(s.iterations);
        expect(o.accBeta).toEqual(s.accBeta);
        expect(o.slots.map((t) => bytesOf(t.data))).toEqual(s.slots.map((t) => bytesOf(t.data)));
      });
    }
    // Adam after 3 steps: moments for every weight, for every optimizer.
    expect(weights.optimizers.vjp!.map((o) => o.slots.length)).toEqual([4, 4, 4]);
  });

  it('is about half the size of the same values as JSON decimals', () => {
    const base64 = serializeNotebook(NOTEBOOK).length;
    const decimals = JSON.stringify(NOTEBOOK.weights, (_k, v: unknown) =>
      v instanceof Float32Array ? Array.from(v) : v,
    ).length;
    expect(base64 / decimals).toBeLessThan(0.6);
  });

  it('leaves the weights out when not asked for them, and such a file reads as before', () => {
    const rest = { ...NOTEBOOK, weights: undefined };
    const text = serializeNotebook(rest);
    expect(JSON.parse(text)).not.toHaveProperty('weights');
    const read = readNotebookText(text);
    expect(read.ok && read.notebook.weights).toBeUndefined();
  });

  it('names the field at fault', () => {
    const cases: [(w: Loose) => void, string][] = [
      [
        (w) => (w.twins.vjp[5].shape = [2]),
        'weights.twins.vjp[5].shape: must be [1], the shape of bias of layer 3 (dense), got [2]',
      ],
      [
        (w) => (w.twins.vjp[5].name = 'bias'),
        "weights.twins.vjp[5].name: must be 'bias of layer 3 (dense)', got 'bias'",
      ],
      [
        (w) => (w.twins.reference[0].data = 'not base64!'),
        "weights.twins.reference[0].data: must be base64 (float32-le-base64), got 'not base64!'",
      ],
      [
        (w) => (w.twins.reference[1].data = encodeFloat32(new Float32Array(5))),
        'weights.twins.reference[1].data: holds 5 float32 values, the shape needs 6',
      ],
      [(w) => w.twins.naive.pop(), 'weights.twins.naive: has 5 tensors, the model seed-toy has 6'],
      [(w) => delete w.twins.vjp, 'weights.twins.vjp: is missing: the notebook trains this twin'],
      [(w) => (w.twins.other = []), 'weights.twins.other: is not a field of this format'],
      [
        (w) => (w.encoding = 'decimal'),
        "weights.encoding: must be 'float32-le-base64', got 'decimal'",
      ],
      [(w) => (w.step = -1), 'weights.step: must be an integer from 0 to 9007199254740991, got -1'],
      [
        (w) => (w.optimizers.vjp[0].iterations = 1.5),
        'weights.optimizers.vjp[0].iterations: must be an integer from 0 to 9007199254740991, got 1.5',
      ],
      [
        (w) => (w.optimizers.vjp[0].accBeta = [0.9, 2]),
        'weights.optimizers.vjp[0].accBeta[1]: must be in (0, 1], got 2',
      ],
      [
        (w) => (w.optimizers.reference[0].slots[0].data = 'AAAA'),
        "weights.optimizers.reference[0].slots[0].data: must be base64 (float32-le-base64), got 'AAAA'",
      ],
    ];
    for (const [breakIt, message] of cases) {
      const file = savedObject();
      breakIt(file.weights);
      expect(messageFor(file)).toBe(message);
    }
  });

  it('takes long base64 only where weight data goes; elsewhere the text limit stands', () => {
    const file = savedObject();
    const long = encodeFloat32(new Float32Array(20_000));
    expect(long.length).toBeGreaterThan(10_000);
    file.weights.twins.vjp[0].data = long;
    expect(messageFor(file)).toBe(
      'weights.twins.vjp[0].data: holds 20000 float32 values, the shape needs 24',
    );
    file.weights.twins.vjp[0].name = long;
    expect(messageFor(file)).toMatch(
      /^weights\.twins\.vjp\[0\]\.name: a text of \d+ characters is longer than the 10000 allowed$/,
    );
  });

  it('a file with weights from a newer format is refused as newer', () => {
    const file = savedObject();
    file.version = NOTEBOOK_VERSION + 1;
    expect(messageFor(file)).toMatch(/saved by a newer SplitTape \(format 2\)/);
  });
});
