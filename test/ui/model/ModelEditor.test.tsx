// The model editor: presets, fields flagged with checkSpec's own messages, layer add / remove /
// reorder giving exact drafts, and a JSON view that never passes on text that does not parse.
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../../../src/core/presets';
import { checkSpec } from '../../../src/core/spec';
import { ModelEditor } from '../../../src/ui/model/ModelEditor';

const toySpec = () => structuredClone(PRESETS['seed-toy'].spec);

/** A page stand-in that keeps the draft, so a sequence of edits builds on itself. */
function Harness({ initial, onChange }: { initial: unknown; onChange: (draft: unknown) => void }) {
  const [draft, setDraft] = useState(initial);
  return (
    <ModelEditor
      draft={draft}
      presetName={null}
      onPreset={() => {}}
      onChange={(next) => {
        onChange(next);
        setDraft(next);
      }}
    />
  );
}

function renderDraft(initial: unknown = toySpec()) {
  const onChange = vi.fn<(draft: unknown) => void>();
  render(<Harness initial={initial} onChange={onChange} />);
  return onChange;
}

const layerCard = (index: number) =>
  screen.getByRole('group', { name: new RegExp(`^layer ${index} `) });
const lastDraft = (onChange: { mock: { lastCall?: unknown[] } }) => onChange.mock.lastCall?.[0];

describe('ModelEditor presets', () => {
  it('calls onPreset with the chosen preset and shows its description', async () => {
    const user = userEvent.setup();
    const onPreset = vi.fn();
    render(
      <ModelEditor
        draft={toySpec()}
        presetName="seed-toy"
        onPreset={onPreset}
        onChange={() => {}}
      />,
    );
    expect(screen.getByText(PRESETS['seed-toy'].description)).toBeTruthy();
    await user.selectOptions(screen.getByLabelText('preset'), 'colab-mlp');
    expect(onPreset.mock.calls).toEqual([['colab-mlp']]);
  });

  it('reads as custom when the draft is not a preset', () => {
    render(
      <ModelEditor draft={toySpec()} presetName={null} onPreset={() => {}} onChange={() => {}} />,
    );
    const select = screen.getByLabelText('preset') as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(select.selectedOptions[0].textContent).toBe('custom (edited)');
  });
});

