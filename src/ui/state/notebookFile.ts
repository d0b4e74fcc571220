// The notebook as one JSON file (format 1): what the learner chose, how the page looks, and
// optionally the training curves, the latest gradient report and the twins' trained weights with
// their optimizers' state. Reading a file checks it field by field and builds fresh objects from
// what passed; nothing in it is ever evaluated. `weights` came later inside format 1: it is
// optional, and files without it read as they always did.
import { PRESETS } from '../../core/presets';
import { checkSpec, weightsOfSpec } from '../../core/spec';
import type { DisplayPreferences } from '../hooks/useDisplayPreferences';
import type {
  BackendChoice,
  GradientsReport,
  HyperParameters,
  OptimizerName,
  OptimizerState,
  StepRecord,
  TensorData,
  TrainedState,
  TwinName,
} from '../../worker/protocol';
import { decodeFloat32, encodeFloat32, WEIGHTS_ENCODING } from './float32Base64';
import { readDatasetChoice } from '../data/datasetChoice';
import { MAX_FD64_SAMPLES, type NotebookSettings } from './notebookSettings';

export const NOTEBOOK_FORMAT = 'splittape-notebook';
export const NOTEBOOK_VERSION = 1;
/** Larger files are refused before they are parsed. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_STRING_LENGTH = 10_000;
export const MAX_DEPTH = 32;
export const MAX_RECORDS = 10_000;
/** Keys that could reach an object's prototype if a later spread or assignment met them. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** What a file holds once read: ready for the page, every value checked. */
export interface Notebook {
  settings: NotebookSettings;
  display: DisplayPreferences;
  records?: StepRecord[];
  report?: GradientsReport;
  /** Every twin's weights and optimizer state at `weights.step`: training goes on from there. */
  weights?: TrainedState;
}

/** A file the page will not read: `path` is where (`cuts[2]`, '' for the whole file). */
export class NotebookFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(path ? `${path}: ${problem}` : problem);
    this.name = 'NotebookFileError';
  }
}

export type NotebookRead = { ok: true; notebook: Notebook } | { ok: false; message: string };

const TWINS: readonly TwinName[] = ['reference', 'vjp', 'naive'];
const METHODS = ['reference', 'vjp', 'jacobian', 'naive'] as const;
const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];
const OPTIMIZERS: readonly OptimizerName[] = ['sgd', 'momentum', 'adam'];
const THEMES: readonly DisplayPreferences['theme'][] = ['system', 'light', 'dark'];
/** JSON has no NaN or infinities: they are written as these strings and read back. */
const NON_FINITE: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

// ---- writing ----

/** The file's text. `records` and `report` go in only when given. */
export function serializeNotebook(notebook: Notebook, savedAt = new Date()): string {
  const { settings, display } = notebook;
  const file = {
    format: NOTEBOOK_FORMAT,
    version: NOTEBOOK_VERSION,
    savedAt: savedAt.toISOString(),
    presetName: settings.presetName,
    spec: settings.model.spec,
    draft: settings.draft,
    cuts: settings.cuts,
    dataset: settings.dataset,
    hyper: {
      optimizer: settings.hyper.optimizer,
      learningRate: settings.hyper.learningRate,
      batchSize: settings.hyper.batchSize,
      seed: settings.hyper.seed,
      twins: settings.hyper.twins,
      dropout: settings.hyper.dropout,
    },
    backend: settings.backend,
    trainSteps: settings.trainSteps,
    check: settings.check,
    display: { theme: display.theme, largeText: display.largeText },
    ...(notebook.records ? { records: notebook.records.map(recordToFile) } : {}),
    ...(notebook.report ? { report: notebook.report } : {}),
    ...(notebook.weights ? { weights: weightsToFile(notebook.weights, settings) } : {}),
  };
  return JSON.stringify(file, writeValue, 1);
}

/**
 * Weights as base64 of their float32 bytes, little-endian: exact by construction and about 5.3
 * characters a value, where JSON decimals that read back exactly take 10–13. Each twin's tensor
 * carries the model's name for it, so a file is readable and a mismatch is named.
 */
