// Floating-point operations of a training step, counted from the layer shapes: the yardstick
// for how much of a backend's speed a step actually uses.
import { pairOf, product, type LayerShape, type ModelSpec } from './spec';

/** Multiply-adds ×2 of one example's forward pass through a layer (conv and dense only). */
function forwardFlops(spec: ModelSpec, shape: LayerShape): number {
  const layer = spec.layers[shape.index];
  if (layer.type === 'conv2d') {
    const [kh, kw] = pairOf(layer.kernelSize);
    return 2 * kh * kw * shape.inputShape[2] * product(shape.outputShape);
  }
  if (layer.type === 'dense') return 2 * shape.inputShape[0] * layer.units;
  return 0;
}

/**
 * A training step's FLOPs for a batch: forward, plus backward's two products per weighted layer
 * (dL/dW and dL/dX), except the first weighted layer, whose input gradient nobody asks for.
 */
export function trainingStepFlops(spec: ModelSpec, shapes: LayerShape[], batch: number): number {
  let first = true;
  let total = 0;
  for (const shape of shapes) {
    const forward = forwardFlops(spec, shape);
    if (forward === 0) continue;
    total += forward * (first ? 2 : 3);
    first = false;
  }
  return total * batch;
}
