// fd64 on a live tfjs model: its weights, batch and dropout masks read out as plain numbers and
// handed to the float64 oracle (src/core/oracle), which never touches tfjs.
import type { Batch } from '../data/randomBatch';
import { dropoutMasks, type ForwardContext, type SplitModel } from '../model';
import { fd64Steps, type Fd64Result } from '../oracle/fd64';
import type { Steps } from '../steps';
import type { Model64Input } from '../oracle/model64';

export function oracleInputOf(
  model: SplitModel,
  batch: Batch,
  context: ForwardContext,
): Model64Input {
  return {
    spec: model.spec,
    weights: model.weights.map((w) => ({
      layer: w.layer,
      shape: w.shape,
      data: w.variable.read().dataSync(),
    })),
    x: { shape: batch.x.shape, data: batch.x.dataSync() },
    y: { shape: batch.y.shape, data: batch.y.dataSync() },
    dropoutMasks: dropoutMasks(model, batch.x.shape[0], context),
  };
}

export interface Fd64RunOptions {
  samplesPerTensor?: number;
  seed?: number;
}

/**
 * fd64 on a live model, as steps: the weights and batch are read out of tfjs first (no tensor
 * stays held), then the oracle yields after every perturbed element (src/core/oracle/fd64.ts).
 */
export function* runFd64Steps(
  model: SplitModel,
  batch: Batch,
  cuts: number[],
  context: ForwardContext,
  options: Fd64RunOptions = {},
): Steps<Fd64Result> {
  return yield* fd64Steps(oracleInputOf(model, batch, context), { cuts, ...options });
}
