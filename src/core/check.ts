// `check`: build a model from a preset or a spec, draw the seed's batch, compare the methods, and
// export everything as the JSON dump anyone can re-check with their own tools.
import * as tf from '@tensorflow/tfjs';
import { randomBatch } from './data/randomBatch';
import type { MethodName } from './gradients/types';
import { buildModel } from './model';
import { PRESETS } from './presets';
import { compareMethods, toTensorData, type GradientReport, type TensorData } from './report';

export interface CheckOptions {
  cuts?: number[];
  seed?: number;
  batch?: number;
  methods?: MethodName[];
  training?: boolean;
  jacobianBudgetBytes?: number;
}

export interface CheckResult {
  report: GradientReport;
  seed: number;
  loss: string;
  x: TensorData;
  y: TensorData;
  weights: (TensorData & { name: string; layer: number })[];
}

export const DEFAULT_METHODS: MethodName[] = ['reference', 'vjp', 'jacobian', 'naive'];

/** Runs the comparison for a preset name or a spec object; disposes every tensor it made. */
export function runCheck(presetOrSpec: string | unknown, options: CheckOptions = {}): CheckResult {
  const preset = typeof presetOrSpec === 'string' ? PRESETS[presetOrSpec] : undefined;
  if (typeof presetOrSpec === 'string' && !preset)
    throw new Error(`unknown preset '${presetOrSpec}' (known: ${Object.keys(PRESETS).join(', ')})`);
  const seed = options.seed ?? 0;
  const model = buildModel(preset ? preset.spec : presetOrSpec, seed);
  try {
    const outputs = model.shapes[model.shapes.length - 1].outputShape[0];
    const batch = randomBatch(model.spec, outputs, options.batch ?? preset?.batch ?? 4, seed);
    try {
      const report = compareMethods(model, batch, options.cuts ?? preset?.cuts ?? [], {
        methods: options.methods ?? DEFAULT_METHODS,
        context: { training: options.training ?? false, step: 0 },
        jacobianBudgetBytes: options.jacobianBudgetBytes,
      });
      return {
        report,
        seed,
        loss: model.spec.loss,
        x: toTensorData(batch.x),
        y: toTensorData(batch.y),
        weights: model.weights.map((w) => ({
          name: w.name,
          layer: w.layer,
          ...toTensorData(w.variable.read()),
        })),
      };
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
  } finally {
    model.dispose();
  }
}

const plain = (t: TensorData) => ({ shape: t.shape, data: Array.from(t.data) });

/**
 * The dump: tfjs layouts (conv kernel [kh, kw, in, out], dense kernel [in, out], inputs NHWC),
 * flat row-major data. Float32 values widen exactly to JSON numbers and read back exactly.
 */
export function toDump(result: CheckResult) {
  const { report } = result;
  const computed = report.methods.filter((m) => !m.refused);
  return {
    model: report.model,
    cuts: report.cuts,
    seed: result.seed,
    loss: result.loss,
    training: report.context.training,
    x: plain(result.x),
    y: plain(result.y),
    weights: result.weights.map((w) => ({ name: w.name, layer: w.layer, ...plain(w) })),
    gradients: Object.fromEntries(
      computed.map((m) => [
        m.method,
        m.weights.map((g, i) => ({ name: report.weights[i].name, ...plain(g) })),
      ]),
    ),
    boundaries: Object.fromEntries(
      computed.map((m) => [
        m.method,
        m.boundaries.map((b, i) => ({ cut: report.cuts[i], ...plain(b) })),
      ]),
    ),
    losses: Object.fromEntries(computed.map((m) => [m.method, m.loss])),
  };
}
