// The settings a newly added layer starts with; the fields each type takes (and the control each
// needs) are core/spec's LAYER_FIELDS, the same list checkSpec validates against.
import type { LayerSpec, LayerType } from '../../core/spec';

export { LAYER_FIELDS, type FieldKind, type LayerField } from '../../core/spec';

/** A layer of this type with small, valid settings to start editing from. */
export function newLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'conv2d':
      return { type, filters: 8, kernelSize: 3, activation: 'relu' };
    case 'dense':
      return { type, units: 8 };
    case 'activation':
      return { type, activation: 'relu' };
    case 'maxPooling2d':
    case 'averagePooling2d':
      return { type, poolSize: 2 };
    case 'dropout':
      return { type, rate: 0.5 };
    case 'flatten':
    case 'globalAveragePooling2d':
      return { type };
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}
