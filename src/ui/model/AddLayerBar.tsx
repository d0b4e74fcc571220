// Adding a layer: pick a type and where it goes (before any layer, or at the end).
import { useState } from 'react';
import { LAYER_TYPES, type LayerType } from '../../core/spec';

interface AddLayerBarProps {
  layerCount: number;
  onAdd: (type: LayerType, index: number) => void;
}

export function AddLayerBar({ layerCount, onAdd }: AddLayerBarProps) {
  const [type, setType] = useState<LayerType>('dense');
  // 'end' follows the list as it grows; a number is "before layer n" and is clamped below.
  const [position, setPosition] = useState<number | 'end'>('end');
  const index = position === 'end' ? layerCount : Math.min(position, layerCount);
  return (
    <div className="model-add" role="group" aria-label="add a layer">
      <label>
        new layer{' '}
        <select
          data-focus-key="add-type"
          value={type}
          onChange={(event) => setType(event.target.value as LayerType)}
        >
          {LAYER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        insert{' '}
        <select
          value={index === layerCount ? 'end' : String(index)}
          onChange={(event) =>
            setPosition(event.target.value === 'end' ? 'end' : Number(event.target.value))
          }
        >
          {Array.from({ length: layerCount }, (_, i) => (
            <option key={i} value={String(i)}>
              before layer {i}
            </option>
          ))}
          <option value="end">
            {layerCount === 0 ? 'as the first layer' : `at the end (after layer ${layerCount - 1})`}
          </option>
        </select>
      </label>
      <button type="button" onClick={() => onAdd(type, index)}>
        Add layer
      </button>
    </div>
  );
}
