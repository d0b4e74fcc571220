// The TensorFlow.js program (an ES module for Node): each part a function of its input and its
// own weights, written with the ops tfjs's layers use; the backward pass of a part is one
// tf.grads call on the scalar sum(out ⊙ upstream), whose gradient is the vector-Jacobian product.
import type { ActivationName } from '../spec';
import { JSON_ENV, headerLines, partsLine, type Provenance } from './header';
import { arrayLiteral, type Embedded } from './literals';
import { activationOf, describeLayer, type ExportPlan, type PlannedLayer } from './plan';

const list = (p: readonly number[]) => `[${p.join(', ')}]`;

const activationCode = (name: ActivationName) => (name === 'linear' ? undefined : `tf.${name}(x)`);

/** The lines of a part's apply() for one layer; `w` is the part's weights, `first` this layer's. */
function applyCode(layer: PlannedLayer, first: number, hasMask: boolean): string[] {
  const s = layer.spec;
  const lines = [`// ${describeLayer(layer)}`];
  const bias = layer.weights.length > 1 ? `, bias: w[${first + 1}]` : '';
  const pad = 'padding' in s ? `'${s.padding ?? 'valid'}'` : "'valid'";
  const pool = `${list(layer.window)}, ${list(layer.strides)}, ${pad}`;
  switch (s.type) {
    case 'conv2d':
      lines.push(
        `x = tf.fused.conv2d({ x, filter: w[${first}], strides: ${list(layer.strides)}, pad: ${pad}${bias} });`,
      );
      break;
    case 'dense':
      lines.push(`x = tf.fused.matMul({ a: x, b: w[${first}]${bias} });`);
      break;
    case 'flatten':
      lines.push('x = tf.reshape(x, [x.shape[0], -1]);');
      break;
    case 'activation':
      break;
    case 'maxPooling2d':
      lines.push(`x = tf.maxPool(x, ${pool});`);
      break;
    case 'averagePooling2d':
      lines.push(
        layer.pads
          ? `x = averagePoolSame(x, ${list(layer.window)}, ${list(layer.strides)}, [${layer.pads.top}, ${layer.pads.left}]);`
          : `x = tf.avgPool(x, ${pool});`,
      );
      break;
    case 'globalAveragePooling2d':
      lines.push('x = tf.mean(x, [1, 2]);');
      break;
    case 'dropout':
      lines.push(
        hasMask
          ? `x = tf.mul(x, DROPOUT_MASKS[${layer.index}]); // the mask tfjs drew`
          : '// off, as in inference (`splittape check` without --training)',
      );
      break;
  }
  const activation = activationCode(activationOf(s));
  if (activation) lines.push(`x = ${activation};`);
  return lines;
}

// The losses as SplitTape's engine writes them (src/core/loss.ts): Keras's formulas with its
// ε = 1e-7 rather than tfjs-layers' metrics, whose ε depends on the backend that asked first.
const lossCode: Record<ExportPlan['spec']['loss'], string[]> = {
  mse: ['// The mean over every element.', 'return tf.losses.meanSquaredError(yTrue, yPred);'],
  binaryCrossentropy: [
    "// Keras's: predictions clipped to [1e-7, 1 - 1e-7], -(t log p + (1 - t) log(1 - p)), the mean.",
    'const p = tf.clipByValue(yPred, EPSILON, 1 - EPSILON);',
    'const perElement = tf.add(tf.mul(yTrue, tf.log(p)), tf.mul(tf.sub(1, yTrue), tf.log1p(tf.neg(p))));',
    'return tf.neg(tf.mean(perElement));',
  ],
  categoricalCrossentropy: [
    "// Keras's: each row rescaled to sum 1, clipped to [1e-7, 1 - 1e-7], -sum t log p, the mean.",
    'const p = tf.clipByValue(tf.div(yPred, tf.sum(yPred, -1, true)), EPSILON, 1 - EPSILON);',
    'return tf.neg(tf.mean(tf.sum(tf.mul(yTrue, tf.log(p)), -1)));',
  ],
};

