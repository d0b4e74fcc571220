// Model specs: the JSON a user writes, its validation (naming the layer and field at fault) and
// shape inference. Pure TypeScript, no tfjs, so the UI can flag a bad field without the worker.

export type LossName = 'mse' | 'binaryCrossentropy' | 'categoricalCrossentropy';
export const LOSSES: readonly LossName[] = ['mse', 'binaryCrossentropy', 'categoricalCrossentropy'];

export type ActivationName =
  'linear' | 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'elu' | 'selu' | 'softplus';
export const ACTIVATIONS: readonly ActivationName[] = [
  'linear',
  'relu',
  'sigmoid',
  'tanh',
  'softmax',
  'elu',
  'selu',
  'softplus',
];

export type Padding = 'valid' | 'same';
export type Pair = number | [number, number];

export type LayerSpec =
  | {
      type: 'conv2d';
      filters: number;
      kernelSize: Pair;
      strides?: Pair;
      padding?: Padding;
      activation?: ActivationName;
      useBias?: boolean;
    }
  | { type: 'dense'; units: number; activation?: ActivationName; useBias?: boolean }
  | { type: 'flatten' }
  | { type: 'activation'; activation: ActivationName }
  | { type: 'maxPooling2d'; poolSize?: Pair; strides?: Pair; padding?: Padding }
  | { type: 'averagePooling2d'; poolSize?: Pair; strides?: Pair; padding?: Padding }
  | { type: 'globalAveragePooling2d' }
  | { type: 'dropout'; rate: number };

export type LayerType = LayerSpec['type'];

export interface ModelSpec {
  name: string;
  /** One example's shape: [h, w, c] for images, [n] for vectors (no batch axis). */
  input: number[];
  loss: LossName;
  layers: LayerSpec[];
}

/** What one layer does to shapes, for display and for the cut editor. */
export interface LayerShape {
  index: number;
  type: LayerType;
  inputShape: number[];
  outputShape: number[];
  paramCount: number;
  /** The shapes of the layer's trainable weights in tfjs order (kernel, then bias). */
  weightShapes: { role: 'kernel' | 'bias'; shape: number[] }[];
}

/** A weight as messages and files name it: 'kernel of layer 3 (dense)'. */
export const weightName = (role: 'kernel' | 'bias', layer: number, type: string) =>
  `${role} of layer ${layer} (${type})`;

/** Every trainable weight of a checked spec, in the built model's order (layer by layer). */
export const weightsOfSpec = (spec: ModelSpec, shapes: LayerShape[]) =>
  shapes.flatMap((s, layer) =>
    s.weightShapes.map((w) => ({
      name: weightName(w.role, layer, spec.layers[layer].type),
      layer,
      shape: w.shape,
    })),
  );

/** A problem found in a spec: `layer` and `field` say where, `message` says it in words. */
export interface SpecProblem {
  layer?: number;
  field?: string;
  message: string;
}

export type SpecCheck =
  { ok: true; spec: ModelSpec; shapes: LayerShape[] } | { ok: false; problems: SpecProblem[] };

/** How a field is written: the editor picks its control from this, validation its rule. */
export type FieldKind = 'integer' | 'rate' | 'pair' | 'activation' | 'padding' | 'boolean';

export interface LayerField {
  name: string;
  kind: FieldKind;
  required: boolean;
  /** What an absent optional field means (tfjs's default), for display. */
  defaultText?: string;
}

const activationField = (required: boolean): LayerField => ({
  name: 'activation',
  kind: 'activation',
  required,
  defaultText: required ? undefined : 'linear',
});
const paddingField: LayerField = {
  name: 'padding',
  kind: 'padding',
  required: false,
  defaultText: 'valid',
};
const useBiasField: LayerField = {
  name: 'useBias',
  kind: 'boolean',
  required: false,
  defaultText: 'true',
};
const poolingFields: LayerField[] = [
  { name: 'poolSize', kind: 'pair', required: false, defaultText: '2' },
  { name: 'strides', kind: 'pair', required: false, defaultText: 'poolSize' },
  paddingField,
];

/** The fields each layer type accepts besides `type`: the one list validation and editor share. */
export const LAYER_FIELDS: Record<LayerType, readonly LayerField[]> = {
  conv2d: [
    { name: 'filters', kind: 'integer', required: true },
    { name: 'kernelSize', kind: 'pair', required: true },
    { name: 'strides', kind: 'pair', required: false, defaultText: '1' },
    paddingField,
    activationField(false),
    useBiasField,
  ],
  dense: [{ name: 'units', kind: 'integer', required: true }, activationField(false), useBiasField],
  flatten: [],
  activation: [activationField(true)],
  maxPooling2d: poolingFields,
  averagePooling2d: poolingFields,
  globalAveragePooling2d: [],
  dropout: [{ name: 'rate', kind: 'rate', required: true }],
};

