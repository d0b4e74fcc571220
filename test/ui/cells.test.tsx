// Cells: the Data cell draws a thumbnail per example with its label, a cell whose content
// throws shows the error in words while the page goes on, and worker errors show in their cell.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Cell } from '../../src/ui/cells/Cell';
import { DataCell } from '../../src/ui/cells/DataCell';
import type { DatasetPreview } from '../../src/worker/protocol';

const preview: DatasetPreview = {
  kind: 'synthetic',
  size: 256,
  classCounts: { train: [130, 126], test: [] },
  inputShape: [4, 4, 1],
  examples: Array.from({ length: 3 }, () => ({ shape: [4, 4, 1], data: new Float32Array(16) })),
  labels: [[0], [1], [1]],
  description: '256 images of a bright square on faint noise',
};

function Broken(): never {
  throw new Error('the report had no parts');
}

describe('DataCell', () => {
  it('draws one pixelated thumbnail per example, labelled by class', () => {
    render(
      <DataCell preview={preview} dataset={{ kind: 'synthetic', size: 256 }} dispatch={vi.fn()} />,
    );
    const canvases = screen.getAllByRole('img');
    expect(canvases).toHaveLength(3);
    expect(canvases[0].getAttribute('width')).toBe('4');
    expect(
      [...document.querySelectorAll('.thumbnail figcaption')].map((e) => e.textContent),
    ).toEqual(['0', '1', '1']);
    expect(screen.getByText(/first 3 of 256 are shown/)).toBeTruthy();
  });

  it('switches the dataset through the settings', () => {
    const dispatch = vi.fn();
    render(
      <DataCell preview={preview} dataset={{ kind: 'synthetic', size: 256 }} dispatch={dispatch} />,
    );
    fireEvent.change(screen.getByLabelText('Dataset'), { target: { value: 'seed-random' } });
    expect(dispatch).toHaveBeenCalledWith({
      kind: 'dataset',
      dataset: { kind: 'seed-random', size: 3 },
    });
  });

  it('shows a data error from the worker in the cell, in words', () => {
    render(
      <DataCell
        preview={null}
        dataset={{ kind: 'synthetic', size: 256 }}
        error={{ message: 'dataset size must be a positive integer, got 0', recoverable: true }}
        dispatch={vi.fn()}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'dataset size must be a positive integer, got 0',
    );
  });
});

describe('Cell', () => {
  it('keeps a crash inside its cell and offers to try again', () => {
    // React and the boundary both log the crash; that is expected here.
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <>
        <Cell number={4} id="gradients" title="Gradients">
          <Broken />
        </Cell>
        <Cell number={5} id="train" title="Train">
          <p>still here</p>
        </Cell>
      </>,
    );
    expect(screen.getByRole('alert').textContent).toMatch(
      /The Gradients cell could not be drawn: the report had no parts/,
    );
    expect(screen.getByText('still here')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try this cell again' })).toBeTruthy();
    expect(log).toHaveBeenCalled();
  });
});