function weightsCode(plan: ExportPlan, embedded: Embedded | undefined): string[] {
  const lines = [
    "// Every trainable tensor in tfjs's order (layer by layer, kernel then bias), with the seed's",
    '// name for its gradient.',
    embedded
      ? '// The values are the ones `splittape check` used (flat, row-major).'
      : '// Initialised as Keras does: glorot-uniform kernels (seeded by layer), zero biases.',
    'const WEIGHTS = [',
  ];
  for (const w of plan.weights) {
    const value = embedded
      ? `tensor(${list(w.shape)}, ${arrayLiteral(embedded.weights[w.index].data, '    ')})`
      : w.role === 'kernel'
        ? `tf.initializers.glorotUniform({ seed: ${w.layer} }).apply(${list(w.shape)})`
        : `tf.zeros(${list(w.shape)})`;
    lines.push(
      '  {',
      `    name: '${w.seedName}',`,
      `    description: '${w.description}',`,
      `    part: ${w.part},`,
      `    value: tf.variable(${value}),`,
      '  },',
    );
  }
  lines.push(
    '];',
    '// The gradient crossing each cut (dL/d(out of model_k)), the layer the cut follows, its shape.',
    'const BOUNDARIES = [',
    ...plan.boundaries.map(
      (b) => `  { name: '${b.seedName}', cut: ${b.cut}, shape: ${list(b.shape)} },`,
    ),
    '];',
  );
  return lines;
}

function dataCode(plan: ExportPlan, embedded: Embedded | undefined, batch: number): string[] {
  if (!embedded) {
    const labels =
      plan.spec.loss === 'categoricalCrossentropy'
        ? `tf.oneHot(tf.argMax(draw, 1), ${plan.outputs}).toFloat()`
        : 'tf.greater(draw, 0.5).toFloat()';
    return [
      '// A random batch as the seed draws one: x uniform in [0, 1), labels 0/1 (one-hot for',
      '// categorical cross-entropy).',
      `const BATCH = ${batch};`,
      `const x = tf.randomUniform([BATCH, ${plan.spec.input.join(', ')}], 0, 1, 'float32', 0);`,
      `const draw = tf.randomUniform([BATCH, ${plan.outputs}], 0, 1, 'float32', 1);`,
      `const y = ${labels};`,
      'const DROPOUT_MASKS = {};',
    ];
  }
  const masks = embedded.dropoutMasks ?? [];
  return [
    '// The batch and dropout masks `splittape check` used (NHWC, flat, row-major).',
    `const x = tensor(${list(embedded.x.shape)}, ${arrayLiteral(embedded.x.data, '')});`,
    `const y = tensor(${list(embedded.y.shape)}, ${arrayLiteral(embedded.y.data, '')});`,
    'const DROPOUT_MASKS = {',
    ...masks.map((m) => `  ${m.layer}: tensor(${list(m.shape)}, ${arrayLiteral(m.data, '  ')}),`),
    '};',
  ];
}

const AVERAGE_POOL_SAME = [
  "// Average pooling with 'same' padding: the forward pass divides each window by the cells inside",
  "// the image, but tfjs 4.22's own gradient (AvgPoolGrad) divides by the full window size",
  '// (SplitTape replaces that kernel; see its README). This gives the same forward values and',
  '// scales dy by (window size / cells inside) before the stock gradient, which makes it right.',
  'function averagePoolSame(x, window, strides, [top, left]) {',
  '  const inside = (length, size, stride, before) =>',
  '    Array.from({ length: Math.ceil(length / stride) }, (_, o) => {',
  '      const start = o * stride - before;',
  '      return Math.min(start + size, length) - Math.max(start, 0);',
  '    });',
  '  const rows = inside(x.shape[1], window[0], strides[0], top);',
  '  const cols = inside(x.shape[2], window[1], strides[1], left);',
  '  const scale = rows.flatMap((r) => cols.map((c) => (window[0] * window[1]) / (r * c)));',
  '  const pool = tf.customGrad((input, save) => {',
  '    save([input]);',
  '    return {',
  "      value: tf.avgPool(input, window, strides, 'same'),",
  '      gradFunc: (dy, [saved]) =>',
  '        tf.engine().runKernel(',
  "          'AvgPoolGrad',",
  '          { dy: tf.mul(dy, tf.tensor4d(scale, [1, rows.length, cols.length, 1])), input: saved },',
  "          { filterSize: window, strides, pad: 'same' },",
  '        ),',
  '    };',
  '  });',
  '  return pool(x);',
  '}',
  '',
];