export const LAYER_TYPES = Object.keys(LAYER_FIELDS) as LayerType[];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isPositiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v > 0;
const isPair = (v: unknown): v is Pair =>
  isPositiveInt(v) || (Array.isArray(v) && v.length === 2 && v.every(isPositiveInt));

export const pairOf = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : v);

/** Output length of one spatial axis, as tfjs/Keras compute it. */
const convLength = (size: number, kernel: number, stride: number, padding: Padding): number =>
  padding === 'same' ? Math.ceil(size / stride) : Math.ceil((size - kernel + 1) / stride);

export const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Past this many weights the twins (three copies, with optimizer state) would not fit in memory. */
export const MAX_PARAMS = 1e8;

const describe = (layer: number, type: string) => `layer ${layer} (${type})`;

/** Checks one layer's fields; returns problems (empty when the fields are well formed). */
function checkLayerFields(raw: Record<string, unknown>, index: number): SpecProblem[] {
  const type = raw.type as LayerType;
  const at = describe(index, type);
  const problems: SpecProblem[] = [];
  const fail = (field: string, what: string) =>
    problems.push({ layer: index, field, message: `${at}: ${field} ${what}` });
  const fields = LAYER_FIELDS[type];
  const known = fields.map((f) => f.name);
  for (const key of Object.keys(raw)) {
    if (key !== 'type' && !known.includes(key))
      fail(
        key,
        `is not a field of ${type}${known.length ? ` (it takes ${known.join(', ')})` : ''}`,
      );
  }
  for (const field of fields) {
    if (field.required && raw[field.name] === undefined) fail(field.name, 'is missing');
  }
  const value = (field: string) => raw[field];
  if (value('filters') !== undefined && !isPositiveInt(value('filters')))
    fail('filters', 'must be a positive integer');
  if (value('units') !== undefined && !isPositiveInt(value('units')))
    fail('units', 'must be a positive integer');
  for (const field of ['kernelSize', 'strides', 'poolSize']) {
    if (value(field) !== undefined && !isPair(value(field)))
      fail(field, 'must be a positive integer or a pair of them, e.g. 3 or [3, 3]');
  }
  if (value('padding') !== undefined && value('padding') !== 'valid' && value('padding') !== 'same')
    fail('padding', "must be 'valid' or 'same'");
  if (
    value('activation') !== undefined &&
    !ACTIVATIONS.includes(value('activation') as ActivationName)
  )
    fail('activation', `must be one of ${ACTIVATIONS.join(', ')}`);
  if (value('useBias') !== undefined && typeof value('useBias') !== 'boolean')
    fail('useBias', 'must be true or false');
  const rate = value('rate');
  if (rate !== undefined && !(typeof rate === 'number' && rate >= 0 && rate < 1))
    fail('rate', 'must be a number from 0 up to (not including) 1');
  return problems;
}

/** Infers one well-formed layer's output shape and weights from its input shape. */
function inferLayer(layer: LayerSpec, index: number, input: number[]): LayerShape | SpecProblem {
  const at = describe(index, layer.type);
  const result = (outputShape: number[], weightShapes: LayerShape['weightShapes'] = []) => {
    const collapsed = outputShape.findIndex((d) => d <= 0);
    if (collapsed >= 0)
      return {
        layer: index,
        message: `${at}: the output shape [${outputShape.join(', ')}] collapses to 0 — the input [${input.join(', ')}] is too small for it`,
      };
    return {
      index,
      type: layer.type,
      inputShape: input,
      outputShape,
      weightShapes,
      paramCount: weightShapes.reduce((n, w) => n + product(w.shape), 0),
    };
  };
  const needsImage = () => ({
    layer: index,
    message: `${at}: needs an image input [height, width, channels], got [${input.join(', ')}]`,
  });
  switch (layer.type) {
    case 'conv2d': {
      if (input.length !== 3) return needsImage();
      const [kh, kw] = pairOf(layer.kernelSize);
      const [sh, sw] = pairOf(layer.strides ?? 1);
      const padding = layer.padding ?? 'valid';
      if (padding === 'valid' && (kh > input[0] || kw > input[1]))
        return {
          layer: index,
          field: 'kernelSize',
          message: `${at}: kernelSize ${kh}×${kw} is larger than its input ${input[0]}×${input[1]}`,
        };
      const weights: LayerShape['weightShapes'] = [
        { role: 'kernel', shape: [kh, kw, input[2], layer.filters] },
      ];
      if (layer.useBias ?? true) weights.push({ role: 'bias', shape: [layer.filters] });
      return result(
        [
          convLength(input[0], kh, sh, padding),
          convLength(input[1], kw, sw, padding),
          layer.filters,
        ],
        weights,
      );
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      if (input.length !== 3) return needsImage();
      const [ph, pw] = pairOf(layer.poolSize ?? 2);
      const [sh, sw] = pairOf(layer.strides ?? layer.poolSize ?? 2);
      const padding = layer.padding ?? 'valid';
      if (padding === 'valid' && (ph > input[0] || pw > input[1]))
        return {
          layer: index,
          field: 'poolSize',
          message: `${at}: poolSize ${ph}×${pw} is larger than its input ${input[0]}×${input[1]}`,
        };
      return result([
        convLength(input[0], ph, sh, padding),
        convLength(input[1], pw, sw, padding),
        input[2],
      ]);
    }
    case 'globalAveragePooling2d':
      return input.length === 3 ? result([input[2]]) : needsImage();
    case 'flatten':
      return result([product(input)]);
    case 'dense': {
      if (input.length !== 1)
        return {
          layer: index,
          message: `${at}: needs a vector input, got [${input.join(', ')}] — add a flatten layer before it`,
        };
      const weights: LayerShape['weightShapes'] = [
        { role: 'kernel', shape: [input[0], layer.units] },
      ];
      if (layer.useBias ?? true) weights.push({ role: 'bias', shape: [layer.units] });
      return result([layer.units], weights);
    }
    case 'activation':
    case 'dropout':
      return result(input);
  }
}

