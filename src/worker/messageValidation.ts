// Every message posted to the worker, checked field by field before the handler acts on it: a
// value of the wrong type, out of range, too large or too deeply nested becomes a sentence naming
// the field and the cell it belongs to, never an exception inside the worker.
import { DATASET_KINDS, type DatasetChoice } from '../core/data/datasets';
import { IMAGE_LIMITS, imageClassesProblem } from '../core/data/imageLimits';
import { mnistDigitsProblem, type MnistDigits } from '../core/data/mnistFormat';
import { METHODS, type MethodName } from '../core/gradients/types';
import { checkTrainingOptions, type OptimizerName, type TwinName } from '../core/train';
import type { EvaluationOptions } from '../core/evaluate';
import type { OptimizerState, TrainedState } from '../core/trainedState';
import type { TensorData } from '../core/report';
import type {
  BackendChoice,
  ErrorPlace,
  HyperParameters,
  ImageClass,
  Request,
  SessionConfig,
} from './protocol';

/**
 * Bounds far above anything the page sends, so a runaway value fails here in words rather than
 * as an out-of-memory or a loop that never ends. A spec nests 6 deep
 * (message.config.spec.layers[i].kernelSize[j]).
 */
export const MESSAGE_LIMITS = {
  depth: 16,
  stringLength: 1000,
  listLength: 1000,
  values: 20_000,
  steps: 1_000_000,
  datasetSize: 4096,
  /** MNIST's training images (~8,000 for all ten digits) and held-out examples per evaluation. */
  mnistSize: 10_000,
  evaluationExamples: 10_000,
  mistakes: 32,
  costSizes: 16,
  costSize: 8192,
  /** Floats in one importWeights message, over every tensor (256 MB). */
  weightValues: 64 * 1024 * 1024,
  /** Dimensions of one weight or optimizer tensor. */
  tensorRank: 8,
};

export type ParsedRequest =
  | { ok: true; request: Request }
  | { ok: false; where: ErrorPlace; message: string; type?: Request['type'] };

/** One flag per request type: the compiler keeps this list and the union in step. */
const REQUEST_TYPES: Record<Request['type'], true> = {
  configure: true,
  computeGradients: true,
  train: true,
  pause: true,
  resume: true,
  step: true,
  reset: true,
  measureCost: true,
  traceStep: true,
  exportWeights: true,
  importWeights: true,
  dispose: true,
  addImages: true,
  clearImages: true,
};
const TYPE_NAMES = Object.keys(REQUEST_TYPES);
const BACKENDS: readonly BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];
const TWINS: readonly TwinName[] = ['reference', 'vjp', 'naive'];

class MessageError extends Error {
  constructor(
    readonly where: ErrorPlace,
    message: string,
  ) {
    super(message);
  }
}

/** Accepts anything; returns the request, or where it is wrong and why. Never throws. */
/** The request type a refused message named, when it named one the worker knows. */
function typeOf(message: unknown): { type?: Request['type'] } {
  const type = isRecord(message) ? message.type : undefined;
  return typeof type === 'string' && Object.hasOwn(REQUEST_TYPES, type)
    ? { type: type as Request['type'] }
    : {};
}

