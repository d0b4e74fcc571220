// The notebook file format: what a saved file holds and reads back, and how a file the page will
// not read is refused — with the field at fault named, the previous state untouched, and nothing
// in it evaluated. Fixtures are the real seed-toy report and the records' shape the worker sends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DEPTH,
  MAX_FILE_BYTES,
  NOTEBOOK_VERSION,
  readNotebookText,
  serializeNotebook,
  serializeReport,
  type Notebook,
} from '../../src/ui/state/notebookFile';
import { settingsForPreset, settingsReducer } from '../../src/ui/state/notebookSettings';
import { fixtureRecords } from './fixtures/records';
import { fixtureReport } from './fixtures/report';

function notebook(): Notebook {
  let settings = settingsForPreset('seed-toy');
  settings = settingsReducer(settings, { kind: 'cuts', cuts: [1] });
  settings = settingsReducer(settings, { kind: 'hyper', hyper: { learningRate: 0.05 } });
  const report = fixtureReport();
  return {
    settings: { ...settings, cuts: report.cuts.slice() },
    display: { theme: 'dark', largeText: true },
    records: fixtureRecords(30),
    report,
  };
}

/** A saved file as a plain object, for tests that break one field. */
const savedObject = () => JSON.parse(serializeNotebook(notebook())) as Record<string, unknown>;

function messageFor(file: unknown): string {
  const read = readNotebookText(typeof file === 'string' ? file : JSON.stringify(file));
  if (read.ok) throw new Error('the file was accepted');
  return read.message;
}

