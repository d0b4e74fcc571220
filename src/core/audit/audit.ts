// The kernel audit: for each case, tfjs's gradient of one layer's objective (on the current
// backend, with whatever kernels it has registered) against float64 central differences of the
// same objective computed by the oracle (forwardLayer64), at every element of the input and of
// each weight. Shares with the tfjs path only the spec, the data and the model builder.
import * as tf from '@tensorflow/tfjs';
import { compareSampled } from '../compare';
import { randomBatch } from '../data/randomBatch';
import { computeLoss } from '../loss';
import { applyLayers, buildModel, dropoutMasks, weightsOfLayers, type SplitModel } from '../model';
import { differentiate } from '../oracle/fd64';
import { forwardLayer64 } from '../oracle/layers64';
import { loss64 } from '../oracle/loss64';
import { toTensor64, type Tensor64 } from '../oracle/tensor64';
import type { LayerSpec, ModelSpec } from '../spec';
import { AUDIT_BATCH, AUDIT_CASES, type AuditCase, type InputKind } from './cases';

export interface TensorAudit {
  /** 'dx' (the layer's input), or the weight's role: 'kernel', 'bias'. */
  tensor: string;
  maxAbsError: number;
  /** max |tfjs − fd64| over every element, divided by the tensor's largest magnitude. */
  maxRelError: number;
  /** Where the largest error is (a flat index). */
  worstIndex: number;
  agrees: boolean;
}

export interface CaseAudit {
  name: string;
  backend: string;
  tensors: TensorAudit[];
  agrees: boolean;
}

export interface AuditReport {
  backend: string;
  /** The backend's float precision (32 or 16) and epsilon, as tfjs reports them. */
  floatPrecision: number;
  epsilon: number;
  cases: CaseAudit[];
  elapsedMs: number;
}

export interface AuditOptions {
  /** Only these cases (by name); every case when absent. Unknown names throw. */
  names?: readonly string[];
}

/** The step that separates tied cells, decreasing in flat (row-major) order: see tieBroken. */
const TIE_STEP = 1e-3;
const CONTEXT = { training: true, step: 0 };

/** The layer's output is an image when it keeps the input's rank and the input is one. */
const outputIsImage = (layer: LayerSpec, input: number[]) =>
  layer.type === 'conv2d' ||
  layer.type === 'maxPooling2d' ||
  layer.type === 'averagePooling2d' ||
  ((layer.type === 'activation' || layer.type === 'dropout') && input.length === 3);

/**
 * A spec whose layer 0 is the case's layer. A spec must end in a vector and have weights, so a
 * flatten and a dense layer follow; the audit applies only layer 0 (applyLayers(…, 0, 0)).
 */
function specOf(c: AuditCase): ModelSpec {
  const tail: LayerSpec[] = [
    ...(outputIsImage(c.layer, c.input) ? [{ type: 'flatten' } as const] : []),
    { type: 'dense', units: 2 },
  ];
  return {
    name: c.name,
    input: c.input,
    loss: c.objective === 'sum' ? 'mse' : c.objective,
    layers: [c.layer, ...tail],
  };
}

function drawInput(kind: InputKind, shape: number[], seed: number): tf.Tensor {
  switch (kind) {
    case 'normal':
      return tf.randomNormal(shape, 0, 1, 'float32', seed);
    case 'large':
      return tf.randomNormal(shape, 0, 5, 'float32', seed);
    case 'positive':
      return tf.randomUniform(shape, 0.5, 1.5, 'float32', seed);
    case 'negative':
      return tf.randomUniform(shape, -1.5, -0.5, 'float32', seed);
    case 'sine':
      return tf
        .mul(tf.sin(tf.mul(tf.range(0, tf.util.sizeFromShape(shape)), 1.7)), 3)
        .reshape(shape);
    case 'ties':
      return tf.floor(tf.randomUniform(shape, 1, 4, 'float32', seed));
  }
}

interface CaseData {
  model: SplitModel;
  x: tf.Tensor;
  /** r for the 'sum' objective, labels for a loss. */
  target: tf.Tensor;
  mask?: tf.Tensor;
}

/** The case's data, drawn on the JS side from seeds, so every backend and browser sees the same. */
function caseData(c: AuditCase, seed: number): CaseData {
  const spec = specOf(c);
  const model = buildModel(spec, seed);
  const layerWeights = weightsOfLayers(model, 0, 0);
  // Keras starts biases at zero; a random bias makes the activations' operating points varied.
  for (const w of layerWeights)
    if (w.role === 'bias')
      tf.tidy(() => {
        w.variable.write(tf.randomNormal(w.shape, 0, 1, 'float32', seed + 1));
      });
  const x = tf.tidy(() => drawInput(c.inputKind, [AUDIT_BATCH, ...c.input], seed + 2));
  const outShape: number[] = tf.tidy(() => applyLayers(model, x, 0, 0, CONTEXT).shape);
  let target: tf.Tensor;
  if (c.objective === 'sum') {
    target = tf.randomNormal(outShape, 0, 1, 'float32', seed + 3);
  } else if (c.labels === 'confidentlyWrong') {
    target = tf.tidy(() => {
      if (c.objective !== 'categoricalCrossentropy') return tf.ones(outShape);
      const out = applyLayers(model, x, 0, 0, CONTEXT);
      return tf.oneHot(tf.argMin(out, 1), outShape[1]).toFloat();
    });
  } else {
    const batch = randomBatch(spec, outShape[1], AUDIT_BATCH, seed + 3);
    batch.x.dispose();
    target = batch.y;
  }
  const masks = dropoutMasks(model, AUDIT_BATCH, CONTEXT);
  const mask = masks.length > 0 ? tf.tensor(masks[0].data, masks[0].shape) : undefined;
  return { model, x, target, mask };
}