export function parseRequest(message: unknown): ParsedRequest {
  try {
    return { ok: true, request: readRequest(message) };
  } catch (error) {
    if (error instanceof MessageError)
      return { ok: false, where: error.where, message: error.message, ...typeOf(message) };
    // A getter that throws or a proxy: only a direct call can send one, but it must not escape.
    return { ok: false, where: 'protocol', message: 'the message could not be read' };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** A value as an error message may quote it: short, whatever its size. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return value.length > 40 ? `a ${value.length}-character string` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The cell a field's problem belongs to, from its path in the message. */
function placeOf(type: unknown, path: string[]): ErrorPlace {
  const [first, second] = path;
  if (type === 'configure' && first === 'config') {
    switch (second) {
      case 'spec':
        return 'spec';
      case 'cuts':
        return 'cuts';
      case 'dataset':
        return 'data';
      case 'hyper':
        return 'training';
      case 'backend':
        return 'backend';
      case 'jacobianBudgetBytes':
      case 'fd64Samples':
      case 'stockKernels':
        return 'gradients';
      default:
        return 'protocol';
    }
  }
  if (first === 'cuts') return 'cuts';
  if (first === 'methods' || first === 'sizes') return 'gradients';
  if (first === 'steps' || (type === 'importWeights' && first === 'state')) return 'training';
  if ((type === 'addImages' || type === 'clearImages') && first !== undefined) return 'data';
  return 'protocol';
}

const pathText = (path: string[]) =>
  path.length === 0 ? 'the message' : path.join('.').replace(/\.(\d+)/g, '[$1]');

/**
 * The first part of a value beyond MESSAGE_LIMITS (too deep, too long, too many values or
 * cyclic), before any field is read: the checks below may then walk it freely.
 */
function findOversized(root: unknown): { path: string[]; problem: string } | null {
  let values = 0;
  const seen = new Set<object>();
  const visit = (value: unknown, path: string[]): { path: string[]; problem: string } | null => {
    if (++values > MESSAGE_LIMITS.values)
      return { path: [], problem: `holds more than ${MESSAGE_LIMITS.values} values` };
    if (typeof value === 'string' && value.length > MESSAGE_LIMITS.stringLength)
      return {
        path,
        problem: `is a ${value.length}-character string; at most ${MESSAGE_LIMITS.stringLength} are accepted`,
      };
    if (typeof value !== 'object' || value === null) return null;
    if (path.length >= MESSAGE_LIMITS.depth)
      return { path, problem: `nests deeper than ${MESSAGE_LIMITS.depth} levels` };
    if (seen.has(value)) return { path, problem: 'refers back to itself' };
    seen.add(value);
    if (Array.isArray(value)) {
      if (value.length > MESSAGE_LIMITS.listLength)
        return {
          path,
          problem: `is a list of ${value.length}; at most ${MESSAGE_LIMITS.listLength} items are accepted`,
        };
      for (const [index, item] of value.entries()) {
        const found = visit(item, [...path, String(index)]);
        if (found) return found;
      }
    } else if (isRecord(value)) {
      for (const key of Object.keys(value)) {
        if (key.length > MESSAGE_LIMITS.stringLength)
          return { path, problem: `has a field name of ${key.length} characters` };
        const found = visit(value[key], [...path, key]);
        if (found) return found;
      }
    }
    seen.delete(value);
    return null;
  };
  return visit(root, []);
}

function readRequest(raw: unknown): Request {
  // A message of image files is checked file list first: its files are handles, not values to
  // walk, and a folder may hold more of them than any other list a message carries.
  const files =
    isRecord(raw) && raw.type === 'addImages' && 'files' in raw ? readFiles(raw.files) : null;
  const oversized = findOversized(files ? { ...(raw as Record<string, unknown>), files: [] } : raw);
  if (oversized) {
    const type = isRecord(raw) ? raw.type : undefined;
    throw new MessageError(
      placeOf(type, oversized.path),
      `${pathText(oversized.path)} ${oversized.problem}`,
    );
  }
  const type = isRecord(raw) ? raw.type : undefined;
  if (!isRecord(raw) || typeof type !== 'string' || !(TYPE_NAMES as unknown[]).includes(type))
    throw new MessageError(
      'protocol',
      `unknown message ${describeValue(type ?? raw)}: expected one of ${TYPE_NAMES.join(', ')}`,
    );
  const known = type as Request['type'];
  switch (known) {
    case 'configure':
      onlyFields(raw, ['type', 'config'], known, 'protocol');
      return { type: known, config: readConfig(raw.config) };
    case 'computeGradients':
      onlyFields(raw, ['type', 'cuts', 'methods'], known, 'protocol');
      return {
        type: known,
        cuts: readCuts(raw.cuts, 'computeGradients: cuts'),
        methods: readMethods(raw.methods),
      };
    case 'train':
      onlyFields(raw, ['type', 'steps'], known, 'protocol');
      return {
        type: known,
        steps: readInteger(raw.steps, 'training', 'steps', 1, MESSAGE_LIMITS.steps),
      };
    case 'measureCost':
      onlyFields(raw, ['type', 'sizes'], known, 'protocol');
      return { type: known, sizes: readSizes(raw.sizes) };
    case 'importWeights':
      onlyFields(raw, ['type', 'state'], known, 'protocol');
      return { type: known, state: readTrainedState(raw.state) };
    case 'addImages':
      onlyFields(raw, ['type', 'classIndex', 'files'], known, 'protocol');
      return {
        type: known,
        classIndex: readImageClass(raw.classIndex),
        files: files ?? readFiles(raw.files),
      };
    case 'clearImages':
      onlyFields(raw, ['type', 'classIndex'], known, 'protocol');
      return { type: known, classIndex: readImageClass(raw.classIndex) };
    case 'pause':
    case 'resume':
    case 'step':
    case 'reset':
    case 'traceStep':
    case 'exportWeights':
    case 'dispose':
      onlyFields(raw, ['type'], known, 'protocol');
      return { type: known };
    default: {
      const unreachable: never = known;
      throw new MessageError('protocol', `unhandled message ${String(unreachable)}`);
    }
  }
}

function onlyFields(
  raw: Record<string, unknown>,
  fields: string[],
  owner: string,
  where: ErrorPlace,
): void {
  const extra = Object.keys(raw).find((key) => !fields.includes(key));
  if (extra !== undefined)
    throw new MessageError(
      where,
      `${owner}: ${describeValue(extra)} is not a field (it takes ${fields.join(', ')})`,
    );
}

function readInteger(
  value: unknown,
  where: ErrorPlace,
  name: string,
  min: number,
  max: number,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new MessageError(
      where,
      `${name} must be ${min === 1 ? 'a positive integer' : `an integer from ${min}`} up to ${max}, got ${describeValue(value)}`,
    );
  return value;
}

function readConfig(raw: unknown): SessionConfig {
  if (!isRecord(raw))
    throw new MessageError(
      'protocol',
      `configure needs a config object, got ${describeValue(raw)}`,
    );
  onlyFields(
    raw,
    [
      'spec',
      'cuts',
      'dataset',
      'hyper',
      'backend',
      'jacobianBudgetBytes',
      'fd64Samples',
      'stockKernels',
    ],
    'config',
    'protocol',
  );
  // The spec's own fields are checked by checkSpec, which names the layer at fault.
  if (raw.spec === undefined)
    throw new MessageError('spec', 'the config has no spec: send a model spec');
  const config: SessionConfig = {
    spec: raw.spec,
    cuts: readCuts(raw.cuts, 'cuts'),
    dataset: readDataset(raw.dataset),
    hyper: readHyper(raw.hyper),
    backend: readBackend(raw.backend),
  };
  if (raw.jacobianBudgetBytes !== undefined) {
    const budget = raw.jacobianBudgetBytes;
    if (typeof budget !== 'number' || !(budget > 0) || !Number.isFinite(budget))
      throw new MessageError(
        'gradients',
        `the Jacobian budget must be a positive number of bytes, got ${describeValue(budget)}`,
      );
    config.jacobianBudgetBytes = budget;
  }
  if (raw.fd64Samples !== undefined) {
    const samples = raw.fd64Samples;
    if (!Number.isSafeInteger(samples) || (samples as number) < 1 || (samples as number) > 100_000)
      throw new MessageError(
        'gradients',
        `the float64 check samples 1 to 100000 elements per tensor, got ${describeValue(samples)}`,
      );
    config.fd64Samples = samples as number;
  }
  if (raw.stockKernels !== undefined) {
    if (typeof raw.stockKernels !== 'boolean')
      throw new MessageError(
        'gradients',
        `stockKernels is true or false, got ${describeValue(raw.stockKernels)}`,
      );
    config.stockKernels = raw.stockKernels;
  }
  return config;
}

/** A list of integers; checkCuts then checks them against the model's layers. */
function readCuts(value: unknown, name: string): number[] {
  if (!Array.isArray(value) || !value.every((cut) => Number.isSafeInteger(cut)))
    throw new MessageError(
      'cuts',
      `${name} must be a list of layer indices (integers), got ${describeValue(value)}`,
    );
  return value as number[];
}

function readMethods(value: unknown): MethodName[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((m) => (METHODS as unknown[]).includes(m))
  )
    throw new MessageError(
      'gradients',
      `methods must be a non-empty list of ${METHODS.join(', ')}, got ${describeValue(value)}`,
    );
  return value as MethodName[];
}

function readSizes(value: unknown): number[] {
  const max = MESSAGE_LIMITS.costSize;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MESSAGE_LIMITS.costSizes ||
    !value.every((s) => Number.isInteger(s) && s > 0 && s <= max)
  )
    throw new MessageError(
      'gradients',
      `measureCost needs a list of 1 to ${MESSAGE_LIMITS.costSizes} positive integer sizes up to ${max}, got ${describeValue(value)}`,
    );
  return value as number[];
}

