// Charts take turns to appear: one chart's first render per task, the next one after it has
// committed. Mounting a recharts chart costs the main thread ~100 ms; three at once would block
// input for a third of a second.

type Grant = () => void;

const waiting: Grant[] = [];
let isBusy = false;

function grantNext(): void {
  const grant = waiting.shift();
  isBusy = grant !== undefined;
  grant?.();
}

/** Queues `grant`; returns a function that withdraws it (or, once granted, passes the turn on). */
export function requestMountTurn(grant: Grant): () => void {
  let state: 'waiting' | 'granted' | 'done' = 'waiting';
  const entry = () => {
    state = 'granted';
    grant();
  };
  waiting.push(entry);
  if (!isBusy) grantNext();
  return () => {
    if (state === 'waiting') {
      const index = waiting.indexOf(entry);
      if (index >= 0) waiting.splice(index, 1);
    } else if (state === 'granted') {
      // A macrotask later, so the chart's own render and commit finish first.
      setTimeout(grantNext, 0);
    }
    state = 'done';
  };
}
