// The PyTorch program: one nn.Module per part, each part's input a fresh leaf
// (`detach().requires_grad_()`), and `out.backward(upstream)` from the last part to the first.
// tfjs layouts are converted at the edges: NHWC ↔ NCHW, conv kernels [kh, kw, in, out] ↔
// [out, in, kh, kw], dense [in, out] ↔ [out, in]; flatten flattens in NHWC order.
import type { ActivationName } from '../spec';
import { headerLines, type Provenance } from './header';
import { arrayLiteral, type Embedded } from './literals';
import { activationOf, describeLayer, type ExportPlan, type PlannedLayer } from './plan';
import { pythonLoss, pythonNames, pythonReport } from './python';

const tuple = (p: readonly number[]) => `(${p.join(', ')}${p.length === 1 ? ',' : ''})`;
const list = (p: readonly number[]) => `[${p.join(', ')}]`;

/** Images are NCHW inside torch; the softmax of an image is over its channels (dim 1). */
function activationCode(name: ActivationName, isImage: boolean): string | undefined {
  switch (name) {
    case 'linear':
      return undefined;
    case 'relu':
    case 'sigmoid':
    case 'tanh':
      return `torch.${name}(x)`;
    case 'softmax':
      return `torch.softmax(x, dim=${isImage ? 1 : -1})`;
    case 'elu':
    case 'selu':
    case 'softplus':
      return `F.${name}(x)`;
  }
}

const padArgs = (layer: PlannedLayer) => {
  const p = layer.pads!;
  return `(${p.left}, ${p.right}, ${p.top}, ${p.bottom})`;
};

/** The module a layer owns (conv and dense), built in __init__. */
function moduleCode(layer: PlannedLayer): string | undefined {
  const s = layer.spec;
  if (s.type === 'conv2d') {
    const bias = s.useBias === false ? ', bias=False' : '';
    return `self.layer${layer.index} = nn.Conv2d(${layer.shape.inputShape[2]}, ${s.filters}, kernel_size=${tuple(layer.window)}, stride=${tuple(layer.strides)}${bias})`;
  }
  if (s.type === 'dense') {
    const bias = s.useBias === false ? ', bias=False' : '';
    return `self.layer${layer.index} = nn.Linear(${layer.shape.inputShape[0]}, ${s.units}${bias})`;
  }
  return undefined;
}

/** The lines of forward() for one layer, working on `x`. */
function forwardCode(layer: PlannedLayer, hasMask: boolean): string[] {
  const s = layer.spec;
  const lines = [`# ${describeLayer(layer)}`];
  const isImage = layer.shape.inputShape.length === 3;
  switch (s.type) {
    case 'conv2d':
      if (layer.pads)
        lines.push(
          `x = F.pad(x, ${padArgs(layer)})  # TensorFlow's 'same': the odd cell at the end`,
        );
      lines.push(`x = self.layer${layer.index}(x)`);
      break;
    case 'dense':
      lines.push(`x = self.layer${layer.index}(x)`);
      break;
    case 'flatten':
      lines.push(
        isImage
          ? 'x = x.permute(0, 2, 3, 1).flatten(1)  # in NHWC order, as the dense kernel expects'
          : 'x = x.flatten(1)',
      );
      break;
    case 'activation':
      break;
    case 'maxPooling2d':
      if (layer.pads)
        lines.push(`x = F.pad(x, ${padArgs(layer)}, value=-math.inf)  # padding never wins`);
      lines.push(`x = F.max_pool2d(x, ${tuple(layer.window)}, ${tuple(layer.strides)})`);
      break;
    case 'averagePooling2d':
      lines.push(
        layer.pads
          ? `x = average_pool_same(x, ${tuple(layer.window)}, ${tuple(layer.strides)}, ${padArgs(layer)})`
          : `x = F.avg_pool2d(x, ${tuple(layer.window)}, ${tuple(layer.strides)})`,
      );
      break;
    case 'globalAveragePooling2d':
      lines.push('x = x.mean(dim=(2, 3))');
      break;
    case 'dropout':
      lines.push(
        hasMask
          ? `x = x * DROPOUT_MASKS[${layer.index}]  # the mask tfjs drew`
          : '# off, as in inference (`splittape check` without --training)',
      );
      break;
  }
  const activation = activationCode(activationOf(s), layer.shape.outputShape.length === 3);
  if (activation) lines.push(`x = ${activation}`);
  return lines;
}

const layoutOfWeight = (plan: ExportPlan, i: number) => {
  const w = plan.weights[i];
  return w.role === 'bias'
    ? 'bias'
    : plan.spec.layers[w.layer].type === 'conv2d'
      ? 'conv'
      : 'dense';
};
const layoutOfShape = (shape: readonly number[]) => (shape.length === 3 ? 'image' : 'vector');

