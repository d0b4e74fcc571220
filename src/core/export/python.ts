// Python shared by the PyTorch and Keras programs: the names of the weights and boundaries, the
// loss written as tfjs computes it, and the report (the seed-style lines, the loss the way
// `splittape check` prints it, and the JSON), all on NumPy arrays in tfjs layouts.
import { JSON_ENV, partsLine } from './header';
import type { ExportPlan } from './plan';

/** The seed-style names, what each tensor is, and its part; the boundaries with their cuts. */
export function pythonNames(plan: ExportPlan): string[] {
  return [
    "# Every trainable tensor in tfjs's order (layer by layer, kernel then bias): the seed's name",
    '# for its gradient, what it is, and its part.',
    'WEIGHT_NAMES = [',
    ...plan.weights.map((w) => `    ("${w.seedName}", "${w.description}", ${w.part}),`),
    ']',
    '# The gradient crossing each cut (dL/d(out of model_k)) and the layer the cut follows.',
    `BOUNDARY_NAMES = [${plan.boundaries.map((b) => `("${b.seedName}", ${b.cut})`).join(', ')}]`,
  ];
}

/**
 * The loss as tfjs computes it, with `ops` naming the framework's functions: Keras clips
 * predictions of the cross-entropies to [1e-7, 1 - 1e-7] and rescales categorical rows to sum 1.
 */
export interface PythonOps {
  mean: (e: string) => string;
  /** The sum over the last axis. */
  sum: (e: string, keepDims: boolean) => string;
  log: (e: string) => string;
  log1p: (e: string) => string;
  clip: (e: string) => string;
}

export function pythonLoss(plan: ExportPlan, ops: PythonOps): string[] {
  const head = 'def loss_fn(y_true, y_pred):';
  switch (plan.spec.loss) {
    case 'mse':
      return [
        head,
        '    """Mean squared error over every element, as tfjs computes it."""',
        `    return ${ops.mean('(y_pred - y_true) ** 2')}`,
      ];
    case 'binaryCrossentropy':
      return [
        head,
        '    """Keras\'s binary cross-entropy: predictions clipped to [1e-7, 1 - 1e-7], the mean over all."""',
        `    p = ${ops.clip('y_pred')}`,
        `    return -${ops.mean(`y_true * ${ops.log('p')} + (1 - y_true) * ${ops.log1p('-p')}`)}`,
      ];
    case 'categoricalCrossentropy':
      return [
        head,
        '    """Keras\'s categorical cross-entropy: rows rescaled to sum 1, clipped, mean over the batch."""',
        `    p = ${ops.clip(`y_pred / ${ops.sum('y_pred', true)}`)}`,
        `    return -${ops.mean(ops.sum(`y_true * ${ops.log('p')}`, false))}`,
      ];
  }
}

/** `def to_precision` and `def report`, the same in every Python program. */
export function pythonReport(plan: ExportPlan): string[] {
  return [
    'def to_precision(value, digits=8):',
    '    """JavaScript\'s toPrecision, so the loss reads as `splittape check` prints it."""',
    '    if value == 0:',
    '        return "0." + "0" * (digits - 1)',
    '    mantissa, exponent = f"{value:.{digits - 1}e}".split("e")',
    '    if int(exponent) < -6 or int(exponent) >= digits:',
    '        return f"{mantissa}e{int(exponent):+d}"',
    '    return f"{value:.{digits - 1 - int(exponent)}f}"',
    '',
    '',
    'def report(loss, split_loss, reference, split):',
    '    """Prints the split gradients against the reference, last part first (the order the chain',
    '    rule computes them), then the loss. reference and split hold NumPy arrays in tfjs layouts:',
    '    {"weights": [...], "boundaries": [...]}."""',
    `    print(${JSON.stringify(partsLine(plan))})`,
    '    rows = []',
    `    for k in reversed(range(${plan.parts.length})):`,
    '        for i, (name, description, part) in enumerate(WEIGHT_NAMES):',
    '            if part == k:',
    '                rows.append((name, description, reference["weights"][i], split["weights"][i]))',
    '        if k > 0:',
    '            name, cut = BOUNDARY_NAMES[k - 1]',
    '            ref, got = reference["boundaries"][k - 1], split["boundaries"][k - 1]',
    '            rows.append((name, f"dL/d(out of model_{k - 1}) {list(ref.shape)}, cut after layer {cut}", ref, got))',
    '    width = max(len(row[0]) for row in rows) + 7',
    '    for name, description, ref, got in rows:',
    "        valid = np.allclose(ref, got)  # numpy's defaults, as the seed: rtol 1e-5, atol 1e-8",
    '        error = float(np.max(np.abs(ref - got)))',
    '        shown = "0" if error == 0 else f"{error:.1e}"',
    '        print(f"{(name + \' valid:\').ljust(width)} {str(valid).ljust(5)}  max|d| {shown}  {description}")',
    '    print(f"loss {to_precision(loss)}")',
    `    path = os.environ.get("${JSON_ENV}")`,
    '    if path:',
    '        def tensors(arrays, names):',
    '            return [{"name": n[0], "shape": list(a.shape), "data": a.flatten().tolist()} for a, n in zip(arrays, names)]',
    '',
    '        result = {"loss": loss, "lossText": to_precision(loss), "splitLoss": split_loss}',
    '        for key, grads in (("reference", reference), ("split", split)):',
    '            result[key] = {"weights": tensors(grads["weights"], WEIGHT_NAMES),',
    '                           "boundaries": tensors(grads["boundaries"], BOUNDARY_NAMES)}',
    '        with open(path, "w") as f:',
    '            json.dump(result, f)',
  ];
}