export function tfjsProgram(
  plan: ExportPlan,
  provenance: Provenance,
  embedded: Embedded | undefined,
): string {
  const masked = new Set((embedded?.dropoutMasks ?? []).map((m) => m.layer));
  const usesAverageSame = plan.parts
    .flatMap((p) => p.layers)
    .some((l) => l.pads && l.spec.type === 'averagePooling2d');
  const header = headerLines(
    plan,
    provenance,
    [
      'tfjs keeps no tape between calls (a gradient call records the forward pass and back-propagates',
      "in one go), so a part's backward pass re-runs its forward pass inside tf.grads, on the scalar",
      'sum(out * upstream): its gradient with respect to the weights is upstream^T dout/dW, the same',
      "vector-Jacobian product as TensorFlow's output_gradients (tf.grads(f)(args, upstream) is the",
      'same thing; SplitTape itself keeps the recorded tape instead, see src/core/gradients/partTape.ts).',
    ],
    'node this_file.mjs  (with @tensorflow/tfjs 4.22 installed next to it)',
  );
  const out: string[] = [
    ...header.map((l) => `// ${l}`.trimEnd()),
    "import * as tf from '@tensorflow/tfjs';",
    "import { writeFileSync } from 'node:fs';",
    '',
    "tf.env().set('PROD', true); // silences tfjs's 'install tfjs-node' banner",
    '',
    "const tensor = (shape, values) => tf.tensor(values, shape, 'float32');",
    "const EPSILON = 1e-7; // Keras's fuzz factor: cross-entropies clip predictions to [ε, 1 − ε]",
    '',
    ...(usesAverageSame ? AVERAGE_POOL_SAME : []),
    ...weightsCode(plan, embedded),
    '',
    ...dataCode(plan, embedded, provenance.batch),
    '',
    "// The parts: each applies its layers to x with its own weights w (in WEIGHTS' order), using",
    "// the ops tfjs's layers use (NHWC, kernels [kh, kw, in, out] and [in, out]).",
    'const parts = [',
  ];
  for (const part of plan.parts) {
    let first = 0;
    const body = part.layers.flatMap((l) => {
      const lines = applyCode(l, first, masked.has(l.index));
      first += l.weights.length;
      return lines;
    });
    out.push(
      '  {',
      `    name: '${part.name}', // layers ${part.firstLayer}–${part.lastLayer}: [N, ${part.inputShape.join(', ')}] → [N, ${part.outputShape.join(', ')}]`,
      `    weights: WEIGHTS.filter((w) => w.part === ${part.index}).map((w) => w.value),`,
      `    apply(x, w) {`,
      ...body.map((l) => `      ${l}`),
      '      return x;',
      '    },',
      '  },',
    );
  }
  out.push(
    '];',
    '',
    'function lossFn(yTrue, yPred) {',
    ...lossCode[plan.spec.loss].map((l) => `  ${l}`),
    '}',
    '',
    '/** The reference: one tape over the whole model. */',
    'function fullTape() {',
    '  // tf.valueAndGrads differentiates with respect to its arguments only, so each boundary gets a',
    '  // zero added: the gradient for that zero is dL/d(out_k), and the values do not change.',
    '  const zeros = BOUNDARIES.map((b) => tf.zeros([x.shape[0], ...b.shape]));',
    '  const f = (...args) => {',
    '    const w = args.slice(0, WEIGHTS.length);',
    '    let h = x;',
    '    parts.forEach((part, k) => {',
    '      h = part.apply(h, w.filter((_, i) => WEIGHTS[i].part === k));',
    '      if (k < parts.length - 1) h = tf.add(h, args[WEIGHTS.length + k]);',
    '    });',
    '    return lossFn(y, h);',
    '  };',
    '  const { value, grads } = tf.valueAndGrads(f)([...WEIGHTS.map((w) => w.value), ...zeros]);',
    '  return { loss: value, weights: grads.slice(0, WEIGHTS.length), boundaries: grads.slice(WEIGHTS.length) };',
    '}',
    '',
    '/** A backward pass per part, last part first, chained by the upstream gradient. */',
    'function split() {',
    '  const inputs = [];',
    '  let h = x;',
    '  for (const part of parts) {',
    '    inputs.push(h); // the boundary: the part sees only the activation',
    '    h = part.apply(h, part.weights);',
    '  }',
    '  // The loss is a step of its own: dL/d(prediction) is the first upstream gradient.',
    '  const { value: loss, grads } = tf.valueAndGrads((p) => lossFn(y, p))([h]);',
    '  let upstream = grads[0];',
    '  const weights = [];',
    '  const boundaries = [];',
    '  for (let k = parts.length - 1; k >= 0; k--) {',
    '    const part = parts[k];',
    '    const g = upstream;',
    '    // d/dθ sum(out_k * g) = g^T dout_k/dθ: dL/dW_k and dL/d(in_k) in one backward pass of part k.',
    '    const vjp = tf.grads((input, ...w) => tf.sum(tf.mul(part.apply(input, w), g)));',
    '    const [dInput, ...dWeights] = vjp([inputs[k], ...part.weights]);',
    '    weights.unshift(...dWeights);',
    '    upstream = dInput; // dL/d(out_{k-1}): what goes back to the part before',
    '    if (k > 0) boundaries.unshift(upstream);',
    '  }',
    '  return { loss, weights, boundaries };',
    '}',
    '',
    '// numpy.allclose(reference, split) with its defaults, as the seed prints it.',
    'const allclose = (ref, got) => ref.every((r, i) => Math.abs(r - got[i]) <= 1e-8 + 1e-5 * Math.abs(got[i]));',
    'const maxDifference = (ref, got) => ref.reduce((m, r, i) => Math.max(m, Math.abs(r - got[i])), 0);',
    '',
    'function report(reference, result) {',
    `  console.log(${JSON.stringify(partsLine(plan))});`,
    '  const rows = []; // last part first, the order the chain rule computes them',
    '  for (let k = parts.length - 1; k >= 0; k--) {',
    '    WEIGHTS.forEach((w, i) => {',
    '      if (w.part === k) rows.push([w.name, w.description, reference.weights[i], result.weights[i]]);',
    '    });',
    '    if (k > 0) {',
    '      const b = BOUNDARIES[k - 1];',
    '      const ref = reference.boundaries[k - 1];',
    "      const what = `dL/d(out of model_${k - 1}) [${ref.shape.join(', ')}], cut after layer ${b.cut}`;",
    '      rows.push([b.name, what, ref, result.boundaries[k - 1]]);',
    '    }',
    '  }',
    '  const width = Math.max(...rows.map((r) => r[0].length)) + 7;',
    '  for (const [name, what, ref, got] of rows) {',
    '    const [r, g] = [ref.dataSync(), got.dataSync()];',
    "    const valid = allclose(r, g) ? 'True' : 'False';",
    '    const error = maxDifference(r, g);',
    "    const shown = error === 0 ? '0' : error.toExponential(1);",
    "    console.log(`${(name + ' valid:').padEnd(width)} ${valid.padEnd(5)}  max|d| ${shown}  ${what}`);",
    '  }',
    '  console.log(`loss ${reference.loss.dataSync()[0].toPrecision(8)}`);',
    `  const path = process.env.${JSON_ENV};`,
    '  if (path) {',
    '    const tensors = (list, names) =>',
    '      list.map((t, i) => ({ name: names[i].name, shape: t.shape, data: Array.from(t.dataSync()) }));',
    '    const gradients = (g) => ({',
    '      weights: tensors(g.weights, WEIGHTS),',
    '      boundaries: tensors(g.boundaries, BOUNDARIES),',
    '    });',
    '    const loss = reference.loss.dataSync()[0];',
    '    const splitLoss = result.loss.dataSync()[0];',
    '    writeFileSync(',
    '      path,',
    '      JSON.stringify({ loss, lossText: loss.toPrecision(8), splitLoss, reference: gradients(reference), split: gradients(result) }),',
    '    );',
    '  }',
    '}',
    '',
    'report(fullTape(), split());',
    '',
  );
  return out.join('\n');
}