describe('the notebook file', () => {
  it('reads back the settings, display, curves and gradient report it saved', () => {
    const saved = notebook();
    const text = serializeNotebook(saved, new Date('2025-01-02T03:04:05Z'));
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file.format).toBe('splittape-notebook');
    expect(file.version).toBe(NOTEBOOK_VERSION);
    expect(file.savedAt).toBe('2025-01-02T03:04:05.000Z');
    const read = readNotebookText(text);
    if (!read.ok) throw new Error(read.message);
    expect(read.notebook.settings).toEqual(saved.settings);
    expect(read.notebook.settings.hyper.learningRate).toBe(0.05);
    expect(read.notebook.display).toEqual({ theme: 'dark', largeText: true });
    expect(read.notebook.records).toEqual(saved.records);
    // Gradients travel as JSON numbers and come back as the same float32 values, bit for bit.
    const report = read.notebook.report!;
    expect(JSON.parse(serializeReport(report))).toEqual(JSON.parse(serializeReport(saved.report!)));
    expect(report.methods.map((m) => m.method).sort()).toEqual([
      'jacobian',
      'naive',
      'reference',
      'vjp',
    ]);
    report.methods.forEach((m, i) =>
      m.weights.forEach((w, k) => {
        expect(Object.prototype.toString.call(w.data)).toBe('[object Float32Array]');
        expect(Array.from(w.data)).toEqual(Array.from(saved.report!.methods[i].weights[k].data));
      }),
    );
  });

  it('keeps an invalid draft beside the last valid model', () => {
    const saved = notebook();
    saved.settings = settingsReducer(saved.settings, {
      kind: 'draft',
      draft: { name: 'half-typed', layers: [{ type: 'dense', units: -1 }] },
    });
    const read = readNotebookText(serializeNotebook({ ...saved, report: undefined }));
    if (!read.ok) throw new Error(read.message);
    expect(read.notebook.settings.draft).toEqual({
      name: 'half-typed',
      layers: [{ type: 'dense', units: -1 }],
    });
    expect(read.notebook.settings.model.spec.name).toBe('seed-toy');
  });

  it('writes NaN and infinities as text and reads them back as numbers', () => {
    const saved = notebook();
    saved.records![3].losses.naive = Number.NaN;
    saved.records![4].maxWeightDiff = Number.POSITIVE_INFINITY;
    saved.records![5].timingsMs.vjp = Number.NEGATIVE_INFINITY;
    const read = readNotebookText(serializeNotebook(saved));
    if (!read.ok) throw new Error(read.message);
    expect(read.notebook.records![3].losses.naive).toBeNaN();
    expect(read.notebook.records![4].maxWeightDiff).toBe(Number.POSITIVE_INFINITY);
    expect(read.notebook.records![5].timingsMs.vjp).toBe(Number.NEGATIVE_INFINITY);
  });

  it('leaves the curves and report out when not asked for them', () => {
    const saved = notebook();
    const text = serializeNotebook({ settings: saved.settings, display: saved.display });
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(file.records).toBeUndefined();
    expect(file.report).toBeUndefined();
  });

  it('names the field at fault', () => {
    const cases: [(file: Record<string, unknown>) => void, string][] = [
      [(f) => (f.cuts = [0, 1, 'x']), "cuts[2]: must be a layer index from 0 to 3, got 'x'"],
      [(f) => (f.cuts = [1, 0]), 'cuts[1]: cuts must increase, got 0 after 1'],
      [(f) => (f.cuts = [7]), 'cuts[0]: must be a layer index from 0 to 3, got 7'],
      [
        (f) => ((f.hyper as Record<string, unknown>).learningRate = -1),
        'hyper.learningRate: must be a positive number, got -1',
      ],
      [
        (f) => ((f.hyper as Record<string, unknown>).optimizer = 'lion'),
        "hyper.optimizer: must be one of 'sgd', 'momentum', 'adam', got 'lion'",
      ],
      [
        (f) => ((f.display as Record<string, unknown>).theme = 'neon'),
        "display.theme: must be one of 'system', 'light', 'dark', got 'neon'",
      ],
      [
        (f) => ((f.check as Record<string, unknown>).fd64Samples = 0),
        'check.fd64Samples: must be an integer from 1 to 10000, got 0',
      ],
      [(f) => (f.extra = 1), 'extra: is not a field of this format'],
      [(f) => (f.spec = 'seed-toy'), 'spec: the spec must be a JSON object'],
      [
        (f) => ((f.records as unknown[])[2] = { step: 2 }),
        'records[2].losses: must be an object, got nothing',
      ],
      [
        (f) => (((f.records as Record<string, unknown>[])[4].losses as object) = { ghost: 1 }),
        'records[4].losses.ghost: is not a field of this format',
      ],
      [
        (f) => ((f.records as Record<string, unknown>[])[5].step = 2),
        'records[5].step: steps must increase, got 2 after 4',
      ],
      [
        (f) => {
          const method = (
            (f.report as Record<string, unknown>).methods as Record<string, unknown>[]
          )[1];
          ((method.weights as Record<string, unknown>[])[0].data as number[]).pop();
        },
        'report.methods[1].weights[0].data: has 23 values, the shape [2, 2, 1, 6] needs 24',
      ],
      [
        (f) => ((f.report as Record<string, unknown>).cuts = [0]),
        'report.parts: has 3 parts, 1 cuts make 2',
      ],
      [(f) => (f.version = 0), 'version: must be 1, got 0'],
      [
        (f) => (f.format = 'excalidraw'),
        "format: this is not a SplitTape notebook (format must be 'splittape-notebook', got 'excalidraw')",
      ],
    ];
    for (const [breakIt, message] of cases) {
      const file = savedObject();
      breakIt(file);
      expect(messageFor(file)).toBe(message);
    }
  });

  it('saves and reads back every kind of dataset; files from before MNIST load as they were', () => {
    for (const dataset of [
      { kind: 'mnist', digits: [3, 8] },
      { kind: 'mnist', digits: 'all', size: 500 },
      { kind: 'shapes', size: 128 },
    ] as const) {
      const saved = notebook();
      saved.settings.dataset = structuredClone(dataset) as Notebook['settings']['dataset'];
      const read = readNotebookText(serializeNotebook(saved));
      if (!read.ok) throw new Error(read.message);
      expect(read.notebook.settings.dataset).toEqual(dataset);
    }
    const old = savedObject();
    old.dataset = { kind: 'synthetic', size: 256 };
    const read = readNotebookText(JSON.stringify(old));
    if (!read.ok) throw new Error(read.message);
    expect(read.notebook.settings.dataset).toEqual({ kind: 'synthetic', size: 256 });
  });

  it('names the dataset field at fault', () => {
    const cases: [unknown, string][] = [
      [{ kind: 'mnist', digits: [3, 3] }, 'dataset.digits: MNIST digits must be two different'],
      [
        { kind: 'mnist', digits: [3, 8], size: 5000 },
        'dataset.size: must be an integer from 1 to 1580',
      ],
      [{ kind: 'shapes', size: 0 }, 'dataset.size: must be an integer from 1 to 4096, got 0'],
      [{ kind: 'cats', size: 1 }, "dataset.kind: must be one of 'seed-random'"],
      [{ kind: 'synthetic', size: 1, digits: 'all' }, 'dataset.digits: is not a dataset field'],
      ['mnist', 'dataset: must be an object'],
    ];
    for (const [dataset, message] of cases) {
      const file = savedObject();
      file.dataset = dataset;
      expect(messageFor(file)).toContain(message);
    }
  });

  it('says when a file comes from a newer SplitTape', () => {
    const file = savedObject();
    file.version = 3;
    expect(messageFor(file)).toBe(
      'this notebook was saved by a newer SplitTape (format 3); this page reads format 1',
    );
  });

  it('refuses text that is not JSON, and a file too large, before reading it', () => {
    expect(messageFor('{"format": "splittape-notebook",')).toMatch(/^this is not a JSON file \(/);
    expect(messageFor('')).toMatch(/^this is not a JSON file/);
    const huge = '"' + 'a'.repeat(50 * 1024 * 1024) + '"';
    expect(messageFor(huge)).toBe(
      `this file is 50.0 MB; a notebook file is at most ${MAX_FILE_BYTES / (1024 * 1024)}.0 MB`,
    );
  });

  it('refuses a long text, deep nesting and prototype keys where they are', () => {
    const long = savedObject();
    (long.draft as Record<string, unknown>).name = 'x'.repeat(20_000);
    expect(messageFor(long)).toBe(
      'draft.name: a text of 20000 characters is longer than the 10000 allowed',
    );

    // Built as text: JSON.stringify itself would overflow the stack on it.
    const deep = serializeNotebook(notebook()).replace(
      /"draft": \{/,
      `"draft": ${'['.repeat(100_000)}0${']'.repeat(100_000)}, "ignored": {`,
    );
    expect(messageFor(deep)).toBe(
      `draft${'[0]'.repeat(MAX_DEPTH)}: nested more than ${MAX_DEPTH} levels deep`,
    );

    for (const key of ['__proto__', 'constructor', 'prototype']) {
      // JSON.parse makes "__proto__" an own key; the reader must refuse it, not follow it.
      const text = serializeNotebook(notebook()).replace(
        '"hyper": {',
        `"hyper": {"${key}": {"polluted": true}, `,
      );
      expect(messageFor(text)).toBe(
        `hyper.${key}: the key '${key}' is not allowed in a notebook file`,
      );
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a report for other cuts than the notebook’s', () => {
    const file = savedObject();
    file.cuts = [0, 2];
    expect(messageFor(file)).toBe(
      "report.cuts: the report is for cuts [0, 1], the notebook's cuts are [0, 2]",
    );
  });
});

describe('the notebook file against random input (fast-check)', () => {
  const valid = serializeNotebook(notebook());
  const validObject = JSON.parse(valid) as Record<string, unknown>;

  /** Every path to a value in a JSON tree. */
  function pathsOf(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    const here = [path];
    if (Array.isArray(value))
      return here.concat(value.slice(0, 6).flatMap((v, i) => pathsOf(v, [...path, i])));
    if (typeof value === 'object' && value !== null)
      return here.concat(Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...path, k])));
    return here;
  }
  const paths = pathsOf({
    ...validObject,
    report: undefined,
    records: (validObject.records as unknown[]).slice(0, 2),
  }).filter((p) => p.length > 0);

  const replaced = (path: (string | number)[], value: unknown) => {
    const copy = JSON.parse(valid) as Record<string, unknown>;
    let at: Record<string | number, unknown> = copy;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path.at(-1)!] = value;
    return copy;
  };

  const neverThrows = (text: string) => {
    const read = readNotebookText(text);
    if (!read.ok) {
      expect(typeof read.message).toBe('string');
      expect(read.message.length).toBeGreaterThan(0);
    }
    return read;
  };

  it('never throws on any JSON value, and accepts none of them as a notebook', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(neverThrows(JSON.stringify(value) ?? 'null').ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text or on a saved file cut short', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        neverThrows(text);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: valid.length - 1 }), (end) => {
        expect(neverThrows(valid.slice(0, end)).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it(
    'a saved file with one value replaced reads back whole or is refused with a named field',
    { timeout: 120_000 },
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...paths),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom('__proto__', -1, 0, 1e308, 'NaN', null, [], {}),
          ),
          (path, value) => {
            const read = neverThrows(JSON.stringify(replaced(path, value)));
            if (read.ok) {
              // What was accepted must be a notebook the page can use: saving it again reads
              // back the same.
              const again = readNotebookText(serializeNotebook(read.notebook));
              expect(again.ok && again.notebook).toEqual(read.notebook);
              const { cuts, model } = read.notebook.settings;
              expect(
                cuts.every(
                  (c) => Number.isInteger(c) && c >= 0 && c <= model.spec.layers.length - 2,
                ),
              ).toBe(true);
            } else {
              // The message names a field of the file (or speaks of the whole file).
              // A key that is not a plain name is written as a JSON string, escapes and all.
              expect(read.message).toMatch(
                /^([a-zA-Z]+(\[\d+\]|\.[\w$]+|\["(?:[^"\\]|\\.)*"\])*: |this )/,
              );
            }
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it('refuses any object carrying a prototype key, wherever it sits', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        (path, key) => {
          const text = JSON.stringify(replaced(path, { a: 1 })).replace(
            '{"a":1}',
            `{"${key}":{"x":1}}`,
          );
          const read = neverThrows(text);
          expect(read.ok).toBe(false);
          expect(({} as Record<string, unknown>).x).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });
});
