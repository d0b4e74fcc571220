// Layer shapes for a draft that may be invalid: all of them when checkSpec passes, otherwise
// those of the longest run of leading layers that can be built, so the editor can still show
// output shapes up to the layer at fault.
import { checkSpec, type LayerShape } from '../../core/spec';
import { isRecord } from './draftEdits';

export function shapesSoFar(draft: unknown): LayerShape[] {
  const check = checkSpec(draft);
  if (check.ok) return check.shapes;
  if (!isRecord(draft) || !Array.isArray(draft.layers)) return [];
  for (let count = draft.layers.length; count > 0; count--) {
    // The prefix is checked as a model of its own: a flatten on the end satisfies "ends in a
    // vector", and a fixed name and loss keep problems elsewhere from hiding its shapes.
    const prefix = checkSpec({
      name: 'prefix',
      input: draft.input,
      loss: 'mse',
      layers: [...draft.layers.slice(0, count), { type: 'flatten' }],
    });
    if (prefix.ok) return prefix.shapes.slice(0, count);
  }
  return [];
}