describe('ModelEditor fields', () => {
  it('flags units 0 at the field with checkSpec’s message and keeps shapes up to that layer', () => {
    const onChange = renderDraft();
    const units = within(layerCard(3)).getByLabelText('units');
    fireEvent.change(units, { target: { value: '0' } });
    const draft = lastDraft(onChange) as ReturnType<typeof toySpec>;
    expect(draft.layers[3]).toEqual({ type: 'dense', units: 0 });
    const check = checkSpec(draft);
    expect(check.ok).toBe(false);
    const message = check.ok ? '' : check.problems[0].message;
    expect(message).toBe('layer 3 (dense): units must be a positive integer');
    const field = within(layerCard(3)).getByLabelText('units');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(field.getAttribute('aria-describedby')!)?.textContent).toBe(
      message,
    );
    expect((field as HTMLInputElement).value).toBe('0');
    expect(screen.getByTestId('layer-summary-2').textContent).toBe('output 384 · 0 parameters');
    expect(screen.getByTestId('layer-summary-3').textContent).toMatch(/^output shape unknown/);
    // Fixing it clears the flag.
    fireEvent.change(field, { target: { value: '2' } });
    expect(within(layerCard(3)).getByLabelText('units').getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByTestId('layer-summary-3').textContent).toBe('output 2 · 770 parameters');
  });

  it('shows every layer’s output shape and parameter count for a valid draft', () => {
    renderDraft();
    expect(
      [0, 1, 2, 3, 4].map((i) => screen.getByTestId(`layer-summary-${i}`).textContent),
    ).toEqual([
      'output 9×9×6 · 30 parameters',
      'output 8×8×6 · 150 parameters',
      'output 384 · 0 parameters',
      'output 1 · 385 parameters',
      'output 1 · 0 parameters',
    ]);
  });

  it('reads kernelSize as 3 or 3,2, and keeps text that is not a size for checkSpec to flag', () => {
    const onChange = renderDraft();
    const kernel = within(layerCard(0)).getByLabelText('kernelSize');
    fireEvent.change(kernel, { target: { value: '3,2' } });
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers[0]).toMatchObject({
      kernelSize: [3, 2],
    });
    fireEvent.change(kernel, { target: { value: '3' } });
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers[0]).toMatchObject({
      kernelSize: 3,
    });
    fireEvent.change(kernel, { target: { value: '3,' } });
    expect((kernel as HTMLInputElement).value).toBe('3,');
    expect(kernel.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(kernel.getAttribute('aria-describedby')!)?.textContent).toBe(
      'layer 0 (conv2d): kernelSize must be a positive integer or a pair of them, e.g. 3 or [3, 3]',
    );
  });

  it('edits the input shape, loss, activation, padding and useBias', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    fireEvent.change(screen.getByLabelText('input'), { target: { value: '12,12,1' } });
    await user.selectOptions(screen.getByLabelText('loss'), 'binaryCrossentropy');
    await user.selectOptions(within(layerCard(0)).getByLabelText('activation'), '');
    await user.selectOptions(within(layerCard(1)).getByLabelText('padding'), 'same');
    await user.click(within(layerCard(3)).getByLabelText('useBias'));
    const draft = lastDraft(onChange) as ReturnType<typeof toySpec>;
    expect(draft.input).toEqual([12, 12, 1]);
    expect(draft.loss).toBe('binaryCrossentropy');
    expect(draft.layers[0]).toEqual({ type: 'conv2d', filters: 6, kernelSize: 2 });
    expect(draft.layers[1]).toEqual({
      type: 'conv2d',
      filters: 6,
      kernelSize: 2,
      activation: 'relu',
      padding: 'same',
    });
    expect(draft.layers[3]).toEqual({ type: 'dense', units: 1, useBias: false });
    expect(screen.getByTestId('layer-summary-3').textContent).toBe('output 1 · 726 parameters');
  });

  it('shows a problem without a field of its own on the layer card or at the top', () => {
    const withUnknownField = toySpec() as unknown as { layers: Record<string, unknown>[] };
    withUnknownField.layers[2].units = 4;
    renderDraft(withUnknownField);
    expect(
      within(layerCard(2)).getByText(/layer 2 \(flatten\): units is not a field of flatten/),
    ).toBeTruthy();
    render(
      <ModelEditor
        draft={{ ...toySpec(), layers: [] }}
        presetName={null}
        onPreset={() => {}}
        onChange={() => {}}
      />,
    );
    const top = screen.getByRole('list', { name: 'problems in the model' });
    expect(top.textContent).toBe('layers must be a non-empty list');
  });
  it('shows layers that are not objects or have an unknown type, and lets a type be picked', async () => {
    const user = userEvent.setup();
    const spec = toySpec() as unknown as { layers: unknown[] };
    spec.layers[1] = 'oops';
    spec.layers[2] = { type: 'conv3d', filters: 2 };
    const onChange = renderDraft(spec);
    expect(within(layerCard(1)).getByText('layer 1: must be an object with a type')).toBeTruthy();
    const unknownType = within(layerCard(2)).getByLabelText('type') as HTMLSelectElement;
    expect(unknownType.value).toBe('conv3d');
    expect(unknownType.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('layer-summary-0').textContent).toBe('output 9×9×6 · 30 parameters');
    await user.selectOptions(within(layerCard(1)).getByLabelText('type'), 'flatten');
    expect((lastDraft(onChange) as { layers: unknown[] }).layers[1]).toEqual({ type: 'flatten' });
  });
});