function weightsToFile(weights: TrainedState, settings: NotebookSettings) {
  const names = weightsOfSpec(settings.model.spec, settings.model.shapes).map((w) => w.name);
  const tensor = (t: TensorData) => ({ shape: t.shape, data: encodeFloat32(t.data) });
  const perTwin = <T, U>(of: Partial<Record<TwinName, T>>, write: (v: T) => U) =>
    Object.fromEntries(TWINS.filter((t) => of[t] !== undefined).map((t) => [t, write(of[t]!)]));
  return {
    encoding: WEIGHTS_ENCODING,
    step: weights.step,
    twins: perTwin(weights.twins, (list) => list.map((t, i) => ({ name: names[i], ...tensor(t) }))),
    optimizers: perTwin(weights.optimizers, (list) =>
      list.map((o) => ({
        iterations: o.iterations,
        ...(o.accBeta ? { accBeta: o.accBeta } : {}),
        slots: o.slots.map(tensor),
      })),
    ),
  };
}

// A record's held-out evaluation (pixels of mistakes) is not saved: the curves are.
const recordToFile = (r: StepRecord) => ({
  step: r.step,
  losses: r.losses,
  accuracies: r.accuracies,
  maxWeightDiff: r.maxWeightDiff,
  gradientErrors: r.gradientErrors,
  timingsMs: r.timingsMs,
});

/** A gradient report alone, as the file writes it (the autosave keeps it under its own key). */
export const serializeReport = (report: GradientsReport) => JSON.stringify(report, writeValue);

function writeValue(_key: string, value: unknown): unknown {
  // Typed arrays by shape, not instanceof: a worker's or test's array may come from another realm.
  if (ArrayBuffer.isView(value) && 'length' in value)
    return Array.from(value as unknown as ArrayLike<number>);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

// ---- reading ----

/** Reads a file's text: the notebook, or a message that names the place at fault. */
export function readNotebookText(text: string): NotebookRead {
  try {
    if (text.length > MAX_FILE_BYTES)
      throw new NotebookFileError(
        '',
        `this file is ${megabytes(text.length)}; a notebook file is at most ${megabytes(MAX_FILE_BYTES)}`,
      );
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      if (error instanceof RangeError)
        throw new NotebookFileError('', 'this file is nested too deeply to read');
      throw new NotebookFileError('', `this is not a JSON file (${(error as Error).message})`);
    }
    return { ok: true, notebook: readNotebook(raw) };
  } catch (error) {
    if (error instanceof NotebookFileError) return { ok: false, message: error.message };
    if (error instanceof RangeError)
      return { ok: false, message: 'this file is nested too deeply to read' };
    throw error;
  }
}

const megabytes = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/** Checks a parsed file; throws NotebookFileError at the first problem. */
export function readNotebook(raw: unknown): Notebook {
  checkPlainJson(raw, '', 0);
  const file = objectOf(raw, '');
  if (file.format !== NOTEBOOK_FORMAT)
    throw new NotebookFileError(
      'format',
      `this is not a SplitTape notebook (format must be '${NOTEBOOK_FORMAT}', got ${shown(file.format)})`,
    );
  const version = file.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > NOTEBOOK_VERSION)
    throw new NotebookFileError(
      '',
      `this notebook was saved by a newer SplitTape (format ${version}); this page reads format ${NOTEBOOK_VERSION}`,
    );
  if (version !== NOTEBOOK_VERSION)
    throw new NotebookFileError('version', `must be ${NOTEBOOK_VERSION}, got ${shown(version)}`);
  onlyKeys(file, '', [
    'format',
    'version',
    'savedAt',
    'presetName',
    'spec',
    'draft',
    'cuts',
    'dataset',
    'hyper',
    'backend',
    'trainSteps',
    'check',
    'display',
    'records',
    'report',
    'weights',
  ]);
  if (file.savedAt !== undefined) stringOf(file.savedAt, 'savedAt');

  const check = checkSpec(file.spec);
  if (!check.ok) {
    const problem = check.problems[0];
    const where =
      'spec' +
      (problem.layer !== undefined ? `.layers[${problem.layer}]` : '') +
      (problem.field !== undefined ? `.${problem.field}` : '');
    throw new NotebookFileError(where, problem.message);
  }
  const layerCount = check.spec.layers.length;
  const presetName = file.presetName === null ? null : stringOf(file.presetName, 'presetName');
  if (presetName !== null && !PRESETS[presetName])
    throw new NotebookFileError('presetName', `no preset is called ${shown(presetName)}`);
  const settings: NotebookSettings = {
    // The draft may be invalid (that is what a draft is for); it is plain JSON, checked above.
    draft: file.draft === undefined ? check.spec : file.draft,
    presetName,
    model: { spec: check.spec, shapes: check.shapes },
    cuts: readCuts(file.cuts, 'cuts', layerCount),
    dataset: readDataset(file.dataset),
    hyper: readHyper(file.hyper),
    backend: oneOf(file.backend, 'backend', BACKENDS),
    trainSteps: integerIn(file.trainSteps, 'trainSteps', 1, 1_000_000),
    check: readCheck(file.check),
  };
  const notebook: Notebook = { settings, display: readDisplay(file.display) };
  if (file.records !== undefined) notebook.records = readRecords(file.records);
  if (file.report !== undefined) {
    const report = readReport(file.report, layerCount);
    if (report.cuts.join() !== settings.cuts.join())
      throw new NotebookFileError(
        'report.cuts',
        `the report is for cuts [${report.cuts.join(', ')}], the notebook's cuts are [${settings.cuts.join(', ')}]`,
      );
    notebook.report = report;
  }
  if (file.weights !== undefined) notebook.weights = readWeights(file.weights, settings);
  return notebook;
}

