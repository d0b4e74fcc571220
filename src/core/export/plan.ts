// What every exported program needs to know about a spec and its cuts, as plain data: the parts
// and their layers, each layer's window, strides and TensorFlow 'same' padding, every weight's
// seed-style name and the boundaries between parts. Pure TypeScript (no tfjs).
import { checkCuts, partsOf, type Part } from '../cuts';
import { boundaryName, seedWeightNames } from '../format';
import { axisGeometry } from '../oracle/layers64';
import { pairOf, parseSpec, type LayerShape, type LayerSpec, type ModelSpec } from '../spec';

/** Zero cells added on each side of the image; TensorFlow's 'same' puts the odd one at the end. */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface PlannedLayer {
  index: number;
  spec: LayerSpec;
  shape: LayerShape;
  /** Window and strides of a conv or pooling layer ([1, 1] for the others). */
  window: [number, number];
  strides: [number, number];
  /** Set when 'same' padding adds cells (a conv or pooling layer). */
  pads?: Pads;
  /** Index of this layer's weights in the model's weight list (kernel, then bias). */
  weights: number[];
}

export interface PlannedWeight {
  index: number;
  layer: number;
  role: 'kernel' | 'bias';
  part: number;
  shape: number[];
  /** dLoss_dWeights0, dLoss_dBias2_layer3, … as the seed answer names them. */
  seedName: string;
  /** e.g. 'kernel of layer 3 (dense), model_2'. */
  description: string;
}

export interface PlannedPart extends Part {
  layers: PlannedLayer[];
}

export interface PlannedBoundary {
  cut: number;
  /** dLoss_dOut{k}: the gradient crossing the cut after model_k. */
  seedName: string;
  /** The activation crossing the cut, one example (no batch axis). */
  shape: number[];
}

export interface ExportPlan {
  spec: ModelSpec;
  cuts: number[];
  parts: PlannedPart[];
  weights: PlannedWeight[];
  boundaries: PlannedBoundary[];
  /** The model's output width (labels per example). */
  outputs: number;
}

/** Padding before and after along one axis, as TensorFlow computes it for 'same'. */
function sameAxis(length: number, window: number, stride: number): [number, number] {
  const { out, before } = axisGeometry(length, window, stride, 'same');
  const total = Math.max((out - 1) * stride + window - length, 0);
  return [before, total - before];
}

function geometry(spec: LayerSpec, input: number[]) {
  const window =
    spec.type === 'conv2d'
      ? pairOf(spec.kernelSize)
      : spec.type === 'maxPooling2d' || spec.type === 'averagePooling2d'
        ? pairOf(spec.poolSize ?? 2)
        : ([1, 1] as [number, number]);
  const strides =
    spec.type === 'conv2d'
      ? pairOf(spec.strides ?? 1)
      : spec.type === 'maxPooling2d' || spec.type === 'averagePooling2d'
        ? pairOf(spec.strides ?? spec.poolSize ?? 2)
        : ([1, 1] as [number, number]);
  const padding = 'padding' in spec ? (spec.padding ?? 'valid') : 'valid';
  if (padding === 'valid') return { window, strides };
  const [top, bottom] = sameAxis(input[0], window[0], strides[0]);
  const [left, right] = sameAxis(input[1], window[1], strides[1]);
  const pads = top + bottom + left + right > 0 ? { top, bottom, left, right } : undefined;
  return { window, strides, pads };
}

/** Validates the spec (SpecError) and the cuts (CutError) and lays out what the programs need. */
export function planExport(rawSpec: ModelSpec, rawCuts: readonly number[]): ExportPlan {
  const { spec, shapes } = parseSpec(rawSpec);
  const cuts = checkCuts([...rawCuts], spec.layers.length);
  const parts = partsOf(spec.input, shapes, cuts);
  const partOf = (layer: number) => parts.findIndex((p) => layer <= p.lastLayer);
  const described = shapes.flatMap((shape) =>
    shape.weightShapes.map((w) => ({
      layer: shape.index,
      role: w.role,
      part: partOf(shape.index),
      shape: w.shape,
    })),
  );
  const names = seedWeightNames(described);
  const weights: PlannedWeight[] = described.map((w, index) => ({
    ...w,
    index,
    seedName: names[index],
    description: `${w.role} of layer ${w.layer} (${spec.layers[w.layer].type}), ${parts[w.part].name}`,
  }));
  const layers: PlannedLayer[] = spec.layers.map((layer, index) => ({
    index,
    spec: layer,
    shape: shapes[index],
    ...geometry(layer, shapes[index].inputShape),
    weights: weights.filter((w) => w.layer === index).map((w) => w.index),
  }));
  return {
    spec,
    cuts,
    parts: parts.map((part) => ({
      ...part,
      layers: layers.slice(part.firstLayer, part.lastLayer + 1),
    })),
    weights,
    boundaries: cuts.map((cut, k) => ({
      cut,
      seedName: boundaryName(k),
      shape: shapes[cut].outputShape,
    })),
    outputs: shapes[shapes.length - 1].outputShape[0],
  };
}

/** The parts in one line: `model_0 = layers 0–0 | model_1 = layers 1–4`. */
export const describeParts = (plan: ExportPlan) =>
  plan.parts.map((p) => `${p.name} = layers ${p.firstLayer}–${p.lastLayer}`).join(' | ');

/** What a layer is, in words, for the comment above its line of code. */
export function describeLayer(layer: PlannedLayer): string {
  const s = layer.spec;
  const pair = (p: [number, number]) => `${p[0]}×${p[1]}`;
  const extras: string[] = [];
  switch (s.type) {
    case 'conv2d':
      extras.push(`${s.filters} filters ${pair(layer.window)}`, `strides ${pair(layer.strides)}`);
      break;
    case 'dense':
      extras.push(`${s.units} units`);
      break;
    case 'maxPooling2d':
    case 'averagePooling2d':
      extras.push(`pool ${pair(layer.window)}`, `strides ${pair(layer.strides)}`);
      break;
    case 'dropout':
      extras.push(`rate ${s.rate}`);
      break;
    case 'activation':
      extras.push(s.activation);
      break;
  }
  if ('padding' in s && s.padding) extras.push(`padding ${s.padding}`);
  if ((s.type === 'conv2d' || s.type === 'dense') && s.activation && s.activation !== 'linear')
    extras.push(s.activation);
  const shapes = `[${layer.shape.inputShape.join(', ')}] → [${layer.shape.outputShape.join(', ')}]`;
  return `layer ${layer.index} (${s.type}${extras.length ? `, ${extras.join(', ')}` : ''}): ${shapes}`;
}

/** The activation a conv or dense layer applies after its weights, or an activation layer's. */
export const activationOf = (spec: LayerSpec) =>
  spec.type === 'activation'
    ? spec.activation
    : spec.type === 'conv2d' || spec.type === 'dense'
      ? (spec.activation ?? 'linear')
      : 'linear';
