// The model editor (cell 2): a preset to start from, then the model's name, input shape, loss
// and layers as forms, or the whole spec as JSON. Every edit goes out through onChange, valid or
// not; checkSpec runs on each render and its problems show at the field they are about.
import './ModelEditor.css';
import { useEffect, useRef, useState, type JSX } from 'react';
import { checkSpec, type LayerType } from '../../core/spec';
import { useCountInTurns } from '../hooks/useCountInTurns';
import { AddLayerBar } from './AddLayerBar';
import {
  insertLayer,
  isRecord,
  layersOf,
  moveLayer,
  removeLayer,
  retypeLayer,
  setLayerField,
  withField,
} from './draftEdits';
import { FieldControl } from './FieldControl';
import { JsonEditor } from './JsonEditor';
import { newLayer } from './layerFields';
import { ModelLayerCard } from './ModelLayerCard';
import { PresetPicker } from './PresetPicker';
import { placeProblems } from './problemPlaces';
import { shapesSoFar } from './shapesSoFar';

/** Layer cards drawn per task: about a screen's worth (two rows of two on a laptop). */
const LAYERS_AT_ONCE = 4;

export interface ModelEditorProps {
  /** The spec being edited (may be invalid). */
  draft: unknown;
  /** Every edit, valid or not. */
  onChange: (draft: unknown) => void;
  /** Which preset is selected, null for custom. */
  presetName: string | null;
  onPreset: (name: string) => void;
}

export function ModelEditor({
  draft,
  onChange,
  presetName,
  onPreset,
}: ModelEditorProps): JSX.Element {
  const [isJsonChosen, setJsonChosen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  // Controls to focus, first that exists and is enabled, once the edited draft comes back: a
  // moved or removed layer's buttons are re-rendered at another index.
  const focusAfter = useRef<string[] | null>(null);

  useEffect(() => {
    const keys = focusAfter.current;
    if (!keys) return;
    focusAfter.current = null;
    for (const key of keys) {
      const element = rootRef.current?.querySelector<HTMLElement>(`[data-focus-key="${key}"]`);
      if (element && !(element as HTMLButtonElement).disabled) {
        element.focus();
        return;
      }
    }
  });

  const check = checkSpec(draft);
  const layers = layersOf(draft);
  // The first screen's cards at once, the rest a few per task (hooks/useCountInTurns.ts).
  const shownLayers = useCountInTurns(layers.length, LAYERS_AT_ONCE, LAYERS_AT_ONCE);
  const shapes = shapesSoFar(draft);
  const placed = placeProblems(check.ok ? [] : check.problems, layers.length);
  // Only an object can be edited field by field; anything else is fixed in the JSON view.
  const isForm = isRecord(draft) && !isJsonChosen;

  const edit = (next: unknown, focus?: string[]) => {
    if (focus) focusAfter.current = focus;
    onChange(next);
  };
  const modelField = (field: string) => (value: unknown) => edit(withField(draft, field, value));
  const onMove = (index: number, direction: -1 | 1) => {
    const to = index + direction;
    const same = direction < 0 ? 'up' : 'down';
    const other = direction < 0 ? 'down' : 'up';
    edit(moveLayer(draft, index, direction), [`layer-${to}-${same}`, `layer-${to}-${other}`]);
  };
  const onRemove = (index: number) =>
    edit(removeLayer(draft, index), [
      `layer-${index}-remove`,
      `layer-${index - 1}-remove`,
      'add-type',
    ]);
  const onAdd = (type: LayerType, index: number) =>
    edit(insertLayer(draft, index, newLayer(type)), [`layer-${index}-type`]);

  return (
    <div className="model-editor" ref={rootRef}>
      <div className="model-editor-bar">
        <PresetPicker presetName={presetName} onPreset={onPreset} />
        <button
          type="button"
          aria-pressed={!isForm}
          disabled={!isRecord(draft)}
          onClick={() => setJsonChosen((shown) => !shown)}
        >
          Edit as JSON
        </button>
      </div>
      {placed.top.length > 0 ? (
        <ul className="model-problems" aria-label="problems in the model">
          {placed.top.map((p) => (
            <li key={p.message} className="field-problem">
              {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {isForm ? (
        <>
          <div className="model-fields" role="group" aria-label="model">
            <FieldControl
              label="name"
              kind="text"
              value={draft.name}
              required
              problems={placed.byModelField.get('name') ?? []}
              onValue={modelField('name')}
            />
            <FieldControl
              label="input"
              kind="shape"
              value={draft.input}
              required
              defaultText="height,width,channels"
              problems={placed.byModelField.get('input') ?? []}
              onValue={modelField('input')}
            />
            <FieldControl
              label="loss"
              kind="loss"
              value={draft.loss}
              required
              problems={placed.byModelField.get('loss') ?? []}
              onValue={modelField('loss')}
            />
          </div>
          <ol className="model-layers">
            {layers.slice(0, shownLayers).map((layer, index) => (
              <ModelLayerCard
                key={index}
                index={index}
                count={layers.length}
                layer={layer}
                shape={shapes[index]}
                problems={placed.byLayer.get(index) ?? []}
                onField={(i, field, value) => edit(setLayerField(draft, i, field, value))}
                onRetype={(i, type) => edit(retypeLayer(draft, i, type))}
                onMove={onMove}
                onRemove={onRemove}
              />
            ))}
          </ol>
          <AddLayerBar layerCount={layers.length} onAdd={onAdd} />
        </>
      ) : (
        <JsonEditor draft={draft} onDraft={onChange} />
      )}
    </div>
  );
}