/** Depth, string length and key names over the whole value, before anything reads it. */
/** `a.b` for a plain key, `a["odd key"]` for any other, so a message always shows where. */
const keyPath = (path: string, key: string) =>
  /^[A-Za-z_$][\w$]*$/.test(key)
    ? path
      ? `${path}.${key}`
      : key
    : `${path}[${JSON.stringify(key.slice(0, 40))}]`;

const isWeightData = (path: string) =>
  /^weights\.(twins|optimizers)\.\w+\[\d+\]\.(slots\[\d+\]\.)?data$/.test(path);

function checkPlainJson(value: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH)
    throw new NotebookFileError(path, `nested more than ${MAX_DEPTH} levels deep`);
  if (typeof value === 'string') {
    // A weight tensor's base64 is as long as the tensor; the file's own size bounds it.
    if (value.length > MAX_STRING_LENGTH && !isWeightData(path))
      throw new NotebookFileError(
        path,
        `a text of ${value.length} characters is longer than the ${MAX_STRING_LENGTH} allowed`,
      );
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkPlainJson(item, `${path}[${i}]`, depth + 1));
  } else if (typeof value === 'object' && value !== null) {
    for (const key of Object.keys(value)) {
      const at = keyPath(path, key);
      if (FORBIDDEN_KEYS.has(key))
        throw new NotebookFileError(at, `the key '${key}' is not allowed in a notebook file`);
      if (key.length > 200) throw new NotebookFileError(path, 'a key is too long');
      checkPlainJson((value as Record<string, unknown>)[key], at, depth + 1);
    }
  }
}

/** A value as a message shows it: short, quoted if text. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.length > 40 ? value.slice(0, 40) + '…' : value}'`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

type Fields = Record<string, unknown>;

function objectOf(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new NotebookFileError(path, `must be an object, got ${shown(value)}`);
  return value as Fields;
}

function onlyKeys(value: Fields, path: string, allowed: readonly string[]): void {
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      throw new NotebookFileError(keyPath(path, key), 'is not a field of this format');
}

function fieldsOf(value: unknown, path: string, allowed: readonly string[]): Fields {
  const fields = objectOf(value, path);
  onlyKeys(fields, path, allowed);
  return fields;
}

function arrayOf(value: unknown, path: string, maxLength = 1_000_000): unknown[] {
  if (!Array.isArray(value))
    throw new NotebookFileError(path, `must be a list, got ${shown(value)}`);
  if (value.length > maxLength)
    throw new NotebookFileError(path, `has ${value.length} items, at most ${maxLength} allowed`);
  return value;
}

function stringOf(value: unknown, path: string): string {
  if (typeof value !== 'string')
    throw new NotebookFileError(path, `must be text, got ${shown(value)}`);
  return value;
}

function booleanOf(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean')
    throw new NotebookFileError(path, `must be true or false, got ${shown(value)}`);
  return value;
}

/** Any number, NaN and the infinities included (written as 'NaN', 'Infinity', '-Infinity'). */
function numberOf(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && Object.hasOwn(NON_FINITE, value)) return NON_FINITE[value];
  throw new NotebookFileError(path, `must be a number, got ${shown(value)}`);
}

