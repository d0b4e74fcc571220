// The Data cell's dataset picker: each entry dispatches the DatasetChoice the worker takes, the
// digit pickers make a pair, the choice survives the URL, and data that does not fit the model
// offers the preset that does.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { DataCell } from '../../src/ui/cells/DataCell';
import {
  settingsForPreset,
  settingsReducer,
  type SettingsAction,
} from '../../src/ui/state/notebookSettings';
import { settingsFromUrlHash, urlHashOf } from '../../src/ui/state/notebookUrl';
import type { DatasetChoice, DatasetPreview } from '../../src/worker/protocol';

const mnistPreview: DatasetPreview = {
  kind: 'mnist',
  size: 1580,
  testSize: 397,
  classNames: ['3', '8'],
  classCounts: { train: [803, 777], test: [201, 196] },
  inputShape: [28, 28, 1],
  examples: Array.from({ length: 4 }, () => ({ shape: [28, 28, 1], data: new Float32Array(784) })),
  labels: [[0], [1], [1], [1]],
  description: '1580 MNIST images (28×28 gray) of the digits 3 (label 0) and 8 (label 1)',
};

function renderCell(dataset: DatasetChoice, extra: Partial<Parameters<typeof DataCell>[0]> = {}) {
  const dispatch = vi.fn<(action: SettingsAction) => void>();
  render(
    <DataCell
      preview={null}
      dataset={dataset}
      batch={32}
      presetName="seed-cnn-28"
      dispatch={dispatch}
      {...extra}
    />,
  );
  return dispatch;
}

const chosen = (dispatch: ReturnType<typeof renderCell>) =>
  dispatch.mock.calls.map(([action]) => (action.kind === 'dataset' ? action.dataset : action));

describe('the dataset picker', () => {
  it('dispatches the DatasetChoice of every entry', () => {
    const dispatch = renderCell({ kind: 'synthetic', size: 300 });
    const picker = screen.getByLabelText('Dataset');
    for (const value of ['seed-random', 'shapes', 'mnist-pair', 'mnist-all'])
      fireEvent.change(picker, { target: { value } });
    expect(chosen(dispatch)).toEqual([
      { kind: 'seed-random', size: 32 },
      { kind: 'shapes', size: 300 },
      { kind: 'mnist', digits: [3, 8] },
      { kind: 'mnist', digits: 'all' },
    ]);
  });

  it('picks the digit pair with two selects that never pick the same digit', () => {
    const dispatch = renderCell({ kind: 'mnist', digits: [3, 8], size: 1000 });
    const first = screen.getByLabelText('Class 0: digit') as HTMLSelectElement;
    const second = screen.getByLabelText('Class 1: digit') as HTMLSelectElement;
    expect([first.value, second.value]).toEqual(['3', '8']);
    expect(first.querySelector('option[value="8"]')!.hasAttribute('disabled')).toBe(true);
    fireEvent.change(first, { target: { value: '1' } });
    fireEvent.change(second, { target: { value: '7' } });
    // 1000 training images fit 1 and 8 (1656) and 3 and 7 (1681).
    expect(chosen(dispatch)).toEqual([
      { kind: 'mnist', digits: [1, 8], size: 1000 },
      { kind: 'mnist', digits: [3, 7], size: 1000 },
    ]);
  });

  it("caps MNIST's training images at the digits' count, and an empty field means all", () => {
    const dispatch = renderCell({ kind: 'mnist', digits: [3, 8] });
    const size = screen.getByLabelText('Training images') as HTMLInputElement;
    expect(size.placeholder).toBe('all 1580');
    fireEvent.change(size, { target: { value: '2000' } });
    fireEvent.change(size, { target: { value: '500' } });
    expect(chosen(dispatch)).toEqual([{ kind: 'mnist', digits: [3, 8], size: 500 }]);
  });

  it('round-trips the picked data through the URL', () => {
    let settings = settingsForPreset('seed-cnn-28');
    const dispatch = (action: SettingsAction) => (settings = settingsReducer(settings, action));
    render(<DataCell preview={null} dataset={settings.dataset} batch={32} dispatch={dispatch} />);
    fireEvent.change(screen.getByLabelText('Dataset'), { target: { value: 'mnist-pair' } });
    expect(settings.dataset).toEqual({ kind: 'mnist', digits: [3, 8] });
    const restored = settingsFromUrlHash(urlHashOf(settings));
    expect(restored.dataset).toEqual({ kind: 'mnist', digits: [3, 8] });
    expect(restored.presetName).toBe('seed-cnn-28');
  });
});

describe('the Data cell with real data', () => {
  it('names each thumbnail by its class and counts the classes of the whole dataset', () => {
    renderCell({ kind: 'mnist', digits: [3, 8] }, { preview: mnistPreview });
    expect(
      [...document.querySelectorAll('.thumbnail figcaption')].map((e) => e.textContent),
    ).toEqual(['3', '8', '8', '8']);
    const balance = screen
      .getByText('Class balance of all 1580 training examples and 397 held out')
      .closest('figure')!;
    expect(
      [...balance.querySelectorAll('li')].map((li) => [
        li.getAttribute('data-class'),
        li.querySelector('.class-balance-count')!.textContent,
        li.getAttribute('data-test'),
      ]),
    ).toEqual([
      ['3', '803', '201'],
      ['8', '777', '196'],
    ]);
    expect(balance.querySelector('.class-balance-summary')!.textContent).toBe(
      'training: 803 / 777 · held out: 201 / 196',
    );
    expect(screen.getByText(/measured on 397 held-out examples/)).toBeTruthy();
  });

  it('shows a data mismatch from the worker and offers the preset that fits, in one click', () => {
    const message =
      'digits 3 and 8 are a binary task, but seed-toy ends in 10 outputs: … (use seed-cnn-28)';
    const dispatch = renderCell(
      { kind: 'mnist', digits: [3, 8] },
      { presetName: 'seed-toy', error: { message, recoverable: true } },
    );
    expect(screen.getByRole('alert').textContent).toBe(message);
    fireEvent.click(screen.getByRole('button', { name: 'use seed-cnn-28' }));
    expect(dispatch).toHaveBeenCalledWith({ kind: 'preset', name: 'seed-cnn-28' });
  });

  it('offers the ten-digit preset for all ten digits, and marks the data still in use as the previous', () => {
    renderCell(
      { kind: 'mnist', digits: 'all' },
      {
        preview: mnistPreview,
        presetName: 'seed-cnn-28',
        error: { message: 'needs 10 outputs', recoverable: true },
      },
    );
    expect(screen.getByRole('button', { name: 'use seed-cnn-28-digits' })).toBeTruthy();
    // The worker kept the previous data (3 vs 8): shown, and said to be the previous one.
    expect(screen.getByText(/still uses the data it had before this choice/)).toBeTruthy();
  });

  it('offers no preset without an error', () => {
    renderCell({ kind: 'mnist', digits: [3, 8] }, { presetName: 'seed-toy' });
    expect(screen.queryByRole('button')).toBeNull();
  });
});
