// A long list is drawn a few items per task: the first screen's at once, the rest after; a layer
// added by hand appears at once (its field takes the focus), a new long list comes in turns again.
import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCountInTurns } from '../../src/ui/hooks/useCountInTurns';

function List({ total }: { total: number }) {
  const shown = useCountInTurns(total, 4, 4);
  return <p data-testid="shown">{shown}</p>;
}

const shown = () => Number(screen.getByTestId('shown').textContent);
const nextTask = () => act(() => new Promise<void>((done) => setTimeout(done, 0)));

describe('useCountInTurns', () => {
  // The hook draws everything at once where the page cannot be seen (jsdom has no observer).
  beforeEach(() => vi.stubGlobal('IntersectionObserver', class {}));
  afterEach(() => vi.unstubAllGlobals());

  it('draws the first items at once and the rest a step per task', async () => {
    render(<List total={10} />);
    expect(shown()).toBe(4);
    await nextTask();
    expect(shown()).toBe(8);
    await nextTask();
    expect(shown()).toBe(10);
    await nextTask();
    expect(shown()).toBe(10);
  });

  it('shows an item added to a fully drawn list at once, and a shorter list as it is', async () => {
    const { rerender } = render(<List total={3} />);
    expect(shown()).toBe(3);
    rerender(<List total={4} />);
    expect(shown()).toBe(4);
    rerender(<List total={2} />);
    expect(shown()).toBe(2);
  });

  it('draws a new, longer list in turns again', async () => {
    const { rerender } = render(<List total={3} />);
    rerender(<List total={12} />);
    expect(shown()).toBe(4);
    await nextTask();
    await nextTask();
    expect(shown()).toBe(12);
  });

  it('draws everything at once where the page cannot be seen to load', () => {
    vi.unstubAllGlobals();
    render(<List total={12} />);
    expect(shown()).toBe(12);
  });
});
