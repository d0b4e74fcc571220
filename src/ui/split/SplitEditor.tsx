// The split editor (cell 3): the model's layers as cards, the cuts as handles in the gaps
// between them, the parts model_0 … model_k coloured and labelled, and what crosses each cut.
// Controlled: it reports a new sorted cut list through onChange and never keeps its own.
import './SplitEditor.css';
import { Fragment, useEffect, useRef, type JSX, type KeyboardEvent } from 'react';
import { partsOf } from '../../core/cuts';
import type { LayerShape, LayerSpec } from '../../core/spec';
import { withSeparators } from '../format/numbers';
import { shapeText } from '../model/layerText';
import { CutGap, EmptyGap } from './CutGap';
import { addCut, cutsThatFit, moveCut, nextFreeGap, removeCut } from './cutList';
import { cutSizesOf } from './cutSizes';
import type { Drop } from './dropTarget';
import { SplitLayerCard } from './SplitLayerCard';
import { useCutDrag } from './useCutDrag';

export interface SplitEditorProps {
  layers: LayerSpec[];
  shapes: LayerShape[];
  inputShape: number[];
  /** Sorted, unique, each 0 ≤ i < layers.length - 1: cut i = after layer i. */
  cuts: number[];
  /** Batch size, for the bytes crossing a cut. */
  batch: number;
  onChange: (cuts: number[]) => void;
}

/** The palette has this many part colours (--part-0 …); more parts reuse them in turn. */
const PART_COLOURS = 6;

const sameCuts = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((cut, i) => cut === b[i]);

const range = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => first + i);

export function SplitEditor(props: SplitEditorProps): JSX.Element {
  const { layers, shapes, inputShape, batch, onChange } = props;
  // A stale list from the page (a model that just got shorter) must not break the strip.
  const cuts = cutsThatFit(props.cuts, layers.length);
  const parts = partsOf(inputShape, shapes, cuts);
  const sizes = cutSizesOf(shapes, parts, batch);
  const lastGap = layers.length - 2;
  const stripRef = useRef<HTMLDivElement>(null);
  // The gap whose control should have focus once the new cuts come back from the page: a moved
  // handle is a new element in another gap, so focus has to be put back by hand. Without
  // scrolling: the control is where the pointer or the focus just was, and finding out whether
  // it is in view forced a layout of the whole page inside the drop's own task.
  const focusGap = useRef<number | null>(null);

  useEffect(() => {
    const gap = focusGap.current;
    if (gap === null) return;
    focusGap.current = null;
    stripRef.current
      ?.querySelector<HTMLElement>(`[data-gap="${gap}"] [data-control]`)
      ?.focus({ preventScroll: true });
  });

  const change = (next: number[], focusAfter: number) => {
    if (sameCuts(next, cuts)) return;
    focusGap.current = focusAfter;
    onChange(next);
  };

  const onDrop = (cut: number, drop: Drop) =>
    drop.kind === 'remove'
      ? change(removeCut(cuts, cut), cut)
      : change(moveCut(cuts, cut, drop.gap), drop.gap);
  const { drag, handlersFor } = useCutDrag(stripRef, cuts, onDrop);
  const dropGap = drag?.target?.kind === 'gap' ? drag.target.gap : null;

  const onHandleKey = (cut: number) => (event: KeyboardEvent<HTMLElement>) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      const to = nextFreeGap(cuts, cut, event.key === 'ArrowLeft' ? -1 : 1, layers.length);
      if (to !== null) change(moveCut(cuts, cut, to), to);
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      change(removeCut(cuts, cut), cut);
    }
  };

  const onAdd = (gap: number) => change(addCut(cuts, gap), gap);

  return (
    <div className="split-editor">
      <div
        className="split-strip"
        ref={stripRef}
        data-removing={drag?.target?.kind === 'remove' || undefined}
      >
        <div className="split-input" title="the batch fed to model_0">
          <span className="split-card-index">input</span>
          <span>{shapeText([batch, ...inputShape])}</span>
        </div>
        {parts.map((part, k) => (
          <Fragment key={part.name}>
            <section
              className="split-part"
              data-part-colour={k % PART_COLOURS}
              aria-label={`${part.name}: layers ${part.firstLayer} to ${part.lastLayer}, ${withSeparators(part.paramCount)} parameters`}
            >
              <div className="split-layers">
                {range(part.firstLayer, part.lastLayer).map((i) => (
                  <Fragment key={i}>
                    <SplitLayerCard layer={layers[i]} shape={shapes[i]} />
                    {i < part.lastLayer ? (
                      <EmptyGap gap={i} isDropTarget={dropGap === i} onAdd={onAdd} />
                    ) : null}
                  </Fragment>
                ))}
              </div>
              <p className="split-band" data-testid={`part-band-${k}`}>
                <strong>{part.name}</strong>{' '}
                <span>
                  {withSeparators(part.paramCount)}{' '}
                  {part.paramCount === 1 ? 'parameter' : 'parameters'}
                </span>
              </p>
            </section>
            {k < sizes.length ? (
              <CutGap
                size={sizes[k]}
                lastGap={lastGap}
                layerType={layers[sizes[k].cut].type}
                drag={drag}
                isDropTarget={dropGap === sizes[k].cut && drag?.cut !== sizes[k].cut}
                dragHandlers={handlersFor(sizes[k].cut)}
                onKeyDown={onHandleKey(sizes[k].cut)}
              />
            ) : null}
          </Fragment>
        ))}
      </div>
      <p className="split-help">
        Drag a handle to move a cut, or drag it off the strip to remove it; press + between two
        layers to add one. At each cut: the activation that crosses it (batch first), the bytes it
        carries forward and its gradient carries back, and the size of the Jacobians the
        answer&rsquo;s method would build for the part after it.
      </p>
    </div>
  );
}
