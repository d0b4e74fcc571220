// The page's main-thread tasks from a Chrome timeline trace (CDP `Tracing`). The `longtask`
// PerformanceObserver misses tasks that only style, lay out or paint, and Chrome's autofill
// tasks; the trace has every task the renderer's main thread ran, with what it spent time on.
import type { CDPSession, Page } from 'playwright-core';

/** One event of Chrome's trace format (the fields read here). */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds on the trace's clock. */
  ts: number;
  dur?: number;
  args?: {
    name?: string;
    data?: Record<string, unknown>;
    /** Where the task was posted from (`autofill_agent.cc`), on a task's events. */
    src_file?: string;
    src_func?: string;
  };
}

export interface TracedTask {
  /** From the page's navigation start. */
  afterMs: number;
  durationMs: number;
  /** The task's largest parts by name (`Layout 80`), to say what the time went on. */
  spentOn: string;
  /** Where Chrome posted the task from (`autofill_agent.cc:ExtractForms…`), when the trace says. */
  postedFrom?: string;
}

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink.user_timing',
  'v8.execute',
];
/** The names a task has in the trace, older and newer Chromes. */
const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);

/** Starts a trace of the page's browser; `stop` ends it and returns its events. */
export async function startTrace(
  page: Page,
  extraCategories: string[] = [],
): Promise<{ stop(): Promise<TraceEvent[]> }> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) =>
    events.push(...(value as unknown as TraceEvent[])),
  );
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: [...CATEGORIES, ...extraCategories],
      recordMode: 'recordAsMuchAsPossible',
    },
  });
  return {
    async stop() {
      const complete = new Promise<void>((done) =>
        session.once('Tracing.tracingComplete', () => done()),
      );
      await session.send('Tracing.end');
      await complete;
      await session.detach();
      return events;
    },
  };
}

/**
 * The tasks over `overMs` of the renderer main thread on which `mark` (a `performance.mark`)
 * was made, from the page's time origin to the mark; `markAtMs` is the mark's time on the page's
 * clock (`performance.getEntriesByName`), which sets the trace's clock against the page's. Null
 * when the mark is not in the trace.
 */
export function longTasksToMark(events: TraceEvent[], mark: string, markAtMs: number, overMs = 50) {
  const marked = events.find((e) => e.name === mark && e.cat?.includes('user_timing'));
  if (!marked) return null;
  const origin = marked.ts - markAtMs * 1000;
  const complete = events
    .filter(
      (e) => e.pid === marked.pid && e.tid === marked.tid && e.ph === 'X' && e.dur !== undefined,
    )
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks: TracedTask[] = [];
  let end = -Infinity;
  for (let i = 0; i < complete.length; i++) {
    const task = complete[i];
    // Only outermost tasks: a RunTask may hold another.
    if (!TASK_NAMES.has(task.name) || task.ts < end) continue;
    end = task.ts + task.dur!;
    if (task.ts < origin || task.ts > marked.ts || task.dur! <= overMs * 1000) continue;
    tasks.push({
      afterMs: Math.round((task.ts - origin) / 1000),
      durationMs: Math.round(task.dur! / 1000),
      spentOn: partsOf(complete, i),
      ...postedFrom(complete, i),
    });
  }
  return {
    untilMs: Math.round(markAtMs),
    longTasks: tasks.length,
    longestMs: Math.max(0, ...tasks.map((t) => t.durationMs)),
    /** The part of each task beyond `overMs` (Total Blocking Time's definition), summed. */
    blockedMs: tasks.reduce((sum, t) => sum + t.durationMs - overMs, 0),
    tasks,
  };
}

/** The events one level inside the event at `index` of `sorted` (by start, longest first). */
function childrenOf(sorted: TraceEvent[], index: number): number[] {
  const end = sorted[index].ts + sorted[index].dur!;
  const children: number[] = [];
  let childEnd = -Infinity;
  for (let i = index + 1; i < sorted.length && sorted[i].ts < end; i++) {
    if (sorted[i].ts < childEnd) continue;
    childEnd = sorted[i].ts + sorted[i].dur!;
    children.push(i);
  }
  return children;
}

/**
 * What the task at `index` spent its time on: through the wrappers (a part that is nearly all of
 * its parent and whose own parts account for it, such as a mojo message around a script call),
 * then its parts summed by name,
 * largest first: `SimpleWatcher::OnHandleReady > FunctionCall(x app.js) > Layout 80, …`.
 */
function partsOf(sorted: TraceEvent[], index: number): string {
  const path: string[] = [];
  let at = index;
  let children = childrenOf(sorted, at);
  for (;;) {
    const biggest = children.find((i) => sorted[i].dur! >= 0.8 * sorted[at].dur!);
    if (biggest === undefined) break;
    const inner = childrenOf(sorted, biggest);
    // Into a part only if its own parts say where most of its time went.
    if (inner.reduce((sum, i) => sum + sorted[i].dur!, 0) < 0.5 * sorted[biggest].dur!) break;
    if (!TASK_NAMES.has(sorted[biggest].name)) path.push(labelOf(sorted[biggest]));
    at = biggest;
    children = inner;
  }
  const byName = new Map<string, number>();
  for (const i of children)
    byName.set(labelOf(sorted[i]), (byName.get(labelOf(sorted[i])) ?? 0) + sorted[i].dur!);
  const parts = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .filter(([, us]) => us >= 1000)
    .map(([name, us]) => `${name} ${Math.round(us / 1000)}`)
    .join(', ');
  return [...path, parts].join(' > ');
}

/** The task's (or the task it wraps) posting place: file name and function. */
function postedFrom(sorted: TraceEvent[], index: number): { postedFrom?: string } {
  const end = sorted[index].ts + sorted[index].dur!;
  for (let i = index; i < sorted.length && sorted[i].ts < end; i++) {
    const { src_file: file, src_func: func } = sorted[i].args ?? {};
    if (TASK_NAMES.has(sorted[i].name) && file)
      return { postedFrom: `${file.split('/').pop()}:${func ?? ''}` };
  }
  return {};
}

/** An event's name, with the script file for script evaluation and function calls. */
function labelOf(event: TraceEvent): string {
  const data = event.args?.data;
  const url = typeof data?.url === 'string' ? data.url : undefined;
  const file = url?.split('/').pop();
  const fn = typeof data?.functionName === 'string' ? data.functionName : undefined;
  if (file) return `${event.name}(${fn ? `${fn} ` : ''}${file})`;
  return event.name;
}