describe('ModelEditor layers', () => {
  it('adds a layer of the chosen type at the chosen position', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    const bar = screen.getByRole('group', { name: 'add a layer' });
    await user.selectOptions(within(bar).getByLabelText(/new layer/), 'dropout');
    await user.selectOptions(within(bar).getByLabelText(/insert/), 'before layer 2');
    await user.click(within(bar).getByRole('button', { name: 'Add layer' }));
    const layers = toySpec().layers;
    expect(lastDraft(onChange)).toEqual({
      ...toySpec(),
      layers: [layers[0], layers[1], { type: 'dropout', rate: 0.5 }, ...layers.slice(2)],
    });
    expect(document.activeElement).toBe(within(layerCard(2)).getByLabelText('type'));
    await user.click(within(bar).getByRole('button', { name: 'Add layer' }));
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers).toHaveLength(7);
  });

  it('adds at the end by default', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    await user.click(screen.getByRole('button', { name: 'Add layer' }));
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers.at(-1)).toEqual({
      type: 'dense',
      units: 8,
    });
  });

  it('removes a layer', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    await user.click(within(layerCard(2)).getByRole('button', { name: 'Remove' }));
    const layers = toySpec().layers;
    expect(lastDraft(onChange)).toEqual({
      ...toySpec(),
      layers: [...layers.slice(0, 2), ...layers.slice(3)],
    });
    // flatten is gone, so dense now meets an image: checkSpec says so on its card.
    expect(within(layerCard(2)).getByText(/layer 2 \(dense\): needs a vector input/)).toBeTruthy();
  });

  it('moves layers up and down, keeping focus on the moved layer’s button', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    const layers = toySpec().layers;
    await user.click(within(layerCard(4)).getByRole('button', { name: 'Move up' }));
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers).toEqual([
      layers[0],
      layers[1],
      layers[2],
      layers[4],
      layers[3],
    ]);
    expect(document.activeElement).toBe(
      within(layerCard(3)).getByRole('button', { name: 'Move up' }),
    );
    await user.click(within(layerCard(0)).getByRole('button', { name: 'Move down' }));
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers).toEqual([
      layers[1],
      layers[0],
      layers[2],
      layers[4],
      layers[3],
    ]);
    expect(
      (within(layerCard(0)).getByRole('button', { name: 'Move up' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect(
      (within(layerCard(4)).getByRole('button', { name: 'Move down' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
  });

  it('changing a layer’s type keeps the settings the new type takes', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    await user.selectOptions(within(layerCard(0)).getByLabelText('type'), 'dense');
    expect((lastDraft(onChange) as ReturnType<typeof toySpec>).layers[0]).toEqual({
      type: 'dense',
      units: 8,
      activation: 'relu',
    });
  });
});

describe('ModelEditor JSON view', () => {
  it('shows malformed JSON’s problem in words and keeps the draft until it parses', async () => {
    const user = userEvent.setup();
    const onChange = renderDraft();
    await user.click(screen.getByRole('button', { name: 'Edit as JSON' }));
    const textarea = screen.getByLabelText('the spec as JSON') as HTMLTextAreaElement;
    expect(JSON.parse(textarea.value)).toEqual(toySpec());
    const broken = textarea.value.replace('"loss": "mse",', '"loss": "mse",,');
    fireEvent.change(textarea, { target: { value: broken } });
    expect(onChange).not.toHaveBeenCalled();
    expect(textarea.value).toBe(broken);
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toMatch(
      /^This is not valid JSON yet: .+line 8,? column 17\)\. The model keeps the last version that parsed\.$/,
    );
    const fixed = broken.replace(',,', ',').replace('"mse"', '"binaryCrossentropy"');
    fireEvent.change(textarea, { target: { value: fixed } });
    expect(onChange.mock.calls).toEqual([[{ ...toySpec(), loss: 'binaryCrossentropy' }]]);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(textarea.value).toBe(fixed);
    // Back to the form: the edit made in JSON is there.
    await user.click(screen.getByRole('button', { name: 'Edit as JSON' }));
    expect((screen.getByLabelText('loss') as HTMLSelectElement).value).toBe('binaryCrossentropy');
  });

  it('passes on JSON that is not a spec and flags it, offering only the JSON view', () => {
    const onChange = renderDraft();
    fireEvent.click(screen.getByRole('button', { name: 'Edit as JSON' }));
    fireEvent.change(screen.getByLabelText('the spec as JSON'), { target: { value: '[1, 2]' } });
    expect(onChange.mock.calls).toEqual([[[1, 2]]]);
    expect(screen.getByRole('list', { name: 'problems in the model' }).textContent).toBe(
      'the spec must be a JSON object',
    );
    expect(
      (screen.getByRole('button', { name: 'Edit as JSON' }) as HTMLButtonElement).disabled,
    ).toBe(true);
  });

  it('replaces the JSON text when a preset changes the draft', () => {
    const { rerender } = render(
      <ModelEditor
        draft={toySpec()}
        presetName="seed-toy"
        onPreset={() => {}}
        onChange={() => {}}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Edit as JSON' }));
    const mlp = structuredClone(PRESETS['colab-mlp'].spec);
    rerender(
      <ModelEditor draft={mlp} presetName="colab-mlp" onPreset={() => {}} onChange={() => {}} />,
    );
    const textarea = screen.getByLabelText('the spec as JSON') as HTMLTextAreaElement;
    expect(JSON.parse(textarea.value)).toEqual(mlp);
  });
});
