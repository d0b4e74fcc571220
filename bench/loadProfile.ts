// Where the page's long loading tasks spend their JavaScript time: one build loaded in headless
// Chromium with a timeline trace and V8's sampling profiler in the same trace (same clock), then,
// for each main-thread task over 50 ms until both comparisons are on screen, the functions with
// the most samples, by self time and by inclusive time. Build without minification to read names:
//   npx vite build --minify false --outDir /tmp/plain && npx tsx bench/loadProfile.ts /tmp/plain [runs=2] [preset=seed-toy]
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../test/support/chromium';
import { COMPARISONS_MARK, markComparisons } from './comparisonsMark';
import { longTasksToMark, startTrace, type TraceEvent } from '../test/support/mainThreadTrace';

const [outDir, runs, preset] = [
  process.argv[2],
  Number(process.argv[3] ?? 2),
  process.argv[4] ?? 'seed-toy',
];
if (!outDir) throw new Error('usage: loadProfile.ts <build> [runs] [preset]');
const MARK = COMPARISONS_MARK;

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number };
}

/** Every sample of the main thread's profile: its time (trace clock, µs) and its node. */
function samplesOf(events: TraceEvent[], pid: number, tid: number) {
  const nodes = new Map<number, ProfileNode>();
  const samples: { ts: number; node: number }[] = [];
  const profiles = new Map<string, { ts: number }>();
  for (const e of events as (TraceEvent & { id?: string })[]) {
    // The profile starts on the thread it samples; its chunks come from V8's profiler thread.
    if (e.pid !== pid) continue;
    const data = e.args?.data as Record<string, unknown> | undefined;
    if (e.name === 'Profile' && e.id && e.tid === tid)
      profiles.set(e.id, { ts: Number(data?.startTime) });
    if (e.name !== 'ProfileChunk' || !e.id) continue;
    const profile = profiles.get(e.id);
    if (!profile) continue;
    const cpu = data?.cpuProfile as { nodes?: ProfileNode[]; samples?: number[] } | undefined;
    for (const node of cpu?.nodes ?? []) nodes.set(node.id, node);
    const deltas = (data?.timeDeltas as number[]) ?? [];
    for (const [i, node] of (cpu?.samples ?? []).entries()) {
      profile.ts += deltas[i] ?? 0;
      samples.push({ ts: profile.ts, node });
    }
  }
  return { nodes, samples };
}

const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anon)'} ${(n.callFrame.url ?? '').split('/').pop()}:${n.callFrame.lineNumber}`;

const server = await preview({
  logLevel: 'warn',
  build: { outDir },
  preview: { host: '127.0.0.1', port: 0 },
});
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
const hash = encodeURIComponent(JSON.stringify({ preset }));
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.addInitScript(markComparisons, MARK);
  const trace = await startTrace(page, ['disabled-by-default-v8.cpu_profiler']);
  await page.goto(`${server.resolvedUrls!.local[0]}#${hash}`);
  const markAt = await page.evaluate(
    () => (window as unknown as { comparisonsShown: Promise<number> }).comparisonsShown,
  );
  const events = await trace.stop();
  await context.close();
  const found = longTasksToMark(events, MARK, markAt);
  const marked = events.find((e) => e.name === MARK);
  if (!found || !marked) throw new Error('the mark is not in the trace');
  const origin = marked.ts - markAt * 1000;
  const { nodes, samples } = samplesOf(events, marked.pid, marked.tid);
  console.log(`run ${run + 1}: ${found.longTasks} tasks over 50 ms, ${samples.length} samples`);
  for (const task of found.tasks) {
    const from = origin + task.afterMs * 1000;
    const to = from + task.durationMs * 1000;
    const inTask = samples.filter((s) => s.ts >= from && s.ts <= to);
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    for (const s of inTask) {
      const leaf = nodes.get(s.node);
      if (!leaf) continue;
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
      const seen = new Set<string>();
      for (let n: ProfileNode | undefined = leaf; n; n = n.parent ? nodes.get(n.parent) : undefined)
        seen.add(name(n));
      for (const k of seen) total.set(k, (total.get(k) ?? 0) + 1);
    }
    const top = (m: Map<string, number>, k: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, k)
        .map(([f, c]) => `${Math.round((100 * c) / Math.max(1, inTask.length))}% ${f}`)
        .join('\n      ');
    console.log(
      `  ${task.afterMs}+${task.durationMs}: ${task.spentOn} (${inTask.length} samples)\n` +
        `    self:\n      ${top(self, 8)}\n    inclusive:\n      ${top(total, 25)}`,
    );
  }
}
await browser.close();
await new Promise((done) => server.httpServer.close(done));