function readImageClass(value: unknown): ImageClass {
  if (value !== 0 && value !== 1)
    throw new MessageError(
      'data',
      `classIndex must be 0 (class A) or 1 (class B), got ${describeValue(value)}`,
    );
  return value;
}

/** A list of 1 to 10 000 files (any Blob; a File also has a name). */
function readFiles(value: unknown): Blob[] {
  const most = IMAGE_LIMITS.filesPerMessage;
  if (!Array.isArray(value) || value.length === 0 || value.length > most)
    throw new MessageError(
      'data',
      `files must be a list of 1 to ${most} image files, got ${describeValue(value)}`,
    );
  const at = value.findIndex((file) => !(file instanceof Blob));
  if (at >= 0)
    throw new MessageError('data', `files[${at}] must be a file, got ${describeValue(value[at])}`);
  return value.slice() as Blob[];
}

function readDataset(value: unknown): DatasetChoice {
  if (!isRecord(value))
    throw new MessageError(
      'data',
      `the dataset must be an object with a kind and a size, got ${describeValue(value)}`,
    );
  const kind = value.kind;
  switch (kind) {
    case 'seed-random':
    case 'synthetic':
    case 'shapes': {
      onlyFields(value, ['kind', 'size'], 'dataset', 'data');
      const size = readInteger(value.size, 'data', 'dataset size', 1, MESSAGE_LIMITS.datasetSize);
      return { kind, size };
    }
    case 'mnist': {
      onlyFields(value, ['kind', 'digits', 'size'], 'dataset', 'data');
      const problem = mnistDigitsProblem(value.digits);
      if (problem) throw new MessageError('data', `${problem}, got ${describeValue(value.digits)}`);
      const digits: MnistDigits =
        value.digits === 'all'
          ? 'all'
          : [(value.digits as number[])[0], (value.digits as number[])[1]];
      if (value.size === undefined) return { kind, digits };
      const size = readInteger(
        value.size,
        'data',
        'MNIST training images',
        1,
        MESSAGE_LIMITS.mnistSize,
      );
      return { kind, digits, size };
    }
    case 'images': {
      onlyFields(value, ['kind', 'classes'], 'dataset', 'data');
      const problem = imageClassesProblem(value.classes);
      if (problem)
        throw new MessageError('data', `${problem}, got ${describeValue(value.classes)}`);
      const [a, b] = value.classes as [string, string];
      return { kind, classes: [a, b] };
    }
    default:
      throw new MessageError(
        'data',
        `unknown dataset ${typeof kind === 'string' ? `'${kind}'` : describeValue(kind)}: expected ${DATASET_KINDS.join(', ')}`,
      );
  }
}

