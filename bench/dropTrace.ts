// `npx tsx bench/dropTrace.ts [--runs N] [--json FILE]`: where a dropped cut's time goes on both
// threads. Drops a cut while the Jacobian runs (as test/e2e/dropDuringJacobian.test.ts does),
// records a Chrome trace, and prints every task on the page's main thread and the worker's thread
// between the release and the new table, with what ran inside it.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { serveBuiltApp } from '../test/support/builtApp';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '2' },
    json: { type: 'string' },
    idle: { type: 'boolean', default: false },
  },
});

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

/** Marks the drop, the request, the report and the table with performance.mark (user timing). */
function markMessages() {
  const PageWorker = window.Worker;
  window.Worker = class extends PageWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (event: MessageEvent) => {
        const data = event.data as { type?: string; report?: { cuts: number[] } };
        if (data?.type === 'gradients' && data.report)
          performance.mark(`received ${data.report.cuts.join()}`);
      });
    }
    postMessage(message: unknown, transfer?: unknown) {
      const request = message as { type?: string; cuts?: number[] };
      if (request?.type === 'computeGradients') performance.mark(`sent ${request.cuts!.join()}`);
      super.postMessage(message, transfer as Transferable[]);
    }
  };
}

async function pressAndMove(page: Page, from: number, to: number, steps = 12) {
  await page.locator('#split').scrollIntoViewIfNeeded();
  const handle = page.locator(`#split [role="slider"][aria-valuenow="${from}"]`);
  await handle.waitFor();
  const start = await handle.boundingBox();
  const end = await page.locator(`#split .split-gap[data-gap="${to}"]`).boundingBox();
  if (!start || !end) throw new Error(`no handle for cut ${from} or no gap after layer ${to}`);
  await page.mouse.move(start.x + start.width / 2, start.y + start.height / 2);
  await page.mouse.down();
  await page.mouse.move(end.x + end.width / 2, end.y + end.height / 2, { steps });
}

const watchDrop = (page: Page, key: string, cuts: string) =>
  page.evaluate(
    ({ key, cuts }) => {
      let dropped = false;
      window.addEventListener(
        'pointerup',
        () => {
          dropped = true;
          performance.mark(`drop ${key}`);
        },
        { capture: true, once: true },
      );
      new MutationObserver((_, observer) => {
        if (!dropped) return;
        if (document.querySelector('.gradient-tables')?.getAttribute('data-cuts') === cuts) {
          performance.mark(`table ${key}`);
          (window as unknown as Record<string, boolean>)[`done ${key}`] = true;
          observer.disconnect();
        }
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    },
    { key, cuts },
  );

const jacobianShown = (cuts: string) =>
  `.gradient-tables[data-cuts="${cuts}"] [data-method="jacobian"] caption, ` +
  `.gradient-tables[data-cuts="${cuts}"] .method-refused`;

const server = await serveBuiltApp();
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
await page.addInitScript(markMessages);
await page.goto(server.url);
await page.waitForSelector(jacobianShown('0,1'), { timeout: 120_000 });
await page.waitForTimeout(1000);

const categories = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'toplevel',
];
const keys: string[] = [];
await browser.startTracing(page, { categories });
for (let run = 0; run < Number(values.runs); run++) {
  await pressAndMove(page, 1, 2);
  if (values.idle) await watchDrop(page, `idle${run}`, '0,2');
  await page.mouse.up();
  if (values.idle) keys.push(`idle${run}`);
  await pressAndMove(page, 2, 1, 2);
  await page.waitForSelector('.gradient-tables[data-cuts="0,2"]', { timeout: 60_000 });
  if (!values.idle) await watchDrop(page, `during${run}`, '0,1');
  await page.mouse.up();
  if (!values.idle) keys.push(`during${run}`);
  await page.waitForSelector(jacobianShown('0,1'), { timeout: 120_000 });
  await page.waitForTimeout(300);
}
const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
await browser.close();
await server.close();
if (values.json) writeFileSync(values.json, JSON.stringify(trace));

const events = trace.traceEvents;
const threadNames = new Map<string, string>();
for (const e of events)
  if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args!.name!);
const threadOf = (e: TraceEvent) => threadNames.get(`${e.pid}:${e.tid}`) ?? '?';
const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.ph !== 'M');
const markAt = (name: string, after = 0) =>
  marks.filter((m) => m.name === name && m.ts >= after).sort((a, b) => a.ts - b.ts)[0]?.ts;

const describe = (task: TraceEvent) => {
  const end = task.ts + (task.dur ?? 0);
  const inside = events.filter(
    (e) =>
      e.ph === 'X' &&
      e.pid === task.pid &&
      e.tid === task.tid &&
      e !== task &&
      e.ts >= task.ts &&
      e.ts < end &&
      (e.dur ?? 0) >= 500,
  );
  const names = inside.map((e) => {
    const d = e.args?.data ?? {};
    const what = (d.type ?? d.functionName ?? '') as string;
    const url = typeof d.url === 'string' ? d.url.split('/').at(-1) : '';
    return `${e.name}${what ? `(${what})` : ''}${url ? `@${url}:${d.lineNumber ?? ''}` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`;
  });
  return names.slice(0, 8).join(', ');
};

for (const key of keys) {
  const drop = markAt(`drop ${key}`);
  const table = markAt(`table ${key}`, drop);
  const cuts = key.startsWith('idle') ? '0,2' : '0,1';
  const sent = markAt(`sent ${cuts}`, drop);
  const received = markAt(`received ${cuts}`, drop);
  if (drop === undefined || table === undefined) {
    console.log(`${key}: marks missing`);
    continue;
  }
  const rel = (ts?: number) => (ts === undefined ? '?' : ((ts - drop) / 1000).toFixed(1));
  console.log(
    `\n${key}: drop 0, sent ${rel(sent)}, received ${rel(received)}, table ${rel(table)} ms`,
  );
  const tasks = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') &&
        e.ts + (e.dur ?? 0) >= drop - 30_000 &&
        e.ts <= table + 5_000 &&
        (e.dur ?? 0) >= 300,
    )
    .filter((e) => /CrRendererMain|DedicatedWorker/.test(threadOf(e)))
    .sort((a, b) => a.ts - b.ts);
  for (const t of tasks)
    console.log(
      `  ${threadOf(t).startsWith('Cr') ? 'page  ' : 'worker'} ${rel(t.ts).padStart(6)} +${((t.dur ?? 0) / 1000).toFixed(1).padStart(5)}  ${describe(t)}`,
    );
}
