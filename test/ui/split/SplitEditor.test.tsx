// The split editor on seed-toy: dragging, clicking and the keyboard each yield the exact cut
// list, the handles say where they are, and each cut shows what crosses it per batch.
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { allCutSets, partsOf } from '../../../src/core/cuts';
import { jacobianPlans } from '../../../src/core/jacobianSize';
import { PRESETS } from '../../../src/core/presets';
import { formatBytes, withSeparators } from '../../../src/ui/format/numbers';
import { checkSpec, type LayerShape } from '../../../src/core/spec';
import { SplitEditor } from '../../../src/ui/split/SplitEditor';

const toy = PRESETS['seed-toy'];
const checked = checkSpec(toy.spec);
if (!checked.ok) throw new Error('seed-toy must be valid');
const shapes: LayerShape[] = checked.shapes;

/** A page stand-in that owns the cuts, so a sequence of interactions builds on itself. */
function Harness({ initial, onChange }: { initial: number[]; onChange: (cuts: number[]) => void }) {
  const [cuts, setCuts] = useState(initial);
  return (
    <SplitEditor
      layers={toy.spec.layers}
      shapes={shapes}
      inputShape={toy.spec.input}
      cuts={cuts}
      batch={toy.batch}
      onChange={(next) => {
        onChange(next);
        setCuts(next);
      }}
    />
  );
}

function renderToy(initial = [0, 1]) {
  const onChange = vi.fn<(cuts: number[]) => void>();
  render(<Harness initial={initial} onChange={onChange} />);
  return onChange;
}

const rect = (left: number, top: number, width: number, height: number) =>
  ({
    x: left,
    y: top,
    left,
    top,
    width,
    height,
    right: left + width,
    bottom: top + height,
    toJSON: () => ({}),
  }) as DOMRect;

// jsdom has no layout: lay the strip out as one row 100 px tall, gap i centred at x = 100(i + 1).
beforeEach(() => {
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    const gap = this.getAttribute('data-gap');
    if (gap !== null) return rect(100 * (Number(gap) + 1) - 20, 0, 40, 100);
    if (this.classList.contains('split-strip')) return rect(0, 0, 1000, 100);
    return rect(0, 0, 0, 0);
  });
});

const handleAt = (cut: number) =>
  screen
    .getAllByRole('slider')
    .find((slider) => slider.getAttribute('aria-valuenow') === String(cut))!;

function drag(cut: number, to: { x: number; y: number }) {
  const handle = handleAt(cut);
  const from = { clientX: 100 * (cut + 1), clientY: 50, pointerId: 7, button: 0 };
  fireEvent.pointerDown(handle, from);
  fireEvent.pointerMove(handle, { clientX: to.x, clientY: to.y, pointerId: 7 });
  fireEvent.pointerUp(handle, { clientX: to.x, clientY: to.y, pointerId: 7 });
}

