// The seed answer's names for the gradients it checks: dLoss_dWeights{k} / dLoss_dBias{k} for
// part k (with _layer{n} when a part has several weighted layers) and dLoss_dOut{k} for the
// gradient at the output of part k. The same rule as src/cli/format.ts, which the page cannot
// import (it pulls in tfjs through core/gradients/jacobian).
import type { GradientsReport } from '../../worker/protocol';

export function weightNames(report: Pick<GradientsReport, 'weights'>): string[] {
  return report.weights.map((w) => {
    const layersInPart = new Set(
      report.weights.filter((v) => v.part === w.part).map((v) => v.layer),
    );
    const base = `${w.role === 'kernel' ? 'dLoss_dWeights' : 'dLoss_dBias'}${w.part}`;
    return layersInPart.size > 1 ? `${base}_layer${w.layer}` : base;
  });
}

/** dLoss_dOut{k}: the gradient crossing cut k, at the output of model_k. */
export const boundaryName = (cutIndex: number) => `dLoss_dOut${cutIndex}`;
