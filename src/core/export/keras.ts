// The TensorFlow/Keras program: one keras.Sequential per part and one persistent GradientTape
// per part; `tape.gradient(out, part.trainable_weights + [inp], output_gradients=upstream)`
// chains them, last part first. Keras's layouts are tfjs's, so nothing is transposed.
import type { LayerSpec } from '../spec';
import { headerLines, type Provenance } from './header';
import { arrayLiteral, type Embedded } from './literals';
import { describeLayer, type ExportPlan, type PlannedLayer } from './plan';
import { pythonLoss, pythonNames, pythonReport } from './python';

const tuple = (p: readonly number[]) => `(${p.join(', ')}${p.length === 1 ? ',' : ''})`;
const list = (p: readonly number[]) => `[${p.join(', ')}]`;

const activationArg = (spec: LayerSpec) =>
  (spec.type === 'conv2d' || spec.type === 'dense') &&
  spec.activation &&
  spec.activation !== 'linear'
    ? `, activation="${spec.activation}"`
    : '';
const biasArg = (spec: LayerSpec) =>
  (spec.type === 'conv2d' || spec.type === 'dense') && spec.useBias === false
    ? ', use_bias=False'
    : '';

/** The Keras layer for one spec layer (TensorFlow's 'same' padding is tfjs's). */
function layerCode(layer: PlannedLayer, hasMask: boolean): string {
  const s = layer.spec;
  const padding = `, padding="${('padding' in s && s.padding) || 'valid'}"`;
  const name = `name="layer${layer.index}"`;
  switch (s.type) {
    case 'conv2d':
      return `layers.Conv2D(${s.filters}, ${tuple(layer.window)}, strides=${tuple(layer.strides)}${padding}${activationArg(s)}${biasArg(s)}, ${name})`;
    case 'dense':
      return `layers.Dense(${s.units}${activationArg(s)}${biasArg(s)}, ${name})`;
    case 'flatten':
      return `layers.Flatten(${name})`;
    case 'activation':
      return `layers.Activation("${s.activation}", ${name})`;
    case 'maxPooling2d':
      return `layers.MaxPooling2D(${tuple(layer.window)}, strides=${tuple(layer.strides)}${padding}, ${name})`;
    case 'averagePooling2d':
      // TensorFlow averages over the cells inside the image, as tfjs does.
      return `layers.AveragePooling2D(${tuple(layer.window)}, strides=${tuple(layer.strides)}${padding}, ${name})`;
    case 'globalAveragePooling2d':
      return `layers.GlobalAveragePooling2D(${name})`;
    case 'dropout':
      return hasMask
        ? `layers.Lambda(lambda x: x * DROPOUT_MASKS[${layer.index}], ${name})`
        : `layers.Dropout(${s.rate}, ${name})`;
  }
}

const dropoutNote = (layer: PlannedLayer, hasMask: boolean) =>
  layer.spec.type !== 'dropout'
    ? ''
    : hasMask
      ? ', the mask tfjs drew'
      : ', off: the parts are called with training=False';

function dataCode(plan: ExportPlan, embedded: Embedded | undefined, batch: number): string[] {
  if (!embedded) {
    const outputs = plan.outputs;
    const labels =
      plan.spec.loss === 'categoricalCrossentropy'
        ? `tf.one_hot(tf.argmax(tf.random.uniform((BATCH, ${outputs})), axis=1), ${outputs})`
        : `tf.cast(tf.random.uniform((BATCH, ${outputs})) > 0.5, tf.float32)`;
    return [
      '# A random batch as the seed draws one: x uniform in [0, 1), labels 0/1 (one-hot for',
      "# categorical cross-entropy); the weights keep Keras's initialisation (glorot-uniform).",
      `BATCH = ${batch}`,
      `x = tf.random.uniform((BATCH, ${plan.spec.input.join(', ')}))`,
      `y = ${labels}`,
    ];
  }
  const lines = [
    '# The weights and batch of `splittape check` (tfjs layouts are Keras layouts; flat, row-major).',
    'TFJS_WEIGHTS = [',
  ];
  embedded.weights.forEach((w, i) => {
    lines.push(`    # ${plan.weights[i].seedName}: ${plan.weights[i].description}`);
    lines.push(`    (${list(w.shape)}, ${arrayLiteral(w.data, '    ')}),`);
  });
  lines.push(
    ']',
    'for variable, (shape, values) in zip(WEIGHTS, TFJS_WEIGHTS):',
    '    variable.assign(tensor(shape, values))',
    `x = tf.constant(tensor(${list(embedded.x.shape)}, ${arrayLiteral(embedded.x.data, '')}))`,
    `y = tf.constant(tensor(${list(embedded.y.shape)}, ${arrayLiteral(embedded.y.data, '')}))`,
  );
  return lines;
}

function masksCode(embedded: Embedded | undefined): string[] {
  const masks = embedded?.dropoutMasks ?? [];
  if (masks.length === 0) return [];
  return [
    '# The multipliers (0 or 1/(1 - rate)) each dropout layer applied in `splittape check --training`.',
    'DROPOUT_MASKS = {',
    ...masks.map(
      (m) =>
        `    ${m.layer}: tf.constant(tensor(${list(m.shape)}, ${arrayLiteral(m.data, '    ')})),`,
    ),
    '}',
    '',
    '',
  ];
}

