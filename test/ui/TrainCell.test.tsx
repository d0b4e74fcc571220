// The Train cell: its buttons send the right requests, the progress reads in words, and the
// charts appear once there are steps.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { TrainCell } from '../../src/ui/cells/TrainCell';
import { settingsForPreset } from '../../src/ui/state/notebookSettings';
import { initialSession, type SessionState } from '../../src/ui/state/sessionState';
import { fixtureRecords } from './fixtures/records';

function renderCell(session: Partial<SessionState> = {}) {
  const send = vi.fn();
  const dispatch = vi.fn();
  render(
    <TrainCell
      session={{ ...initialSession, ...session }}
      settings={{ ...settingsForPreset('seed-toy'), trainSteps: 20 }}
      isReady
      dispatch={dispatch}
      send={send}
    />,
  );
  return { send, dispatch };
}

describe('TrainCell', () => {
  it('starts training for the chosen number of steps, and steps or resets on request', () => {
    const { send } = renderCell();
    fireEvent.click(screen.getByRole('button', { name: 'Train 20 steps' }));
    fireEvent.click(screen.getByRole('button', { name: 'One step' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reset weights' }));
    expect(send.mock.calls.map(([r]) => r)).toEqual([
      { type: 'train', steps: 20 },
      { type: 'step' },
      { type: 'reset' },
    ]);
  });

  it('offers pause while running and resume while paused', () => {
    const { send } = renderCell({ training: { state: 'running', step: 3 } });
    expect(
      (screen.getByRole('button', { name: 'Train 20 steps' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(send).toHaveBeenCalledWith({ type: 'pause' });
  });

  it('resumes a paused run', () => {
    const { send } = renderCell({ training: { state: 'paused', step: 3 } });
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(send).toHaveBeenCalledWith({ type: 'resume' });
  });

  it('reports progress in words and draws the three training charts', () => {
    renderCell({
      records: fixtureRecords(12),
      training: { state: 'running', step: 12 },
      trainTarget: 20,
      stepsPerSecond: 31.4,
    });
    expect(screen.getByText(/step 12 of 20 · 31\.4 steps\/s/)).toBeTruthy();
    expect((screen.getByRole('progressbar') as HTMLProgressElement).value).toBe(12);
    expect(document.querySelectorAll('[data-chart]')).toHaveLength(3);
  });

  it('turns the naive twin off through the settings, not the worker', () => {
    const { dispatch, send } = renderCell();
    fireEvent.click(screen.getByLabelText('Also train the naive split twin'));
    expect(dispatch).toHaveBeenCalledWith({
      kind: 'hyper',
      hyper: { twins: ['reference', 'vjp'] },
    });
    expect(send).not.toHaveBeenCalled();
  });

  it('refuses a learning rate that is not a positive number, in words', () => {
    const { dispatch } = renderCell();
    fireEvent.change(screen.getByLabelText('Learning rate'), { target: { value: '-1' } });
    expect(screen.getByRole('alert').textContent).toMatch(/Learning rate: a number above 0/);
    expect(dispatch).not.toHaveBeenCalled();
  });
});
