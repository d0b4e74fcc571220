// One layer in the split editor's strip: its index, type and settings, output shape and
// parameter count, edged in the colour of the part it belongs to.
import type { LayerShape, LayerSpec } from '../../core/spec';
import { withSeparators } from '../format/numbers';
import { layerConfigText, shapeText } from '../model/layerText';

interface SplitLayerCardProps {
  layer: LayerSpec;
  shape: LayerShape;
}

export function SplitLayerCard({ layer, shape }: SplitLayerCardProps) {
  return (
    <div className="split-card" data-layer={shape.index}>
      <span className="split-card-index">layer {shape.index}</span>
      <span className="split-card-config">{layerConfigText(layer)}</span>
      <span className="split-card-shape">out {shapeText(shape.outputShape)}</span>
      <span className="split-card-params">
        {withSeparators(shape.paramCount)} {shape.paramCount === 1 ? 'param' : 'params'}
      </span>
    </div>
  );
}