function integerIn(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new NotebookFileError(
      path,
      `must be an integer from ${min} to ${max}, got ${shown(value)}`,
    );
  return value;
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new NotebookFileError(
      path,
      `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${shown(value)}`,
    );
  return value as T;
}

const integers = (value: unknown, path: string, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  arrayOf(value, path, 64).map((v, i) => integerIn(v, `${path}[${i}]`, min, max));

function readCuts(value: unknown, path: string, layerCount: number): number[] {
  const cuts = arrayOf(value, path, 1024).map((cut, i) => {
    if (typeof cut !== 'number' || !Number.isInteger(cut) || cut < 0 || cut > layerCount - 2)
      throw new NotebookFileError(
        `${path}[${i}]`,
        layerCount < 2
          ? `a model of one layer has no place for a cut, got ${shown(cut)}`
          : `must be a layer index from 0 to ${layerCount - 2}, got ${shown(cut)}`,
      );
    return cut;
  });
  cuts.forEach((cut, i) => {
    if (i > 0 && cut <= cuts[i - 1])
      throw new NotebookFileError(
        `${path}[${i}]`,
        `cuts must increase, got ${cut} after ${cuts[i - 1]}`,
      );
  });
  return cuts;
}

function readDataset(value: unknown): NotebookSettings['dataset'] {
  const read = readDatasetChoice(value);
  if (!read.ok)
    throw new NotebookFileError(
      read.field ? keyPath('dataset', read.field) : 'dataset',
      read.problem,
    );
  return read.choice;
}

function readHyper(value: unknown): HyperParameters {
  const fields = fieldsOf(value, 'hyper', [
    'optimizer',
    'learningRate',
    'batchSize',
    'seed',
    'twins',
    'dropout',
  ]);
  const learningRate = numberOf(fields.learningRate, 'hyper.learningRate');
  if (!(Number.isFinite(learningRate) && learningRate > 0))
    throw new NotebookFileError(
      'hyper.learningRate',
      `must be a positive number, got ${learningRate}`,
    );
  const twins = arrayOf(fields.twins, 'hyper.twins', 3).map((t, i) =>
    oneOf(t, `hyper.twins[${i}]`, TWINS),
  );
  if (!twins.includes('reference') || !twins.includes('vjp'))
    throw new NotebookFileError('hyper.twins', "must include 'reference' and 'vjp'");
  return {
    optimizer: oneOf(fields.optimizer, 'hyper.optimizer', OPTIMIZERS),
    learningRate,
    batchSize: integerIn(fields.batchSize, 'hyper.batchSize', 1, 4096),
    seed: integerIn(fields.seed, 'hyper.seed', -(2 ** 31), 2 ** 31 - 1),
    // The page trains reference and vjp always, naive optionally, in this order.
    twins: TWINS.filter((t) => twins.includes(t)),
    dropout: booleanOf(fields.dropout, 'hyper.dropout'),
  };
}

function readCheck(value: unknown): NotebookSettings['check'] {
  const fields = fieldsOf(value, 'check', ['fd64Samples', 'stockKernels']);
  return {
    fd64Samples: integerIn(fields.fd64Samples, 'check.fd64Samples', 1, MAX_FD64_SAMPLES),
    stockKernels: booleanOf(fields.stockKernels, 'check.stockKernels'),
  };
}

function readDisplay(value: unknown): DisplayPreferences {
  const fields = fieldsOf(value, 'display', ['theme', 'largeText']);
  return {
    theme: oneOf(fields.theme, 'display.theme', THEMES),
    largeText: booleanOf(fields.largeText, 'display.largeText'),
  };
}

/** `{ twin: number }` with only twin names as keys. */
function perTwin<T>(
  value: unknown,
  path: string,
  read: (v: unknown, at: string) => T,
): Partial<Record<TwinName, T>> {
  const fields = fieldsOf(value, path, TWINS);
  const out: Partial<Record<TwinName, T>> = {};
  for (const twin of TWINS)
    if (fields[twin] !== undefined) out[twin] = read(fields[twin], `${path}.${twin}`);
  return out;
}

const numbers = (value: unknown, path: string, maxLength = 1_000_000) =>
  arrayOf(value, path, maxLength).map((v, i) => numberOf(v, `${path}[${i}]`));

function readRecords(value: unknown): StepRecord[] {
  const records = arrayOf(value, 'records', MAX_RECORDS).map((item, i): StepRecord => {
    const path = `records[${i}]`;
    const r = fieldsOf(item, path, [
      'step',
      'losses',
      'accuracies',
      'maxWeightDiff',
      'gradientErrors',
      'timingsMs',
    ]);
    return {
      step: integerIn(r.step, `${path}.step`, 0, Number.MAX_SAFE_INTEGER),
      losses: perTwin(r.losses, `${path}.losses`, numberOf),
      accuracies: perTwin(r.accuracies, `${path}.accuracies`, numberOf),
      maxWeightDiff: numberOf(r.maxWeightDiff, `${path}.maxWeightDiff`),
      gradientErrors: perTwin(r.gradientErrors, `${path}.gradientErrors`, (v, at) =>
        numbers(v, at, 4096),
      ),
      timingsMs: perTwin(r.timingsMs, `${path}.timingsMs`, numberOf),
    };
  });
  records.forEach((r, i) => {
    if (i > 0 && r.step <= records[i - 1].step)
      throw new NotebookFileError(
        `records[${i}].step`,
        `steps must increase, got ${r.step} after ${records[i - 1].step}`,
      );
  });
  return records;
}

function readTensor(value: unknown, path: string): TensorData {
  const t = fieldsOf(value, path, ['shape', 'data']);
  const shape = integers(t.shape, `${path}.shape`);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = numbers(t.data, `${path}.data`);
  if (data.length !== size)
    throw new NotebookFileError(
      `${path}.data`,
      `has ${data.length} values, the shape [${shape.join(', ')}] needs ${size}`,
    );
  return { shape, data: Float32Array.from(data) };
}

function readComparison(value: unknown, path: string) {
  const c = fieldsOf(value, path, ['maxAbsError', 'maxRelError', 'cosine', 'allclose']);
  return {
    maxAbsError: numberOf(c.maxAbsError, `${path}.maxAbsError`),
    maxRelError: numberOf(c.maxRelError, `${path}.maxRelError`),
    cosine: numberOf(c.cosine, `${path}.cosine`),
    allclose: booleanOf(c.allclose, `${path}.allclose`),
  };
}

function readSampledComparison(value: unknown, path: string) {
  const c = fieldsOf(value, path, ['maxAbsError', 'maxRelError', 'worstIndex', 'agrees']);
  return {
    maxAbsError: numberOf(c.maxAbsError, `${path}.maxAbsError`),
    maxRelError: numberOf(c.maxRelError, `${path}.maxRelError`),
    worstIndex: integerIn(c.worstIndex, `${path}.worstIndex`, -1, Number.MAX_SAFE_INTEGER),
    agrees: booleanOf(c.agrees, `${path}.agrees`),
  };
}

function readSampledGradient(value: unknown, path: string) {
  const g = fieldsOf(value, path, ['shape', 'indices', 'values']);
  const indices = integers(g.indices, `${path}.indices`);
  const values = numbers(g.values, `${path}.values`);
  if (values.length !== indices.length)
    throw new NotebookFileError(`${path}.values`, `needs one value per index (${indices.length})`);
  return { shape: integers(g.shape, `${path}.shape`), indices, values };
}

const listOf = <T>(value: unknown, path: string, read: (v: unknown, at: string) => T): T[] =>
  arrayOf(value, path, 4096).map((v, i) => read(v, `${path}[${i}]`));

function readReport(value: unknown, layerCount: number): GradientsReport {
  const r = fieldsOf(value, 'report', [
    'model',
    'cuts',
    'batch',
    'context',
    'layerTypes',
    'parts',
    'weights',
    'boundaries',
    'jacobianPlans',
    'methods',
    'fd64',
    'elapsedMs',
    'fd64Estimate',
  ]);
  const context = fieldsOf(r.context, 'report.context', ['training', 'step']);
  const report: GradientsReport = {
    model: stringOf(r.model, 'report.model'),
    cuts: readCuts(r.cuts, 'report.cuts', layerCount),
    batch: integerIn(r.batch, 'report.batch', 1, 1_000_000),
    context: {
      training: booleanOf(context.training, 'report.context.training'),
      step: integerIn(context.step, 'report.context.step', 0, Number.MAX_SAFE_INTEGER),
    },
    layerTypes: listOf(r.layerTypes, 'report.layerTypes', stringOf),
    parts: listOf(r.parts, 'report.parts', (v, at) => {
      const p = fieldsOf(v, at, [
        'index',
        'name',
        'firstLayer',
        'lastLayer',
        'inputShape',
        'outputShape',
        'paramCount',
      ]);
      return {
        index: integerIn(p.index, `${at}.index`, 0, layerCount),
        name: stringOf(p.name, `${at}.name`),
        firstLayer: integerIn(p.firstLayer, `${at}.firstLayer`, 0, layerCount - 1),
        lastLayer: integerIn(p.lastLayer, `${at}.lastLayer`, 0, layerCount - 1),
        inputShape: integers(p.inputShape, `${at}.inputShape`),
        outputShape: integers(p.outputShape, `${at}.outputShape`),
        paramCount: integerIn(p.paramCount, `${at}.paramCount`, 0, Number.MAX_SAFE_INTEGER),
      };
    }),
    weights: listOf(r.weights, 'report.weights', (v, at) => {
      const w = fieldsOf(v, at, ['name', 'layer', 'role', 'part', 'shape']);
      return {
        name: stringOf(w.name, `${at}.name`),
        layer: integerIn(w.layer, `${at}.layer`, 0, layerCount - 1),
        role: oneOf(w.role, `${at}.role`, ['kernel', 'bias'] as const),
        part: integerIn(w.part, `${at}.part`, 0, layerCount - 1),
        shape: integers(w.shape, `${at}.shape`),
      };
    }),
    boundaries: listOf(r.boundaries, 'report.boundaries', (v, at) => {
      const b = fieldsOf(v, at, ['cut', 'shape']);
      return {
        cut: integerIn(b.cut, `${at}.cut`, 0, layerCount - 1),
        shape: integers(b.shape, `${at}.shape`),
      };
    }),
    jacobianPlans: listOf(r.jacobianPlans, 'report.jacobianPlans', (v, at) => {
      const j = fieldsOf(v, at, [
        'part',
        'weightJacobians',
        'inputJacobian',
        'jacobianFloats',
        'bytes',
        'vjps',
      ]);
      return {
        part: stringOf(j.part, `${at}.part`),
        weightJacobians: listOf(j.weightJacobians, `${at}.weightJacobians`, (s, a) =>
          integers(s, a),
        ),
        inputJacobian:
          j.inputJacobian === null ? null : integers(j.inputJacobian, `${at}.inputJacobian`),
        jacobianFloats: numberOf(j.jacobianFloats, `${at}.jacobianFloats`),
        bytes: numberOf(j.bytes, `${at}.bytes`),
        vjps: numberOf(j.vjps, `${at}.vjps`),
      };
    }),
    methods: listOf(r.methods, 'report.methods', readMethod),
    elapsedMs: numberOf(r.elapsedMs, 'report.elapsedMs'),
  };
  if (r.fd64 !== undefined) {
    const f = fieldsOf(r.fd64, 'report.fd64', [
      'loss',
      'step',
      'samplesPerTensor',
      'seed',
      'weights',
      'boundaries',
      'evaluations',
      'timeMs',
      'tolerance',
    ]);
    report.fd64 = {
      loss: numberOf(f.loss, 'report.fd64.loss'),
      step: numberOf(f.step, 'report.fd64.step'),
      samplesPerTensor: integerIn(f.samplesPerTensor, 'report.fd64.samplesPerTensor', 0, 1e9),
      seed: integerIn(f.seed, 'report.fd64.seed', -(2 ** 31), 2 ** 32),
      weights: listOf(f.weights, 'report.fd64.weights', readSampledGradient),
      boundaries: listOf(f.boundaries, 'report.fd64.boundaries', readSampledGradient),
      evaluations: numberOf(f.evaluations, 'report.fd64.evaluations'),
      timeMs: numberOf(f.timeMs, 'report.fd64.timeMs'),
      tolerance: numberOf(f.tolerance, 'report.fd64.tolerance'),
    };
  }
  if (r.fd64Estimate !== undefined) {
    const e = fieldsOf(r.fd64Estimate, 'report.fd64Estimate', ['seconds', 'samplesPerTensor']);
    report.fd64Estimate = {
      seconds: numberOf(e.seconds, 'report.fd64Estimate.seconds'),
      samplesPerTensor: integerIn(
        e.samplesPerTensor,
        'report.fd64Estimate.samplesPerTensor',
        0,
        1e9,
      ),
    };
  }
  checkReportAgrees(report);
  return report;
}

function readMethod(value: unknown, path: string): GradientsReport['methods'][number] {
  const m = fieldsOf(value, path, [
    'method',
    'refused',
    'loss',
    'timeMs',
    'weights',
    'boundaries',
    'weightComparisons',
    'boundaryComparisons',
    'againstFd64',
  ]);
  const method: GradientsReport['methods'][number] = {
    method: oneOf(m.method, `${path}.method`, METHODS),
    loss: numberOf(m.loss, `${path}.loss`),
    timeMs: numberOf(m.timeMs, `${path}.timeMs`),
    weights: listOf(m.weights, `${path}.weights`, readTensor),
    boundaries: listOf(m.boundaries, `${path}.boundaries`, readTensor),
    weightComparisons: listOf(m.weightComparisons, `${path}.weightComparisons`, readComparison),
    boundaryComparisons: listOf(
      m.boundaryComparisons,
      `${path}.boundaryComparisons`,
      readComparison,
    ),
  };
  if (m.refused !== undefined) method.refused = stringOf(m.refused, `${path}.refused`);
  if (m.againstFd64 !== undefined) {
    const a = fieldsOf(m.againstFd64, `${path}.againstFd64`, ['weights', 'boundaries']);
    method.againstFd64 = {
      weights: listOf(a.weights, `${path}.againstFd64.weights`, readSampledComparison),
      boundaries: listOf(a.boundaries, `${path}.againstFd64.boundaries`, readSampledComparison),
    };
  }
  return method;
}

/** The counts the table pairs up by index must agree, or a row would read past a list. */
function checkReportAgrees(report: GradientsReport): void {
  if (report.parts.length !== report.cuts.length + 1)
    throw new NotebookFileError(
      'report.parts',
      `has ${report.parts.length} parts, ${report.cuts.length} cuts make ${report.cuts.length + 1}`,
    );
  if (report.boundaries.length !== report.cuts.length)
    throw new NotebookFileError('report.boundaries', 'needs one boundary per cut');
  report.weights.forEach((w, i) => {
    if (w.part >= report.parts.length)
      throw new NotebookFileError(`report.weights[${i}].part`, `no part ${w.part} in the report`);
  });
  report.methods.forEach((m, i) => {
    const at = `report.methods[${i}]`;
    if (m.refused !== undefined) return;
    if (m.weights.length !== report.weights.length)
      throw new NotebookFileError(`${at}.weights`, `needs ${report.weights.length} tensors`);
    if (m.weightComparisons.length !== report.weights.length)
      throw new NotebookFileError(`${at}.weightComparisons`, `needs ${report.weights.length}`);
    if (m.boundaries.length !== report.cuts.length)
      throw new NotebookFileError(`${at}.boundaries`, `needs ${report.cuts.length} tensors`);
    if (m.boundaryComparisons.length !== report.cuts.length)
      throw new NotebookFileError(`${at}.boundaryComparisons`, `needs ${report.cuts.length}`);
    m.weights.forEach((t, k) => {
      if (t.shape.join() !== report.weights[k].shape.join())
        throw new NotebookFileError(
          `${at}.weights[${k}].shape`,
          `must be [${report.weights[k].shape.join(', ')}], the shape of ${report.weights[k].name}`,
        );
    });
  });
}

/** Float32 values from base64 text, exactly `size` of them, or the field named. */
function float32Of(value: unknown, path: string, size: number): Float32Array {
  const text = stringOf(value, path);
  const data = decodeFloat32(text);
  if (data === null)
    throw new NotebookFileError(path, `must be base64 (${WEIGHTS_ENCODING}), got ${shown(text)}`);
  if (data.length !== size)
    throw new NotebookFileError(
      path,
      `holds ${data.length} float32 values, the shape needs ${size}`,
    );
  return data;
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;

function readStoredTensor(value: unknown, path: string, named?: { name: string; shape: number[] }) {
  const t = fieldsOf(value, path, named ? ['name', 'shape', 'data'] : ['shape', 'data']);
  const shape = integers(t.shape, `${path}.shape`, 1, 1 << 30);
  if (named) {
    if (shape.join() !== named.shape.join())
      throw new NotebookFileError(
        `${path}.shape`,
        `must be ${shapeText(named.shape)}, the shape of ${named.name}, got ${shapeText(shape)}`,
      );
    if (stringOf(t.name, `${path}.name`) !== named.name)
      throw new NotebookFileError(`${path}.name`, `must be '${named.name}', got ${shown(t.name)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: float32Of(t.data, `${path}.data`, size) };
}

/**
 * The twins' weights, each checked against the file's own model (count, name, shape, exact
 * length), and their optimizers' state by its structure; whether the optimizer slots fit the
 * session's parts is the worker's check when it takes them.
 */
function readWeights(value: unknown, settings: NotebookSettings): TrainedState {
  const w = fieldsOf(value, 'weights', ['encoding', 'step', 'twins', 'optimizers']);
  if (w.encoding !== WEIGHTS_ENCODING)
    throw new NotebookFileError(
      'weights.encoding',
      `must be '${WEIGHTS_ENCODING}', got ${shown(w.encoding)}`,
    );
  const expected = weightsOfSpec(settings.model.spec, settings.model.shapes);
  const twins = settings.hyper.twins;
  const perTwin = <T>(raw: unknown, path: string, read: (v: unknown, at: string) => T) => {
    const fields = fieldsOf(raw, path, twins);
    const out: Partial<Record<TwinName, T>> = {};
    for (const twin of twins) {
      if (fields[twin] === undefined)
        throw new NotebookFileError(`${path}.${twin}`, 'is missing: the notebook trains this twin');
      out[twin] = read(fields[twin], `${path}.${twin}`);
    }
    return out;
  };
  return {
    step: integerIn(w.step, 'weights.step', 0, Number.MAX_SAFE_INTEGER),
    twins: perTwin(w.twins, 'weights.twins', (list, at) => {
      const tensors = arrayOf(list, at, 4096);
      if (tensors.length !== expected.length)
        throw new NotebookFileError(
          at,
          `has ${tensors.length} tensors, the model ${settings.model.spec.name} has ${expected.length}`,
        );
      return tensors.map((t, i) => readStoredTensor(t, `${at}[${i}]`, expected[i]));
    }),
    optimizers: perTwin(w.optimizers, 'weights.optimizers', (list, at) =>
      listOf(list, at, (o, path): OptimizerState => {
        const f = fieldsOf(o, path, ['iterations', 'accBeta', 'slots']);
        const state: OptimizerState = {
          iterations: integerIn(f.iterations, `${path}.iterations`, 0, Number.MAX_SAFE_INTEGER),
          slots: listOf(f.slots, `${path}.slots`, (t, a) => readStoredTensor(t, a)),
        };
        if (f.accBeta !== undefined) {
          const [b1, b2] = arrayOf(f.accBeta, `${path}.accBeta`, 2).map((b, i) => {
            const n = numberOf(b, `${path}.accBeta[${i}]`);
            if (!(n > 0 && n <= 1))
              throw new NotebookFileError(`${path}.accBeta[${i}]`, `must be in (0, 1], got ${n}`);
            return n;
          });
          if (b2 === undefined)
            throw new NotebookFileError(`${path}.accBeta`, 'must hold β1^t and β2^t');
          state.accBeta = [b1, b2];
        }
        return state;
      }),
    ),
  };
}
