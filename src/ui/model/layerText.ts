// How a layer and a shape read in one line on a card: "conv2d 6 k2 relu", "9×9×6". Shared by
// the model editor and the split editor so both say the same thing.
import type { LayerSpec, Pair } from '../../core/spec';

/** Dimensions joined with ×, as the notebook writes every shape ("3×9×9×6"). */
export const shapeText = (shape: readonly number[]): string => shape.join('×');

const pairText = (pair: Pair): string =>
  typeof pair === 'number' ? String(pair) : `${pair[0]}×${pair[1]}`;

/** The type and the settings a reader needs to tell two layers apart, defaults left out. */
export function layerConfigText(layer: LayerSpec): string {
  const words: string[] = [layer.type];
  switch (layer.type) {
    case 'conv2d':
      words.push(String(layer.filters), `k${pairText(layer.kernelSize)}`);
      if (layer.strides !== undefined) words.push(`s${pairText(layer.strides)}`);
      if (layer.padding === 'same') words.push('same');
      if (layer.activation && layer.activation !== 'linear') words.push(layer.activation);
      if (layer.useBias === false) words.push('no bias');
      break;
    case 'dense':
      words.push(String(layer.units));
      if (layer.activation && layer.activation !== 'linear') words.push(layer.activation);
      if (layer.useBias === false) words.push('no bias');
      break;
    case 'maxPooling2d':
    case 'averagePooling2d':
      words.push(`p${pairText(layer.poolSize ?? 2)}`);
      if (layer.strides !== undefined) words.push(`s${pairText(layer.strides)}`);
      if (layer.padding === 'same') words.push('same');
      break;
    case 'activation':
      words.push(layer.activation);
      break;
    case 'dropout':
      words.push(String(layer.rate));
      break;
    case 'flatten':
    case 'globalAveragePooling2d':
      break;
    default: {
      const unreachable: never = layer;
      return unreachable;
    }
  }
  return words.join(' ');
}
