// What the float64 check says about tfjs itself: does its one-tape reference agree with fd64, and
// if not, where does the disagreement start? Walking back from the loss, the first gradient that
// disagrees (with every gradient nearer the loss agreeing) pins the fault to a few layers.
import type { SampledComparison } from './compare';
import type { GradientReport, MethodReport } from './report';

export interface Disagreement {
  /** e.g. 'kernel of layer 0 (conv2d)' or 'dL/d(out of model_0)'. */
  tensor: string;
  comparison: SampledComparison;
  /** The layers whose backward pass holds the fault, inclusive. */
  suspects: { first: number; last: number };
}

export interface Fd64Verdict {
  method: MethodReport['method'];
  agreeing: number;
  checked: number;
  /** The first disagreement walking back from the loss, when there is one. */
  first?: Disagreement;
}

interface Checkpoint {
  tensor: string;
  comparison: SampledComparison;
  /** Layer ℓ for a weight of layer ℓ; c + 0.5 for the activation after layer c. */
  position: number;
}

function checkpoints(report: GradientReport, m: MethodReport): Checkpoint[] {
  if (!m.againstFd64) return [];
  const { weights, boundaries } = m.againstFd64;
  return [
    ...report.weights.map((w, i) => ({
      tensor: w.name,
      comparison: weights[i],
      position: w.layer,
    })),
    ...report.boundaries.map((b, i) => ({
      tensor: `dL/d(out of ${report.parts[i].name})`,
      comparison: boundaries[i],
      position: b.cut + 0.5,
    })),
  ].sort((a, b) => b.position - a.position);
}

/** One method judged against fd64; undefined when fd64 did not run or the method was refused. */
export function fd64Verdict(report: GradientReport, m: MethodReport): Fd64Verdict | undefined {
  if (!m.againstFd64) return undefined;
  const points = checkpoints(report, m);
  const layerCount = report.parts[report.parts.length - 1].lastLayer + 1;
  // Position of the nearest agreeing checkpoint to the loss so far; the loss itself to start.
  let lastAgreeing = layerCount;
  let first: Disagreement | undefined;
  for (const point of points) {
    if (first) break;
    if (point.comparison.agrees) {
      lastAgreeing = point.position;
      continue;
    }
    first = {
      tensor: point.tensor,
      comparison: point.comparison,
      suspects: {
        // A weight of layer ℓ involves ℓ; dL/d(out of layer c) involves only the layers after c.
        first: Math.ceil(point.position),
        // An agreeing weight of layer ℓ clears the layers after ℓ, not ℓ's own input gradient.
        last: Math.min(Math.floor(lastAgreeing), layerCount - 1),
      },
    };
  }
  return {
    method: m.method,
    agreeing: points.filter((p) => p.comparison.agrees).length,
    checked: points.length,
    first,
  };
}

/** The reference's verdict in words, for the CLI and the notebook. */
export function describeReferenceVerdict(report: GradientReport): string | undefined {
  const { layerTypes } = report;
  const reference = report.methods.find((m) => m.method === 'reference');
  const verdict = reference && fd64Verdict(report, reference);
  if (!verdict?.first) return undefined;
  const { tensor, comparison, suspects } = verdict.first;
  const layers =
    suspects.first === suspects.last
      ? `layer ${suspects.first} (${layerTypes[suspects.first]})`
      : `layers ${suspects.first}–${suspects.last} (${layerTypes.slice(suspects.first, suspects.last + 1).join(', ')})`;
  return (
    `tfjs's own gradient is wrong here: walking back from the loss, the first disagreement with ` +
    `the float64 check is the ${tensor} (largest error ${(comparison.maxRelError * 100).toPrecision(2)} % of the tensor's scale, ` +
    `at element ${comparison.worstIndex}); every gradient nearer the loss agrees, so the fault is ` +
    `in the backward pass of ${layers}. Every method built on tfjs's tape inherits it.`
  );
}