function readEvaluation(value: unknown): EvaluationOptions {
  if (!isRecord(value))
    throw new MessageError(
      'training',
      `evaluation must be an object { every, examples, mistakes? }, got ${describeValue(value)}`,
    );
  onlyFields(value, ['every', 'examples', 'mistakes'], 'evaluation', 'training');
  const evaluation: EvaluationOptions = {
    every: readInteger(value.every, 'training', 'evaluation every', 1, MESSAGE_LIMITS.steps),
    examples: readInteger(
      value.examples,
      'training',
      'evaluation examples',
      1,
      MESSAGE_LIMITS.evaluationExamples,
    ),
  };
  if (value.mistakes !== undefined)
    evaluation.mistakes = readInteger(
      value.mistakes,
      'training',
      'evaluation mistakes',
      0,
      MESSAGE_LIMITS.mistakes,
    );
  return evaluation;
}

function readHyper(value: unknown): HyperParameters {
  if (!isRecord(value))
    throw new MessageError(
      'training',
      `the hyper-parameters must be an object, got ${describeValue(value)}`,
    );
  const fields = [
    'optimizer',
    'learningRate',
    'batchSize',
    'seed',
    'twins',
    'dropout',
    'evaluation',
  ];
  onlyFields(value, fields, 'hyper-parameters', 'training');
  // Read first: checkTrainingOptions below then sees only a well-formed evaluation.
  const evaluation = value.evaluation === undefined ? undefined : readEvaluation(value.evaluation);
  const hyper = { ...value, evaluation } as unknown as HyperParameters;
  try {
    // The one rule for optimizer, learning rate and batch size lives with the training.
    checkTrainingOptions(hyper);
  } catch (error) {
    throw new MessageError('training', (error as Error).message);
  }
  readInteger(hyper.batchSize, 'training', 'batch size', 1, MESSAGE_LIMITS.datasetSize);
  if (!Number.isSafeInteger(hyper.seed))
    throw new MessageError('training', `seed must be an integer, got ${describeValue(hyper.seed)}`);
  if (!Array.isArray(hyper.twins) || !hyper.twins.every((t) => TWINS.includes(t)))
    throw new MessageError(
      'training',
      `twins must be a list of ${TWINS.join(', ')}, got ${describeValue(hyper.twins)}`,
    );
  if (typeof hyper.dropout !== 'boolean')
    throw new MessageError(
      'training',
      `dropout must be true or false, got ${describeValue(hyper.dropout)}`,
    );
  return {
    optimizer: hyper.optimizer as OptimizerName,
    learningRate: hyper.learningRate,
    batchSize: hyper.batchSize,
    seed: hyper.seed,
    twins: hyper.twins.slice(),
    dropout: hyper.dropout,
    ...(evaluation && { evaluation }),
  };
}

