// `check`: build a model from a preset or a spec, draw the seed's batch, compare the methods, and
// export everything as the JSON dump anyone can re-check with their own tools.
import * as tf from '@tensorflow/tfjs';
import { randomBatch } from './data/randomBatch';
import type { MethodName } from './gradients/types';
import { checkCuts } from './cuts';
import { buildModel, dropoutMasks } from './model';
import { DEFAULT_FD64_SAMPLES } from './oracle/fd64';
import { FD64_AUTO_SECONDS, estimateFd64Seconds, fd64Work } from './oracle/cost64';
import { PRESETS } from './presets';
import type { ModelSpec } from './spec';
import { compareMethods, toTensorData, type GradientReport, type TensorData } from './report';

export interface CheckOptions {
  cuts?: number[];
  seed?: number;
  batch?: number;
  methods?: MethodName[];
  training?: boolean;
  jacobianBudgetBytes?: number;
  /** Run the float64 check: always, never (the default), or when it should take a few seconds. */
  fd64?: 'auto' | boolean;
  /** Elements fd64 visits per tensor (default 64); smaller tensors are checked in full. */
  fd64Samples?: number;
}

export interface CheckResult {
  report: GradientReport;
  /** The whole model spec, so a dump can be re-checked without the file it came from. */
  spec: ModelSpec;
  seed: number;
  loss: string;
  x: TensorData;
  y: TensorData;
  weights: (TensorData & { name: string; layer: number })[];
  dropoutMasks: (TensorData & { layer: number })[];
  /** fd64's estimated time, and whether it ran (the CLI says why it did not). */
  fd64Estimate: { seconds: number; ran: boolean };
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
      const cuts = checkCuts(options.cuts ?? preset?.cuts ?? [], model.layers.length);
      const context = { training: options.training ?? false, step: 0 };
      const samplesPerTensor = options.fd64Samples ?? DEFAULT_FD64_SAMPLES;
      const seconds = estimateFd64Seconds(
        fd64Work(model.spec, model.shapes, cuts, batch.x.shape[0], samplesPerTensor),
      );
      const fd64 = options.fd64 === 'auto' ? seconds < FD64_AUTO_SECONDS : (options.fd64 ?? false);
      const report = compareMethods(model, batch, cuts, {
        methods: options.methods ?? DEFAULT_METHODS,
        context,
        jacobianBudgetBytes: options.jacobianBudgetBytes,
        fd64: fd64 && { samplesPerTensor, seed },
      });
      return {
        report,
        spec: model.spec,
        seed,
        loss: model.spec.loss,
        x: toTensorData(batch.x),
        y: toTensorData(batch.y),
        weights: model.weights.map((w) => ({
          name: w.name,
          layer: w.layer,
          ...toTensorData(w.variable.read()),
        })),
        dropoutMasks: dropoutMasks(model, batch.x.shape[0], context),
        fd64Estimate: { seconds, ran: fd64 },
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
  const { report, spec } = result;
  const computed = report.methods.filter((m) => !m.refused);
  const fd64 = report.fd64;
  return {
    model: spec,
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
    dropoutMasks: result.dropoutMasks.map((m) => ({ layer: m.layer, ...plain(m) })),
    // Sampled float64 central differences: indices are flat row-major positions in each tensor.
    fd64: fd64 && {
      loss: fd64.loss,
      step: fd64.step,
      samplesPerTensor: fd64.samplesPerTensor,
      seed: fd64.seed,
      tolerance: fd64.tolerance,
      weights: fd64.weights.map((g, i) => ({ name: report.weights[i].name, ...g })),
      boundaries: fd64.boundaries.map((g, i) => ({ cut: report.cuts[i], ...g })),
    },
  };
}