function dataCode(plan: ExportPlan, embedded: Embedded | undefined, batch: number): string[] {
  const image = plan.spec.input.length === 3;
  if (!embedded) {
    const labels =
      plan.spec.loss === 'categoricalCrossentropy'
        ? `F.one_hot(torch.rand(BATCH, ${plan.outputs}).argmax(dim=1), ${plan.outputs}).float()`
        : `(torch.rand(BATCH, ${plan.outputs}) > 0.5).float()`;
    return [
      '# A random batch as the seed draws one: x uniform in [0, 1), labels 0/1 (one-hot for',
      "# categorical cross-entropy); the weights keep torch's initialisation.",
      `BATCH = ${batch}`,
      image
        ? `x = torch.rand(BATCH, ${plan.spec.input.join(', ')}).permute(0, 3, 1, 2)  # drawn NHWC, used NCHW`
        : `x = torch.rand(BATCH, ${plan.spec.input.join(', ')})`,
      `y = ${labels}`,
      'DROPOUT_MASKS = {}',
    ];
  }
  const lines = [
    '# The weights, batch and dropout masks of `splittape check`, in tfjs layouts (flat, row-major).',
    'TFJS_WEIGHTS = [',
  ];
  embedded.weights.forEach((w, i) => {
    lines.push(`    # ${plan.weights[i].seedName}: ${plan.weights[i].description}`);
    lines.push(`    (${list(w.shape)}, ${arrayLiteral(w.data, '    ')}),`);
  });
  lines.push(
    ']',
    'with torch.no_grad():',
    '    for (parameter, layout), (shape, values) in zip(PARAMETERS, TFJS_WEIGHTS):',
    '        parameter.copy_(from_tfjs(shape, values, layout))',
    `x = from_tfjs(${list(embedded.x.shape)}, ${arrayLiteral(embedded.x.data, '')}, "${image ? 'image' : 'vector'}")`,
    `y = from_tfjs(${list(embedded.y.shape)}, ${arrayLiteral(embedded.y.data, '')}, "vector")`,
    'DROPOUT_MASKS = {',
  );
  for (const mask of embedded.dropoutMasks ?? [])
    lines.push(
      `    ${mask.layer}: from_tfjs(${list(mask.shape)}, ${arrayLiteral(mask.data, '    ')}, "${layoutOfShape(mask.shape.slice(1))}"),`,
    );
  lines.push('}');
  return lines;
}

