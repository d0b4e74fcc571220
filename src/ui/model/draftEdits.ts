// Edits on a model draft that may be anything the learner typed: each returns a new draft and
// leaves the rest of it, valid or not, as it was (so an edit never hides a problem elsewhere).
import type { LayerType } from '../../core/spec';
import { LAYER_FIELDS, newLayer } from './layerFields';

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const recordOf = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});

/** The draft's layer list, or an empty one when it has none (checkSpec reports that). */
export const layersOf = (draft: unknown): unknown[] =>
  isRecord(draft) && Array.isArray(draft.layers) ? draft.layers : [];

/** Sets one field; `undefined` removes it so the default applies (and the JSON stays short). */
export function withField(record: unknown, field: string, value: unknown): Record<string, unknown> {
  const next = { ...recordOf(record) };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

const withLayers = (draft: unknown, layers: unknown[]) => ({ ...recordOf(draft), layers });

export const setLayerField = (draft: unknown, index: number, field: string, value: unknown) =>
  withLayers(
    draft,
    layersOf(draft).map((layer, i) => (i === index ? withField(layer, field, value) : layer)),
  );

export function insertLayer(draft: unknown, index: number, layer: unknown) {
  const layers = [...layersOf(draft)];
  layers.splice(index, 0, layer);
  return withLayers(draft, layers);
}

export const removeLayer = (draft: unknown, index: number) =>
  withLayers(
    draft,
    layersOf(draft).filter((_, i) => i !== index),
  );

/** Swaps layer `index` with its neighbour above (-1) or below (+1). */
export function moveLayer(draft: unknown, index: number, direction: -1 | 1) {
  const layers = [...layersOf(draft)];
  const other = index + direction;
  if (other < 0 || other >= layers.length) return draft;
  [layers[index], layers[other]] = [layers[other], layers[index]];
  return withLayers(draft, layers);
}

/** A new type for layer `index`: its defaults, keeping the old settings the new type takes. */
export function retypeLayer(draft: unknown, index: number, type: LayerType) {
  const old = recordOf(layersOf(draft)[index]);
  const kept = Object.fromEntries(
    LAYER_FIELDS[type].filter((f) => old[f.name] !== undefined).map((f) => [f.name, old[f.name]]),
  );
  return withLayers(
    draft,
    layersOf(draft).map((layer, i) => (i === index ? { ...newLayer(type), ...kept } : layer)),
  );
}
