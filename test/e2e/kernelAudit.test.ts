// The kernel audit in headless Chromium: the audit page (test/e2e/audit/) built by Vite, served
// by `vite preview`, and run on wasm and on webgl (SwiftShader). Every case must agree with
// float64 central differences, and with tfjs's stock pooling kernels put back the audit must
// flag exactly the cases they get wrong. Results go to artifacts/kernel-audit.json.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUDIT_CASES, type AuditReport } from '../../src/core/audit';
import type { BackendName } from '../../src/core/backends/select';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { describeInChromium } from '../support/describeInChromium';
import { recordAudit } from './audit/artifact';
import type { AuditPage, PageRunOptions } from './audit/main';
import { OURS_WRONG, STOCK_WRONG } from './audit/expectedFlags';

const PAGE_ROOT = resolve(import.meta.dirname, 'audit');
const isCi = process.env.CI === 'true';
/** SwiftShader: WebGL rendered in software, the only WebGL a GPU-less machine has. */
const WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

const flagged = (report: AuditReport) => report.cases.filter((c) => !c.agrees).map((c) => c.name);

describeInChromium('the kernel audit in Chromium', () => {
  let server: PreviewServer;
  let browser: Browser;
  let url: string;
  const pages = new Map<BackendName, Page>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'splittape-audit-'));
    await build({
      root: PAGE_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
    });
    server = await preview({
      root: PAGE_ROOT,
      configFile: false,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const local = server.resolvedUrls?.local[0];
    if (!local) throw new Error('vite preview did not report a URL');
    url = local;
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS, ...WEBGL_ARGS],
    });
  });

  /**
   * A page of its own per backend: tfjs-layers keeps the epsilon of the first backend that asks
   * (the losses' clipping bound), so a webgl audit must not follow a wasm one in the same page.
   */
  async function pageFor(backend: BackendName): Promise<Page> {
    const existing = pages.get(backend);
    if (existing) return existing;
    const page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${backend}: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => 'kernelAudit' in window, undefined, { timeout: 60_000 });
    pages.set(backend, page);
    return page;
  }

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise<void>((done) => server.httpServer.close(() => done()));
  });

  const runAudit = async (backend: BackendName, options: PageRunOptions) =>
    (await pageFor(backend)).evaluate(
      ([b, o]) => (window as unknown as { kernelAudit: AuditPage }).kernelAudit.run(b, o),
      [backend, options] as const,
    );

  it('wasm: every case agrees with float64 differences', async () => {
    const run = await runAudit('wasm', { stock: false });
    if (!run.ok) throw new Error(`the audit could not run on wasm: ${run.error}`);
    const { report } = run;
    console.log(
      `kernel audit, chromium wasm: ${report.cases.length} cases in ${Math.round(report.elapsedMs)} ms`,
    );
    recordAudit('chromium wasm', report);
    expect(report.backend).toBe('wasm');
    expect(report.cases).toHaveLength(AUDIT_CASES.length);
    expect(flagged(run.report)).toEqual(OURS_WRONG.wasm);
    expect(pageErrors).toEqual([]);
  });

  it("wasm: flags exactly the cases tfjs's stock pooling kernels get wrong", async () => {
    const run = await runAudit('wasm', { stock: true });
    if (!run.ok) throw new Error(`the audit could not run on wasm: ${run.error}`);
    console.log(
      `kernel audit, chromium wasm stock pool kernels: ${Math.round(run.report.elapsedMs)} ms`,
    );
    recordAudit('chromium wasm stock pool kernels', run.report);
    expect(flagged(run.report).sort()).toEqual([...STOCK_WRONG.wasm].sort());
  });

  /** Starts webgl for an audit; outside CI a webgl that cannot start skips with the reason. */
  async function runOnWebgl(options: PageRunOptions, skip: (note: string) => void) {
    const run = await runAudit('webgl', options);
    if (run.ok) return run;
    const message = `webgl could not start in headless Chromium (flags ${WEBGL_ARGS.join(' ')}): ${run.error}`;
    if (isCi) throw new Error(message);
    console.warn(message);
    skip(message);
    throw new Error(message);
  }

  it('webgl (float32 textures): every case agrees with float64 differences but tied max-pool windows', async (context) => {
    const { report, webgl } = await runOnWebgl({ stock: false }, (note) => context.skip(note));
    console.log(
      `kernel audit, chromium webgl (${webgl?.renderer}, WebGL ${webgl?.version}, float32 ${webgl?.float32}, ` +
        `epsilon ${report.epsilon}): ${report.cases.length} cases in ${Math.round(report.elapsedMs)} ms`,
    );
    recordAudit('chromium webgl', report, { webgl });
    expect(report.backend).toBe('webgl');
    expect(report.cases.every((c) => c.backend === 'webgl')).toBe(true);
    // With float32 textures the 1e-4 tolerance holds; half-float textures would need their own.
    expect(webgl?.float32).toBe(true);
    // tfjs 4.22's webgl floatPrecision() answers 16 exactly when float32 rendering is enabled
    // (its test is inverted), so its epsilon() is 1e-4 rather than 1e-7.
    expect([report.floatPrecision, report.epsilon]).toEqual([16, 1e-4]);
    expect(report.cases).toHaveLength(AUDIT_CASES.length);
    expect(flagged(report).sort()).toEqual([...OURS_WRONG.webgl].sort());
  });

  it("webgl: flags exactly the pooling cases tfjs's stock kernels get wrong", async (context) => {
    const names = AUDIT_CASES.filter((c) => c.layer.type.endsWith('Pooling2d')).map((c) => c.name);
    const { report } = await runOnWebgl({ stock: true, names }, (note) => context.skip(note));
    console.log(
      `kernel audit, chromium webgl stock pool kernels: ${report.cases.length} cases in ${Math.round(report.elapsedMs)} ms`,
    );
    recordAudit('chromium webgl stock pool kernels', report);
    expect(report.backend).toBe('webgl');
    expect(flagged(report).sort()).toEqual([...STOCK_WRONG.webgl].sort());
  });
});
