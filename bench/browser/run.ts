// Builds the benchmark page with Vite, serves it, and runs it in Debian's headless Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import type { BenchRow } from '../measure';
import type { BenchJob } from './worker';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/support/chromium';
import { CROSS_ORIGIN_ISOLATION } from '../../vite.config';

/** Runs `job` (the step benchmark when none) in the page's worker; returns its rows, if any. */
export async function runBrowserBench(
  log: (line: string) => void,
  job: BenchJob = {},
): Promise<BenchRow[]> {
  const root = resolve(import.meta.dirname);
  const outDir = mkdtempSync(join(tmpdir(), 'splittape-bench-'));
  await build({
    root,
    logLevel: 'warn',
    // The app's public files, so the worker fetches MNIST's digits from its origin as the app does.
    publicDir: resolve(root, '../../public'),
    build: { outDir, emptyOutDir: true, target: 'es2022' },
    worker: { format: 'es' },
  });
  const server = await preview({
    root,
    build: { outDir },
    // Isolated as the app is, so wasm loads its threaded build here too.
    preview: { port: 0, strictPort: false, headers: CROSS_ORIGIN_ISOLATION },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the preview server did not start');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => log(`[browser] ${message.text()}`));
    await page.goto(`${url}?job=${encodeURIComponent(JSON.stringify(job))}`);
    await page.waitForFunction(
      () => {
        const state = window as unknown as { benchRows?: unknown; benchError?: string };
        return state.benchRows !== undefined || state.benchError !== undefined;
      },
      undefined,
      { timeout: 15 * 60_000 },
    );
    const { rows, error } = await page.evaluate(() => {
      const state = window as unknown as { benchRows?: BenchRow[]; benchError?: string };
      return { rows: state.benchRows, error: state.benchError };
    });
    if (error) throw new Error(`browser benchmark failed: ${error}`);
    return rows ?? [];
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