export function pytorchProgram(
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
      "Here each part's input is a leaf of its own (`detach().requires_grad_()`): the part sees only",
      'the activation, as it would on another machine, and `out.backward(upstream)` fills its',
      "weights' .grad and its input's .grad, the upstream gradient of the part before. This is how",
      'split learning and pipeline-parallel training chain the parts (across machines,',
      'torch.distributed.pipelining schedules the same sends and backward calls).',
    ],
    'python3 this_file.py',
  );
  const out: string[] = ['"""' + header[0], ...header.slice(1), '"""', ''];
  out.push(
    'import json',
    'import math',
    'import os',
    '',
    'import numpy as np',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
    "# Keras's fuzz factor: cross-entropies clip predictions to [EPSILON, 1 - EPSILON].",
    'EPSILON = 1e-7',
    '',
    '',
    'def from_tfjs(shape, values, layout):',
    '    """A tensor in tfjs layout (flat, row-major) as torch wants it."""',
    '    t = torch.tensor(values, dtype=torch.float32).reshape(shape)',
    '    if layout == "conv":  # [kh, kw, in, out] -> [out, in, kh, kw]',
    '        return t.permute(3, 2, 0, 1).contiguous()',
    '    if layout == "dense":  # [in, out] -> [out, in]',
    '        return t.t().contiguous()',
    '    if layout == "image":  # NHWC -> NCHW',
    '        return t.permute(0, 3, 1, 2).contiguous()',
    '    return t',
    '',
    '',
    'def to_tfjs(t, layout):',
    '    """The inverse of from_tfjs: a torch tensor in tfjs layout, for printing and JSON."""',
    '    if layout == "conv":',
    '        t = t.permute(2, 3, 1, 0)',
    '    elif layout == "dense":',
    '        t = t.t()',
    '    elif layout == "image":',
    '        t = t.permute(0, 2, 3, 1)',
    '    return t.detach().contiguous()',
    '',
    '',
  );
  if (usesAverageSame)
    out.push(
      'def average_pool_same(x, window, strides, pads):',
      "    \"\"\"TensorFlow's 'same' average pooling: each window's sum over the cells inside the image",
      "    divided by how many there are. torch's own padding is symmetric, and count_include_pad=False",
      '    would count F.pad\'s cells as inside, so the divisor is pooled from a padded image of ones."""',
      '    inside = F.pad(torch.ones_like(x[:1, :1]), pads)',
      '    return F.avg_pool2d(F.pad(x, pads), window, strides) / F.avg_pool2d(inside, window, strides)',
      '',
      '',
    );
  for (const part of plan.parts) {
    const modules = part.layers.map(moduleCode).filter((m): m is string => m !== undefined);
    out.push(
      `class Model${part.index}(nn.Module):`,
      `    """${part.name} = layers ${part.firstLayer}–${part.lastLayer}: [N, ${part.inputShape.join(', ')}] -> [N, ${part.outputShape.join(', ')}] in tfjs's layout."""`,
      '',
      '    def __init__(self):',
      '        super().__init__()',
      ...modules.map((m) => `        ${m}`),
      '',
      '    def forward(self, x):',
      ...part.layers.flatMap((l) => forwardCode(l, masked.has(l.index))).map((l) => `        ${l}`),
      '        return x',
      '',
      '',
    );
  }
  out.push(
    'torch.manual_seed(0)  # the same initial weights (and random batch) every run',
    `parts = [${plan.parts.map((p) => `Model${p.index}()`).join(', ')}]`,
    '',
    ...pythonNames(plan),
    "# The torch parameter of each, and how its layout maps to tfjs's (see from_tfjs).",
    'PARAMETERS = [',
    ...plan.weights.map(
      (w) =>
        `    (parts[${w.part}].layer${w.layer}.${w.role === 'kernel' ? 'weight' : 'bias'}, "${layoutOfWeight(plan, w.index)}"),`,
    ),
    ']',
    `BOUNDARY_LAYOUTS = [${plan.boundaries.map((b) => `"${layoutOfShape(b.shape)}"`).join(', ')}]`,
    '',
    ...dataCode(plan, embedded, provenance.batch),
    '',
    '',
    ...pythonLoss(plan, {
      mean: (e) => `(${e}).mean()`,
      sum: (e, keep) => `(${e}).sum(dim=-1${keep ? ', keepdim=True' : ''})`,
      log: (e) => `torch.log(${e})`,
      log1p: (e) => `torch.log1p(${e})`,
      clip: (e) => `(${e}).clamp(EPSILON, 1 - EPSILON)`,
    }),
    '',
    '',
    'def zero_grads():',
    '    for part in parts:',
    '        part.zero_grad(set_to_none=True)',
    '',
    '',
    'def full_tape():',
    '    """The reference: one backward pass through the whole model at once."""',
    '    zero_grads()',
    '    h, boundaries = x, []',
    '    for k, part in enumerate(parts):',
    '        h = part(h)',
    '        if k < len(parts) - 1:',
    '            h.retain_grad()  # keep dL/d(out_k) to compare with the upstream gradients',
    '            boundaries.append(h)',
    '    loss = loss_fn(y, h)',
    '    loss.backward()',
    '    return loss.item(), [p.grad.clone() for p, _ in PARAMETERS], [b.grad for b in boundaries]',
    '',
    '',
    'def split():',
    '    """A backward pass per part, last part first, chained by the upstream gradient."""',
    '    zero_grads()',
    '    inputs, outputs, h = [], [], x',
    '    for part in parts:',
    '        inp = h.detach().requires_grad_()  # the boundary: the part sees only the activation',
    '        outputs.append(part(inp))',
    '        inputs.append(inp)',
    '        h = outputs[-1]',
    '    # The loss is a step of its own: dL/d(prediction) is the first upstream gradient.',
    '    prediction = h.detach().requires_grad_()',
    '    loss = loss_fn(y, prediction)',
    '    loss.backward()',
    '    upstream, boundaries = prediction.grad, []',
    '    for k in reversed(range(len(parts))):',
    "        # dL/dW_k = upstream^T dout_k/dW_k into the weights' .grad, and",
    '        # dL/d(in_k) = upstream^T dout_k/d(in_k) into inputs[k].grad: one vector-Jacobian product.',
    '        outputs[k].backward(upstream)',
    '        upstream = inputs[k].grad  # dL/d(out_{k-1}): what goes back to the part before',
    '        if k > 0:',
    '            boundaries.insert(0, upstream)',
    '    return loss.item(), [p.grad.clone() for p, _ in PARAMETERS], boundaries',
    '',
    '',
    ...pythonReport(plan),
    '',
    '',
    'def in_tfjs_layouts(weights, boundaries):',
    '    return {',
    '        "weights": [to_tfjs(g, layout).numpy() for g, (_, layout) in zip(weights, PARAMETERS)],',
    '        "boundaries": [to_tfjs(b, layout).numpy() for b, layout in zip(boundaries, BOUNDARY_LAYOUTS)],',
    '    }',
    '',
    '',
    'def main():',
    '    loss, reference, reference_boundaries = full_tape()',
    '    split_loss, gradients, boundaries = split()',
    '    report(loss, split_loss, in_tfjs_layouts(reference, reference_boundaries), in_tfjs_layouts(gradients, boundaries))',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  );
  return out.join('\n');
}
