// Paired loading traces: two builds of the app (before and after a change) loaded in turn in
// headless Chromium, each load traced until both comparisons are on screen; prints every
// main-thread task over 50 ms with what it spent its time on. Turns alternate, so a busy machine
// weighs on both builds alike.
//   npx vite build --outDir /tmp/before   (on the old tree)   …   --outDir /tmp/after
//   npx tsx bench/loadTrace.ts /tmp/before /tmp/after [runs=4] [preset=seed-toy]
// With TRACE_DIR set, each load's trace is written there (open it in DevTools' Performance panel);
// TRACE_CATEGORIES adds categories (comma-separated) to the trace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium';
import { COMPARISONS_MARK, markComparisons } from './comparisonsMark';
import { longTasksToMark, startTrace } from '../test/support/mainThreadTrace';

const [dirs, runs, preset] = [
  process.argv.slice(2, 4),
  Number(process.argv[4] ?? 4),
  process.argv[5] ?? 'seed-toy',
];
if (dirs.length !== 2) throw new Error('usage: loadTrace.ts <build-before> <build-after> [runs]');

const MARK = COMPARISONS_MARK;

const servers = await Promise.all(
  dirs.map((outDir) =>
    preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } }),
  ),
);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const hash = encodeURIComponent(JSON.stringify({ preset }));
const totals = dirs.map(() => ({ tasks: 0, blocked: 0 }));
for (let run = 0; run < runs; run++) {
  for (const [which, server] of servers.entries()) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.addInitScript(markComparisons, MARK);
    const trace = await startTrace(page, process.env.TRACE_CATEGORIES?.split(',') ?? []);
    await page.goto(`${server.resolvedUrls!.local[0]}#${hash}`);
    const markAt = await page.evaluate(
      () => (window as unknown as { comparisonsShown: Promise<number> }).comparisonsShown,
    );
    const events = await trace.stop();
    if (process.env.TRACE_DIR)
      writeFileSync(
        join(process.env.TRACE_DIR, `load-${which}-${run + 1}.json`),
        JSON.stringify({ traceEvents: events }),
      );
    const found = longTasksToMark(events, MARK, markAt);
    await context.close();
    if (!found) throw new Error('the mark is not in the trace');
    totals[which].tasks += found.longTasks;
    totals[which].blocked += found.blockedMs;
    console.log(
      `${dirs[which]} run ${run + 1}: ${found.longTasks} tasks over 50 ms to ${found.untilMs} ms, ` +
        `longest ${found.longestMs}, blocked ${found.blockedMs}\n` +
        found.tasks
          .map(
            (t) =>
              `  ${t.afterMs}+${t.durationMs}: ${t.spentOn}${t.postedFrom ? ` [${t.postedFrom}]` : ''}`,
          )
          .join('\n'),
    );
  }
}
for (const [which, total] of totals.entries())
  console.log(
    `${dirs[which]}: ${(total.tasks / runs).toFixed(1)} tasks over 50 ms a load, ` +
      `${Math.round(total.blocked / runs)} ms blocked a load (mean of ${runs})`,
  );
await browser.close();
await Promise.all(servers.map((server) => new Promise((done) => server.httpServer.close(done))));
