// Cut lists and the parts they make: cut i splits the model after layer i, so the parts are
// model_0 … model_k, each a run of consecutive layers with the boundary activations between.
import type { LayerShape } from './spec';

export interface Part {
  index: number;
  /** model_0 … model_k, as the seed names them. */
  name: string;
  /** First and last layer index, inclusive. */
  firstLayer: number;
  lastLayer: number;
  inputShape: number[];
  outputShape: number[];
  paramCount: number;
}

export class CutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CutError';
  }
}

/** Validates a cut list for a model with `layerCount` layers; returns it, or throws CutError. */
export function checkCuts(cuts: unknown, layerCount: number): number[] {
  if (!Array.isArray(cuts)) throw new CutError('cuts must be a list of layer indices');
  const last = layerCount - 2;
  cuts.forEach((cut: unknown, i: number) => {
    if (typeof cut !== 'number' || !Number.isInteger(cut))
      throw new CutError(`cut ${i}: '${String(cut)}' is not a layer index (an integer)`);
    if (cut < 0 || cut > last)
      throw new CutError(
        last < 0
          ? `cut ${cut}: a model with one layer cannot be cut`
          : `cut ${cut}: a cut goes after a layer from 0 to ${last} (the last layer ends the model)`,
      );
    if (i > 0 && cut <= (cuts[i - 1] as number))
      throw new CutError(
        cut === cuts[i - 1]
          ? `cut ${cut} appears twice`
          : `cuts must be in increasing order: ${cuts[i - 1]} comes before ${cut}`,
      );
  });
  return cuts as number[];
}

/** The parts a (valid) cut list makes, with their shapes and parameter counts. */
export function partsOf(inputShape: number[], shapes: LayerShape[], cuts: number[]): Part[] {
  const ends = [...cuts, shapes.length - 1];
  return ends.map((lastLayer, index) => {
    const firstLayer = index === 0 ? 0 : ends[index - 1] + 1;
    const layers = shapes.slice(firstLayer, lastLayer + 1);
    return {
      index,
      name: `model_${index}`,
      firstLayer,
      lastLayer,
      inputShape: firstLayer === 0 ? inputShape : shapes[firstLayer - 1].outputShape,
      outputShape: shapes[lastLayer].outputShape,
      paramCount: layers.reduce((n, l) => n + l.paramCount, 0),
    };
  });
}

/** Every cut list of a model with `layerCount` layers (2^(layerCount-1) of them), sorted. */
export function allCutSets(layerCount: number): number[][] {
  const gaps = layerCount - 1;
  const sets: number[][] = [];
  for (let mask = 0; mask < 1 << gaps; mask++)
    sets.push([...Array(gaps).keys()].filter((gap) => mask & (1 << gap)));
  return sets;
}
