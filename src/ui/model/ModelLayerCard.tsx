// One layer in the model editor: its type and fields, its output shape and parameter count (or
// why they are unknown), its problems, and buttons to move or remove it.
import type { LayerShape, LayerType, SpecProblem } from '../../core/spec';
import { withSeparators } from '../format/numbers';
import { isRecord } from './draftEdits';
import { FieldControl } from './FieldControl';
import { LAYER_FIELDS } from './layerFields';
import { shapeText } from './layerText';

interface ModelLayerCardProps {
  index: number;
  count: number;
  /** The draft's layer, which may be anything. */
  layer: unknown;
  /** Known when this layer and all before it can be built. */
  shape: LayerShape | undefined;
  problems: readonly SpecProblem[];
  onField: (index: number, field: string, value: unknown) => void;
  onRetype: (index: number, type: LayerType) => void;
  onMove: (index: number, direction: -1 | 1) => void;
  onRemove: (index: number) => void;
}

export function ModelLayerCard(props: ModelLayerCardProps) {
  const { index, count, layer, shape, problems, onField, onRetype, onMove, onRemove } = props;
  const fields = isRecord(layer) ? layer : {};
  const type = fields.type;
  const known = typeof type === 'string' && type in LAYER_FIELDS ? (type as LayerType) : null;
  const shown = known ? LAYER_FIELDS[known] : [];
  const placedHere = new Set(['type', ...shown.map((f) => f.name)]);
  const at = (field: string) => problems.filter((p) => p.field === field);
  // Problems with no field shown here (a whole-layer shape problem, an unknown field) go on
  // the card itself.
  const onCard = problems.filter((p) => p.field === undefined || !placedHere.has(p.field));
  return (
    <li className="model-layer" data-layer-card={index}>
      <fieldset>
        <legend>
          layer {index} ({typeof type === 'string' ? type : '?'})
        </legend>
        <div className="model-layer-fields">
          <FieldControl
            label="type"
            kind="type"
            value={type}
            required
            problems={at('type')}
            onValue={(next) => onRetype(index, next as LayerType)}
            focusKey={`layer-${index}-type`}
          />
          {shown.map((field) => (
            <FieldControl
              key={field.name}
              label={field.name}
              kind={field.kind}
              value={fields[field.name]}
              required={field.required}
              defaultText={field.defaultText}
              problems={at(field.name)}
              onValue={(next) => onField(index, field.name, next)}
            />
          ))}
        </div>
        <p className="model-layer-summary" data-testid={`layer-summary-${index}`}>
          {shape
            ? `output ${shapeText(shape.outputShape)} · ${withSeparators(shape.paramCount)} ${shape.paramCount === 1 ? 'parameter' : 'parameters'}`
            : 'output shape unknown until the problems here or above are fixed'}
        </p>
        {onCard.map((p) => (
          <p key={p.message} className="field-problem model-layer-problem">
            {p.message}
          </p>
        ))}
        <div className="model-layer-actions">
          <button
            type="button"
            data-focus-key={`layer-${index}-up`}
            disabled={index === 0}
            onClick={() => onMove(index, -1)}
          >
            Move up
          </button>
          <button
            type="button"
            data-focus-key={`layer-${index}-down`}
            disabled={index === count - 1}
            onClick={() => onMove(index, 1)}
          >
            Move down
          </button>
          <button
            type="button"
            data-focus-key={`layer-${index}-remove`}
            onClick={() => onRemove(index)}
          >
            Remove
          </button>
        </div>
      </fieldset>
    </li>
  );
}