/**
 * Validates an untrusted value as a model spec and infers every layer's shapes. All field
 * problems are reported at once; shape problems stop at the first layer that cannot be built.
 */
export function checkSpec(raw: unknown): SpecCheck {
  const problems: SpecProblem[] = [];
  if (!isObject(raw))
    return { ok: false, problems: [{ message: 'the spec must be a JSON object' }] };
  if (typeof raw.name !== 'string' || raw.name.trim() === '')
    problems.push({ field: 'name', message: 'name must be a non-empty string' });
  const input = raw.input;
  if (
    !Array.isArray(input) ||
    !(input.length === 1 || input.length === 3) ||
    !input.every(isPositiveInt)
  )
    problems.push({
      field: 'input',
      message: 'input must be [height, width, channels] or [features], positive integers',
    });
  if (!LOSSES.includes(raw.loss as LossName))
    problems.push({ field: 'loss', message: `loss must be one of ${LOSSES.join(', ')}` });
  if (!Array.isArray(raw.layers) || raw.layers.length === 0) {
    problems.push({ field: 'layers', message: 'layers must be a non-empty list' });
    return { ok: false, problems };
  }
  raw.layers.forEach((layer: unknown, index: number) => {
    if (!isObject(layer)) {
      problems.push({ layer: index, message: `layer ${index}: must be an object with a type` });
    } else if (!LAYER_TYPES.includes(layer.type as LayerType)) {
      problems.push({
        layer: index,
        field: 'type',
        message: `layer ${index}: unknown type '${String(layer.type)}' (known: ${LAYER_TYPES.join(', ')})`,
      });
    } else {
      problems.push(...checkLayerFields(layer, index));
    }
  });
  if (problems.length > 0) return { ok: false, problems };

  const spec = raw as unknown as ModelSpec;
  const shapes: LayerShape[] = [];
  let shape = spec.input;
  for (const [index, layer] of spec.layers.entries()) {
    const inferred = inferLayer(layer, index, shape);
    if ('message' in inferred) return { ok: false, problems: [inferred] };
    shapes.push(inferred);
    shape = inferred.outputShape;
  }
  const last = spec.layers.length - 1;
  if (shape.length !== 1)
    return {
      ok: false,
      problems: [
        {
          layer: last,
          message: `layer ${last}: the model must end in a vector, got [${shape.join(', ')}] — add flatten and dense layers`,
        },
      ],
    };
  // Gradients are taken with respect to the weights: with none, there is nothing to compare or train.
  if (shapes.every((s) => s.paramCount === 0))
    problems.push({
      field: 'layers',
      message: 'the model has no weights to train: add a dense or conv2d layer',
    });
  const params = shapes.reduce((n, s) => n + s.paramCount, 0);
  if (params > MAX_PARAMS)
    problems.push({
      field: 'layers',
      message: `the model has ${params.toPrecision(3)} weights, more than the ${MAX_PARAMS.toExponential()} a browser tab can train: use fewer units or filters`,
    });
  if (spec.loss === 'categoricalCrossentropy' && shape[0] < 2)
    problems.push({
      field: 'loss',
      message: `loss categoricalCrossentropy needs at least 2 outputs, the model ends in ${shape[0]}`,
    });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, spec, shapes };
}

/** Like checkSpec, but throws a SpecError naming the first problem. */
export function parseSpec(raw: unknown): { spec: ModelSpec; shapes: LayerShape[] } {
  const check = checkSpec(raw);
  if (!check.ok) throw new SpecError(check.problems);
  return check;
}

export class SpecError extends Error {
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map((p) => p.message).join('; '));
    this.name = 'SpecError';
  }
}
