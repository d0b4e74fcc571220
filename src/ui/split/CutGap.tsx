// A gap between two layers in the split editor. With a cut it holds the handle (draggable,
// focusable, moved with ←/→ and removed with Delete) and what crosses the cut per batch;
// without one it is a button that adds a cut there.
import type { KeyboardEvent } from 'react';
import { formatBytes, withSeparators } from '../format/numbers';
import { shapeText } from '../model/layerText';
import type { CutSize } from './cutSizes';
import type { CutDrag, CutHandleDragHandlers } from './useCutDrag';

interface EmptyGapProps {
  gap: number;
  isDropTarget: boolean;
  onAdd: (gap: number) => void;
}

export function EmptyGap({ gap, isDropTarget, onAdd }: EmptyGapProps) {
  return (
    <div className="split-gap" data-gap={gap} data-drop-target={isDropTarget || undefined}>
      <button
        type="button"
        className="split-add"
        data-control
        aria-label={`add a cut after layer ${gap}`}
        title="add a cut here"
        onClick={() => onAdd(gap)}
      >
        <span aria-hidden="true">+</span>
      </button>
    </div>
  );
}

interface CutGapProps {
  size: CutSize;
  /** The highest gap index (layers - 2), for aria-valuemax. */
  lastGap: number;
  /** The layer the cut follows, for the value text ("after layer 1 (conv2d)"). */
  layerType: string;
  drag: CutDrag | null;
  isDropTarget: boolean;
  dragHandlers: CutHandleDragHandlers;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

export function CutGap({
  size,
  lastGap,
  layerType,
  drag,
  isDropTarget,
  dragHandlers,
  onKeyDown,
}: CutGapProps) {
  const { cut } = size;
  const isDragged = drag?.cut === cut;
  const isRemoving = isDragged && drag.target?.kind === 'remove';
  return (
    <div
      className="split-gap split-gap-cut"
      data-gap={cut}
      data-drop-target={isDropTarget || undefined}
    >
      <div
        role="slider"
        tabIndex={0}
        className="split-handle"
        data-control
        data-dragging={isDragged || undefined}
        data-removing={isRemoving || undefined}
        aria-label={`cut after layer ${cut} (between ${size.before} and ${size.after}); arrow keys move, Delete removes`}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={lastGap}
        aria-valuenow={cut}
        aria-valuetext={`after layer ${cut} (${layerType})`}
        style={isDragged ? { transform: `translate(${drag.dx}px, ${drag.dy}px)` } : undefined}
        onKeyDown={onKeyDown}
        {...dragHandlers}
      >
        <span aria-hidden="true">{isRemoving ? '×' : '⋮'}</span>
      </div>
      <dl className="split-cut-sizes" data-testid={`cut-sizes-${cut}`}>
        <dt>crosses</dt>
        <dd className="split-cut-shape">{shapeText(size.shape)}</dd>
        <dt>forward</dt>
        <dd title={`${withSeparators(size.floats)} floats = ${withSeparators(size.bytes)} bytes`}>
          {formatBytes(size.bytes)}
        </dd>
        <dt>backward</dt>
        <dd title={`dL/d(activation): ${withSeparators(size.bytes)} bytes`}>
          {formatBytes(size.bytes)}
        </dd>
        <dt>Jacobian method</dt>
        <dd
          title={`${size.after}'s Jacobians, ${withSeparators(size.jacobian.jacobianFloats)} floats, plus the contraction's product: ${withSeparators(size.jacobian.bytes)} bytes at its peak`}
        >
          {formatBytes(size.jacobian.bytes)}
        </dd>
      </dl>
    </div>
  );
}
