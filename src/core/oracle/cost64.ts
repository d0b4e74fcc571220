// What fd64 will cost, from shapes alone: two forward passes per sampled element, each from the
// perturbed layer to the end. Used to turn fd64 on by default only where it takes a few seconds.
import type { LayerShape, ModelSpec } from '../spec';

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Multiply-adds (or element operations) of one example through one layer. */
function layerWork(spec: ModelSpec, shape: LayerShape): number {
  const layer = spec.layers[shape.index];
  if (layer.type === 'conv2d') {
    const [kh, kw] =
      typeof layer.kernelSize === 'number'
        ? [layer.kernelSize, layer.kernelSize]
        : layer.kernelSize;
    return product(shape.outputShape) * kh * kw * shape.inputShape[2];
  }
  if (layer.type === 'dense') return shape.inputShape[0] * layer.units;
  return Math.max(product(shape.inputShape), product(shape.outputShape));
}

/** Multiply-adds of a whole fd64 run at batch `batch` with `samples` elements per tensor. */
export function fd64Work(
  spec: ModelSpec,
  shapes: LayerShape[],
  cuts: number[],
  batch: number,
  samples: number,
): number {
  // fromLayer[ℓ]: the work of one forward pass from layer ℓ to the end.
  const fromLayer = new Array<number>(shapes.length + 1).fill(0);
  for (let l = shapes.length - 1; l >= 0; l--)
    fromLayer[l] = fromLayer[l + 1] + batch * layerWork(spec, shapes[l]);
  let work = fromLayer[0];
  for (const shape of shapes)
    for (const w of shape.weightShapes)
      work += 2 * Math.min(product(w.shape), samples) * fromLayer[shape.index];
  for (const cut of cuts)
    work += 2 * Math.min(batch * product(shapes[cut].outputShape), samples) * fromLayer[cut + 1];
  return work;
}

/** Measured on the project's 2-core machine (Node 20): ≈ 1.5–3e8 multiply-adds a second. */
const WORK_PER_SECOND = 1.5e8;
export const estimateFd64Seconds = (work: number) => work / WORK_PER_SECOND;
/** fd64 runs by default when it should take less than this. */
export const FD64_AUTO_SECONDS = 3;