export function kerasProgram(
  plan: ExportPlan,
  provenance: Provenance,
  embedded: Embedded | undefined,
): string {
  const masked = new Set((embedded?.dropoutMasks ?? []).map((m) => m.layer));
  const header = headerLines(
    plan,
    provenance,
    [
      'Here each part has a persistent GradientTape of its own that watches its input;',
      '`tape.gradient(out, part.trainable_weights + [inp], output_gradients=upstream)` is the',
      'vector-Jacobian product, and the gradient for `inp` is the upstream gradient of the part before.',
    ],
    'python3 this_file.py  (TensorFlow 2)',
  );
  const out: string[] = ['"""' + header[0], ...header.slice(1), '"""', ''];
  out.push(
    'import json',
    'import os',
    '',
    'import numpy as np',
    'import tensorflow as tf',
    '',
    'layers = tf.keras.layers',
    "# Keras's fuzz factor: cross-entropies clip predictions to [EPSILON, 1 - EPSILON].",
    'EPSILON = 1e-7',
    '',
    '',
    'def tensor(shape, values):',
    '    """A tensor in tfjs layout (flat, row-major); Keras uses the same layouts."""',
    '    return np.array(values, dtype=np.float32).reshape(shape)',
    '',
    '',
    ...masksCode(embedded),
  );
  for (const part of plan.parts)
    out.push(
      `def model_${part.index}():`,
      `    """${part.name} = layers ${part.firstLayer}–${part.lastLayer}: [N, ${part.inputShape.join(', ')}] -> [N, ${part.outputShape.join(', ')}]."""`,
      '    return tf.keras.Sequential(',
      '        [',
      `            tf.keras.Input(shape=${tuple(part.inputShape)}),`,
      ...part.layers.flatMap((l) => [
        `            # ${describeLayer(l)}${dropoutNote(l, masked.has(l.index))}`,
        `            ${layerCode(l, masked.has(l.index))},`,
      ]),
      '        ],',
      `        name="${part.name}",`,
      '    )',
      '',
      '',
    );
  out.push(
    'tf.random.set_seed(0)  # the same initial weights (and random batch) every run',
    `parts = [${plan.parts.map((p) => `model_${p.index}()`).join(', ')}]`,
    "WEIGHTS = [w for part in parts for w in part.trainable_weights]  # tfjs's order",
    '',
    ...pythonNames(plan),
    '',
    ...dataCode(plan, embedded, provenance.batch),
    '',
    '',
    ...pythonLoss(plan, {
      mean: (e) => `tf.reduce_mean(${e})`,
      sum: (e, keep) => `tf.reduce_sum(${e}, axis=-1${keep ? ', keepdims=True' : ''})`,
      log: (e) => `tf.math.log(${e})`,
      log1p: (e) => `tf.math.log1p(${e})`,
      clip: (e) => `tf.clip_by_value(${e}, EPSILON, 1 - EPSILON)`,
    }),
    '',
    '',
    'def full_tape():',
    '    """The reference: one tape over the whole forward pass."""',
    '    with tf.GradientTape() as tape:',
    '        h, boundaries = x, []',
    '        for k, part in enumerate(parts):',
    '            h = part(h, training=False)',
    '            if k < len(parts) - 1:',
    '                boundaries.append(h)  # dL/d(out_k), to compare with the upstream gradients',
    '        loss = loss_fn(y, h)',
    '    grads = tape.gradient(loss, WEIGHTS + boundaries)',
    '    return float(loss), grads[: len(WEIGHTS)], grads[len(WEIGHTS) :]',
    '',
    '',
    'def split():',
    '    """A tape per part, and a backward pass per part, last part first, chained by the upstream gradient."""',
    '    tapes, inputs, outputs, h = [], [], [], x',
    '    for part in parts:',
    '        tape = tf.GradientTape(persistent=True)',
    '        with tape:',
    '            tape.watch(h)  # the boundary: its gradient goes back to the part before',
    '            out = part(h, training=False)',
    '        tapes.append(tape)',
    '        inputs.append(h)',
    '        outputs.append(out)',
    '        h = out',
    '    # The loss is a step of its own: dL/d(prediction) is the first upstream gradient.',
    '    with tf.GradientTape() as tape:',
    '        tape.watch(h)',
    '        loss = loss_fn(y, h)',
    '    upstream = tape.gradient(loss, h)',
    '    weights, boundaries = [None] * len(parts), []',
    '    for k in reversed(range(len(parts))):',
    '        # dL/dW_k = upstream^T dout_k/dW_k and dL/d(in_k) = upstream^T dout_k/d(in_k), one backward pass.',
    '        grads = tapes[k].gradient(',
    '            outputs[k], parts[k].trainable_weights + [inputs[k]], output_gradients=upstream',
    '        )',
    '        weights[k], upstream = grads[:-1], grads[-1]',
    '        if k > 0:',
    '            boundaries.insert(0, upstream)  # dL/d(out_{k-1}), sent back to the part before',
    '    return float(loss), [g for part_grads in weights for g in part_grads], boundaries',
    '',
    '',
    ...pythonReport(plan),
    '',
    '',
    'def as_numpy(tensors):',
    '    return [t.numpy() for t in tensors]',
    '',
    '',
    'def main():',
    '    loss, reference, reference_boundaries = full_tape()',
    '    split_loss, gradients, boundaries = split()',
    '    report(',
    '        loss,',
    '        split_loss,',
    '        {"weights": as_numpy(reference), "boundaries": as_numpy(reference_boundaries)},',
    '        {"weights": as_numpy(gradients), "boundaries": as_numpy(boundaries)},',
    '    )',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  );
  return out.join('\n');
}