describe('SplitEditor pointer dragging', () => {
  it('moves a dragged cut to the free gap nearest where it is let go', () => {
    const onChange = renderToy([0, 1]);
    drag(1, { x: 390, y: 60 });
    expect(onChange.mock.calls).toEqual([[[0, 3]]]);
    expect(document.activeElement).toBe(handleAt(3));
  });

  it('skips a gap that already holds a cut and snaps to the nearest free one', () => {
    const onChange = renderToy([0, 1]);
    // x = 210 is closest to gap 1, which has a cut; gap 2 (x = 300) beats gap 0 (x = 100).
    drag(0, { x: 210, y: 50 });
    expect(onChange.mock.calls).toEqual([[[1, 2]]]);
  });

  it('changes nothing when a handle is let go over its own gap', () => {
    const onChange = renderToy([0, 1]);
    drag(1, { x: 205, y: 40 });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('removes a cut dragged more than 60 px above or below the strip', () => {
    const onChange = renderToy([0, 1]);
    drag(0, { x: 100, y: -61 });
    expect(onChange.mock.calls).toEqual([[[1]]]);
    drag(1, { x: 200, y: 100 + 61 });
    expect(onChange.mock.calls).toEqual([[[1]], [[]]]);
  });

  it('keeps a cut let go within 60 px below the strip, snapping it to a gap', () => {
    const onChange = renderToy([0, 1]);
    drag(0, { x: 300, y: 100 + 59 });
    expect(onChange.mock.calls).toEqual([[[1, 2]]]);
  });

  it('shows the drop gap while dragging and marks the strip when a release would remove', () => {
    renderToy([0, 1]);
    const handle = handleAt(1);
    fireEvent.pointerDown(handle, { clientX: 200, clientY: 50, pointerId: 3, button: 0 });
    fireEvent.pointerMove(handle, { clientX: 300, clientY: 50, pointerId: 3 });
    const target = document.querySelector('[data-drop-target]');
    expect(target?.getAttribute('data-gap')).toBe('2');
    fireEvent.pointerMove(handle, { clientX: 300, clientY: 200, pointerId: 3 });
    expect(document.querySelector('.split-strip')?.hasAttribute('data-removing')).toBe(true);
    fireEvent.pointerCancel(handle, { pointerId: 3 });
    expect(document.querySelector('[data-drop-target]')).toBeNull();
    expect(document.querySelector('.split-strip')?.hasAttribute('data-removing')).toBe(false);
  });
});

describe('SplitEditor clicks and keys', () => {
  it('adds a cut when an empty gap is clicked', async () => {
    const user = userEvent.setup();
    const onChange = renderToy([0, 1]);
    await user.click(screen.getByRole('button', { name: 'add a cut after layer 3' }));
    expect(onChange.mock.calls).toEqual([[[0, 1, 3]]]);
    expect(screen.queryByRole('button', { name: 'add a cut after layer 3' })).toBeNull();
  });

  it('moves a handle to the previous or next free gap with the arrow keys, keeping focus', async () => {
    const user = userEvent.setup();
    const onChange = renderToy([0, 1]);
    act(() => handleAt(1).focus());
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(handleAt(2));
    await user.keyboard('{ArrowRight}');
    await user.keyboard('{ArrowRight}'); // already at the last gap: nothing to do
    await user.keyboard('{ArrowLeft}');
    await user.keyboard('{ArrowLeft}');
    await user.keyboard('{ArrowLeft}'); // gap 0 holds a cut: nowhere free to the left
    expect(onChange.mock.calls).toEqual([[[0, 2]], [[0, 3]], [[0, 2]], [[0, 1]]]);
    expect(document.activeElement).toBe(handleAt(1));
    // From gap 0 the next free gap to the right is 2: the cut at 1 is jumped over.
    act(() => handleAt(0).focus());
    await user.keyboard('{ArrowRight}');
    expect(onChange.mock.lastCall).toEqual([[1, 2]]);
    expect(document.activeElement).toBe(handleAt(2));
  });

  it('removes a focused handle with Delete or Backspace and focuses the gap it leaves', async () => {
    const user = userEvent.setup();
    const onChange = renderToy([0, 1]);
    act(() => handleAt(1).focus());
    await user.keyboard('{Delete}');
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'add a cut after layer 1' }),
    );
    act(() => handleAt(0).focus());
    await user.keyboard('{Backspace}');
    expect(onChange.mock.calls).toEqual([[[0]], [[]]]);
    expect(screen.queryAllByRole('slider')).toHaveLength(0);
  });

  it('adds a cut from the keyboard and puts focus on its new handle', async () => {
    const user = userEvent.setup();
    const onChange = renderToy([0, 1]);
    await user.tab(); // handle at 0
    await user.tab(); // handle at 1
    await user.tab(); // the empty gap after layer 2
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'add a cut after layer 2' }),
    );
    await user.keyboard('{Enter}');
    expect(onChange.mock.calls).toEqual([[[0, 1, 2]]]);
    expect(document.activeElement).toBe(handleAt(2));
  });
});