function readBackend(value: unknown): BackendChoice {
  if (!(BACKENDS as unknown[]).includes(value))
    throw new MessageError(
      'backend',
      `backend must be one of ${BACKENDS.join(', ')}, got ${describeValue(value)}`,
    );
  return value as BackendChoice;
}

/**
 * A trained state's structure, field by field: `state.twins.vjp[3].data` and the like. Whether
 * its tensors fit the session's model is the handler's check (it knows the model).
 */
function readTrainedState(value: unknown): TrainedState {
  const fail = (path: string, problem: string): never => {
    throw new MessageError('training', `importWeights: ${path} ${problem}`);
  };
  let values = 0;
  const readTensor = (raw: unknown, path: string): TensorData => {
    if (!isRecord(raw)) return fail(path, `must be { shape, data }, got ${describeValue(raw)}`);
    onlyFields(raw, ['shape', 'data'], `importWeights: ${path}`, 'training');
    const shape = raw.shape;
    if (
      !Array.isArray(shape) ||
      shape.length > MESSAGE_LIMITS.tensorRank ||
      !shape.every((d) => Number.isSafeInteger(d) && (d as number) > 0)
    )
      return fail(
        `${path}.shape`,
        `must be a list of positive integers, got ${describeValue(shape)}`,
      );
    // By tag, not instanceof: a structured clone's array belongs to the worker's realm anyway,
    // but a test's may not.
    if (Object.prototype.toString.call(raw.data) !== '[object Float32Array]')
      return fail(`${path}.data`, `must be a Float32Array, got ${describeValue(raw.data)}`);
    const data = raw.data as Float32Array;
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (data.length !== size)
      return fail(
        `${path}.data`,
        `has ${data.length} values, the shape [${shape.join(', ')}] needs ${size}`,
      );
    values += size;
    if (values > MESSAGE_LIMITS.weightValues)
      return fail(path, `takes the message over ${MESSAGE_LIMITS.weightValues} values`);
    return { shape: (shape as number[]).slice(), data };
  };
  const perTwin = <T>(raw: unknown, path: string, read: (v: unknown, at: string) => T) => {
    if (!isRecord(raw))
      return fail(path, `must be an object keyed by twin, got ${describeValue(raw)}`);
    const out: Partial<Record<TwinName, T>> = {};
    for (const [key, item] of Object.entries(raw)) {
      if (!(TWINS as string[]).includes(key))
        return fail(`${path}.${key.slice(0, 40)}`, `is not a twin (${TWINS.join(', ')})`);
      out[key as TwinName] = read(item, `${path}.${key}`);
    }
    return out;
  };
  const listOf = <T>(raw: unknown, path: string, read: (v: unknown, at: string) => T): T[] => {
    if (!Array.isArray(raw)) return fail(path, `must be a list, got ${describeValue(raw)}`);
    return raw.map((item, i) => read(item, `${path}[${i}]`));
  };
  const readOptimizer = (raw: unknown, path: string): OptimizerState => {
    if (!isRecord(raw))
      return fail(path, `must be { iterations, slots, accBeta? }, got ${describeValue(raw)}`);
    onlyFields(raw, ['iterations', 'slots', 'accBeta'], `importWeights: ${path}`, 'training');
    if (!Number.isSafeInteger(raw.iterations) || (raw.iterations as number) < 0)
      return fail(
        `${path}.iterations`,
        `must be an integer ≥ 0, got ${describeValue(raw.iterations)}`,
      );
    const state: OptimizerState = {
      iterations: raw.iterations as number,
      slots: listOf(raw.slots, `${path}.slots`, readTensor),
    };
    if (raw.accBeta !== undefined) {
      const acc = raw.accBeta;
      if (
        !Array.isArray(acc) ||
        acc.length !== 2 ||
        !acc.every((b) => typeof b === 'number' && b > 0 && b <= 1)
      )
        return fail(`${path}.accBeta`, `must be two numbers in (0, 1], got ${describeValue(acc)}`);
      state.accBeta = [acc[0] as number, acc[1] as number];
    }
    return state;
  };
  if (!isRecord(value))
    return fail('state', `must be { step, twins, optimizers }, got ${describeValue(value)}`);
  onlyFields(value, ['step', 'twins', 'optimizers'], 'importWeights: state', 'training');
  return {
    step: readInteger(
      value.step,
      'training',
      'importWeights: state.step',
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    twins: perTwin(value.twins, 'state.twins', (v, at) => listOf(v, at, readTensor)),
    optimizers: perTwin(value.optimizers, 'state.optimizers', (v, at) =>
      listOf(v, at, readOptimizer),
    ),
  };
}