/** tfjs's dL/dx and dL/dw (each layer weight) on the current backend. */
async function tfjsGradients(c: AuditCase, data: CaseData): Promise<Float32Array[]> {
  const weights = weightsOfLayers(data.model, 0, 0).map((w) => w.variable.read());
  const grads = tf.tidy(() => {
    const { value, grads } = tf.engine().gradients(() => {
      const out = applyLayers(data.model, data.x, 0, 0, CONTEXT);
      return c.objective === 'sum'
        ? tf.sum(tf.mul(out, data.target))
        : computeLoss(c.objective, data.target, out);
    }, [data.x, ...weights]);
    value.dispose();
    return grads;
  });
  try {
    return await Promise.all(grads.map(async (g) => (await g.data()) as Float32Array));
  } finally {
    grads.forEach((g) => g.dispose());
  }
}

/** Central differences at every element of `target` (fd64's own rule, every index). */
const centralDifferences = (target: Tensor64, objective: () => number) =>
  differentiate(target, [...target.data.keys()], objective);

/**
 * Tied maxima have no derivative (central differences split it between them). TensorFlow gives
 * it to the first cell in row-major order; lowering each cell by TIE_STEP × its flat index makes
 * that cell the strict maximum without reordering distinct values (integers, ≥ 1 apart), so the
 * differences there state the convention. Max pooling is piecewise linear: nothing else moves.
 */
function tieBroken(x: Tensor64): Tensor64 {
  return { shape: x.shape, data: x.data.map((v, i) => v - TIE_STEP * i) };
}

/** The same gradients in float64 by central differences of the oracle's objective. */
async function oracleGradients(c: AuditCase, data: CaseData): Promise<number[][]> {
  const plain = async (t: tf.Tensor) => toTensor64(t.shape, await t.data());
  const x0 = await plain(data.x);
  const x = c.inputKind === 'ties' ? tieBroken(x0) : x0;
  const params = await Promise.all(
    weightsOfLayers(data.model, 0, 0).map((w) => plain(w.variable.read())),
  );
  const target = await plain(data.target);
  const mask = data.mask ? await plain(data.mask) : undefined;
  const objective = () => {
    const out = forwardLayer64(c.layer, x, params, mask);
    if (c.objective !== 'sum') return loss64(c.objective, target, out);
    let sum = 0;
    for (let i = 0; i < out.data.length; i++) sum += out.data[i] * target.data[i];
    return sum;
  };
  return [x, ...params].map((t) => centralDifferences(t, objective));
}

async function auditCase(c: AuditCase, seed: number): Promise<CaseAudit> {
  const data = caseData(c, seed);
  try {
    const [ours, oracle] = [await tfjsGradients(c, data), await oracleGradients(c, data)];
    const roles = ['dx', ...weightsOfLayers(data.model, 0, 0).map((w) => w.role)];
    const tensors = roles.map((tensor, k) => {
      const indices = oracle[k].map((_, i) => i);
      const { maxAbsError, maxRelError, worstIndex, agrees } = compareSampled(
        ours[k],
        indices,
        oracle[k],
      );
      return { tensor, maxAbsError, maxRelError, worstIndex, agrees };
    });
    return {
      name: c.name,
      backend: tf.getBackend(),
      tensors,
      agrees: tensors.every((t) => t.agrees),
    };
  } finally {
    data.model.dispose();
    [data.x, data.target, data.mask].forEach((t) => t?.dispose());
  }
}

/** Runs the audit on the current backend (call useBackend first) and returns plain results. */
export async function auditKernels(options: AuditOptions = {}): Promise<AuditReport> {
  const known = new Set(AUDIT_CASES.map((c) => c.name));
  const unknown = (options.names ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`no audit case named ${unknown.join(', ')}`);
  const wanted = options.names ? new Set(options.names) : known;
  const start = performance.now();
  const cases: CaseAudit[] = [];
  for (const [index, c] of AUDIT_CASES.entries())
    if (wanted.has(c.name)) cases.push(await auditCase(c, 1000 + 17 * index));
  return {
    backend: tf.getBackend(),
    floatPrecision: tf.backend().floatPrecision(),
    epsilon: tf.backend().epsilon(),
    cases,
    elapsedMs: performance.now() - start,
  };
}