describe('SplitEditor labels and sizes', () => {
  it('names each handle and empty gap for screen readers', () => {
    renderToy([0, 1]);
    const sliders = screen.getAllByRole('slider');
    expect(sliders.map((s) => s.getAttribute('aria-label'))).toEqual([
      'cut after layer 0 (between model_0 and model_1); arrow keys move, Delete removes',
      'cut after layer 1 (between model_1 and model_2); arrow keys move, Delete removes',
    ]);
    const handle = screen.getByRole('slider', {
      name: 'cut after layer 1 (between model_1 and model_2); arrow keys move, Delete removes',
    });
    expect(handle.tabIndex).toBe(0);
    expect(handle.getAttribute('aria-valuenow')).toBe('1');
    expect(handle.getAttribute('aria-valuemin')).toBe('0');
    expect(handle.getAttribute('aria-valuemax')).toBe('3');
    expect(handle.getAttribute('aria-valuetext')).toBe('after layer 1 (conv2d)');
    const adds = screen.getAllByRole('button', { name: /^add a cut after layer/ });
    expect(adds.map((b) => b.getAttribute('aria-label'))).toEqual([
      'add a cut after layer 2',
      'add a cut after layer 3',
    ]);
  });

  it('labels the parts model_0 … model_2 with their parameter counts', () => {
    renderToy([0, 1]);
    const bands = [0, 1, 2].map((k) => screen.getByTestId(`part-band-${k}`).textContent);
    // conv2d 2×2×1×6 + 6 = 30; conv2d 2×2×6×6 + 6 = 150; dense 384 + 1 = 385.
    expect(bands).toEqual([
      'model_0 30 parameters',
      'model_1 150 parameters',
      'model_2 385 parameters',
    ]);
    expect(
      screen.getByRole('region', { name: 'model_2: layers 2 to 4, 385 parameters' }),
    ).toBeTruthy();
  });

  it('shows each layer card with its settings, output shape and parameters', () => {
    renderToy([0, 1]);
    const cards = [...document.querySelectorAll('.split-card')].map((card) =>
      [...card.children].map((child) => child.textContent),
    );
    expect(cards).toEqual([
      ['layer 0', 'conv2d 6 k2 relu', 'out 9×9×6', '30 params'],
      ['layer 1', 'conv2d 6 k2 relu', 'out 8×8×6', '150 params'],
      ['layer 2', 'flatten', 'out 384', '0 params'],
      ['layer 3', 'dense 1', 'out 1', '385 params'],
      ['layer 4', 'activation sigmoid', 'out 1', '0 params'],
    ]);
  });

  it('shows the activation, gradient and Jacobian bytes crossing the cut after layer 0', () => {
    renderToy([0, 1]);
    const sizes = within(screen.getByTestId('cut-sizes-0'));
    const terms = sizes.getAllByRole('term').map((t) => t.textContent);
    const values = sizes.getAllByRole('definition');
    expect(terms).toEqual(['crosses', 'forward', 'backward', 'Jacobian method']);
    // 3×9×9×6 = 1,458 floats = 5,832 bytes each way.
    expect(values.map((v) => v.textContent)).toEqual(['3×9×9×6', '5.7 KiB', '5.7 KiB', '4.9 MiB']);
    expect(values[1].getAttribute('title')).toBe('1,458 floats = 5,832 bytes');
    // model_1's Jacobians: 3 × 384 × (486 inputs + 150 parameters) = 732,672 floats; the
    // contraction's largest product, ∂out/∂in, adds 3 × 384 × 486 = 559,872: 5,170,176 bytes.
    expect(values[3].getAttribute('title')).toBe(
      "model_1's Jacobians, 732,672 floats, plus the contraction's product: 5,170,176 bytes at its peak",
    );
  });

  it("shows core's Jacobian plan, the worker's budget figure, at every cut of every cut list", () => {
    for (const cuts of allCutSets(toy.spec.layers.length)) {
      const { unmount } = render(
        <SplitEditor
          layers={toy.spec.layers}
          shapes={shapes}
          inputShape={toy.spec.input}
          cuts={cuts}
          batch={toy.batch}
          onChange={() => {}}
        />,
      );
      const plans = jacobianPlans(shapes, partsOf(toy.spec.input, shapes, cuts), toy.batch);
      cuts.forEach((cut, k) => {
        const jacobian = within(screen.getByTestId(`cut-sizes-${cut}`)).getAllByRole(
          'definition',
        )[3];
        expect(jacobian.textContent).toBe(formatBytes(plans[k + 1].bytes));
        expect(jacobian.getAttribute('title')).toContain(
          `${withSeparators(plans[k + 1].bytes)} bytes`,
        );
      });
      unmount();
    }
  });

  it('follows the cuts it is given and ignores ones the model cannot take', () => {
    render(
      <SplitEditor
        layers={toy.spec.layers}
        shapes={shapes}
        inputShape={toy.spec.input}
        cuts={[3, 7, 3]}
        batch={2}
        onChange={() => {}}
      />,
    );
    expect(screen.getAllByRole('slider').map((s) => s.getAttribute('aria-valuenow'))).toEqual([
      '3',
    ]);
    expect(screen.getByTestId('part-band-0').textContent).toBe('model_0 565 parameters');
    expect(screen.getByTestId('part-band-1').textContent).toBe('model_1 0 parameters');
  });
});
