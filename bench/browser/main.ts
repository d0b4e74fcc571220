// The browser benchmark page: runs the benchmark in a module worker (as the app does) and
// exposes its lines and rows to the Node runner through the console and `window`.
import type { BenchRow } from '../measure';

type BenchMessage =
  | { type: 'log'; line: string }
  | { type: 'done'; rows: BenchRow[] }
  | { type: 'error'; message: string };

const state = window as unknown as { benchRows?: BenchRow[]; benchError?: string };
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
// What to run comes in the page's query (`?job=<json>`, see run.ts) and goes to the worker.
worker.postMessage(JSON.parse(new URLSearchParams(location.search).get('job') ?? '{}'));
worker.addEventListener('message', (event: MessageEvent<BenchMessage>) => {
  const message = event.data;
  if (message.type === 'log') {
    console.log(message.line);
    document.getElementById('log')!.textContent += message.line + '\n';
  } else if (message.type === 'done') state.benchRows = message.rows;
  else state.benchError = message.message;
});
worker.addEventListener('error', (event) => (state.benchError = event.message));
