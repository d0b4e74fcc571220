// Charts that receive new data together redraw one per task: the first at once, the next only
// after the first has committed and a macrotask has passed.
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useTurnedValue } from '../../src/ui/hooks/useTurnedValue';

function Shown({ id, value, isQueued }: { id: string; value: number; isQueued: boolean }) {
  const shown = useTurnedValue(value, isQueued);
  return <p data-testid={id}>{shown}</p>;
}

function Pair({ value, isQueued = true }: { value: number; isQueued?: boolean }) {
  return (
    <>
      <Shown id="a" value={value} isQueued={isQueued} />
      <Shown id="b" value={value} isQueued={isQueued} />
    </>
  );
}

const shown = () => [screen.getByTestId('a').textContent, screen.getByTestId('b').textContent];
const nextTask = () => act(() => new Promise<void>((done) => setTimeout(done, 0)));

describe('useTurnedValue', () => {
  it('shows the first value at once', () => {
    render(<Pair value={1} />);
    expect(shown()).toEqual(['1', '1']);
  });

  it('lets a new value through to one chart per task', async () => {
    const { rerender } = render(<Pair value={1} />);
    rerender(<Pair value={2} />);
    expect(shown()).toEqual(['2', '1']);
    await nextTask();
    expect(shown()).toEqual(['2', '2']);
  });

  it('follows the value directly when not queued (a chart of fixed size)', () => {
    const { rerender } = render(<Pair value={1} isQueued={false} />);
    rerender(<Pair value={2} isQueued={false} />);
    expect(shown()).toEqual(['2', '2']);
  });
});
