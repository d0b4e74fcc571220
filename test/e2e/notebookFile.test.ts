// Save, load, keep and export, end to end in headless Chromium against the built app: change the
// cuts and the learning rate, train, save the notebook with its trained weights, load it into a
// fresh page (same cuts, the same curves read back as CSV, and one more step there is the step
// the first page takes next), refuse a hostile file, survive a reload through the autosave, and
// download every kind of export with its content type and real contents.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveBuiltApp, type BuiltApp } from '../support/builtApp';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { describeInChromium } from '../support/describeInChromium';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'artifacts');

interface ExportWindow {
  exports: { type: string; size: number }[];
}

/** Runs before any page script: notes the type and size of every blob handed to a download. */
function recordBlobs() {
  const target = window as unknown as ExportWindow;
  target.exports = [];
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob | MediaSource) => {
    if (object instanceof Blob) target.exports.push({ type: object.type, size: object.size });
    return create(object);
  };
}

/** Clicks, takes the download, and returns its name, bytes and the blob type the page gave it. */
async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  const blob = await page.evaluate(() => (window as unknown as ExportWindow).exports.at(-1)!);
  return { name: file.suggestedFilename(), bytes: readFileSync(path!), type: blob.type };
}

const cutsOf = (page: Page) => page.getAttribute('.gradient-tables', 'data-cuts');

const trainingCsv = async (page: Page) =>
  (
    await download(page, () => page.getByRole('button', { name: 'Training curves (CSV)' }).click())
  ).bytes.toString('utf8');

describeInChromium('the notebook file in Chromium', () => {
  let server: BuiltApp | undefined;
  let browser: Browser;
  let url: string;
  const pageErrors: string[] = [];
  const newPage = async (context?: BrowserContext) => {
    const ctx =
      context ??
      (await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true }));
    const page = await ctx.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.addInitScript(recordBlobs);
    return page;
  };
  let first: Page;
  let second: Page;
  let savedPath: string;
  let curves: string;
  /** The first page's curves after its sixth step (its own timings). */
  let firstCurves: string;

  beforeAll(async () => {
    server = await serveBuiltApp();
    url = server.url;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('saves a notebook with new cuts, a new learning rate and five trained steps', async () => {
    first = await newPage();
    await first.goto(url);
    await first.waitForSelector('.gradient-tables[data-cuts="0,1"] table[data-method="vjp"]', {
      timeout: 120_000,
    });
    // Remove the cut after layer 1 with the keyboard: cuts [0, 1] → [0].
    await first.getByRole('slider', { name: /^cut after layer 1 / }).press('Delete');
    await first.waitForSelector('.gradient-tables[data-cuts="0"]', { timeout: 60_000 });
    const rate = first.getByLabel('Learning rate', { exact: true });
    await rate.fill('0.05');
    await rate.press('Tab');
    await first.waitForFunction(() =>
      decodeURIComponent(location.hash).includes('"learningRate":0.05'),
    );
    await first.waitForSelector('.gradient-tables[data-cuts="0"] table[data-method="vjp"]', {
      timeout: 120_000,
    });
    await first.getByLabel('Steps', { exact: true }).fill('5');
    await first.getByRole('button', { name: 'Train 5 steps' }).click();
    await first.waitForSelector('.training-progress[data-state="idle"][data-steps="5"]', {
      timeout: 120_000,
    });
    curves = await trainingCsv(first);
    expect(curves.trim().split('\r\n')).toHaveLength(6);

    const saved = await download(first, () =>
      first.getByRole('button', { name: 'Save notebook' }).click(),
    );
    expect(saved.type).toBe('application/json');
    expect(saved.name).toMatch(/^splittape-seed-toy-\d{4}-\d\d-\d\d\.json$/);
    const file = JSON.parse(saved.bytes.toString('utf8'));
    expect(file).toMatchObject({ format: 'splittape-notebook', version: 1, cuts: [0] });
    expect(file.hyper.learningRate).toBe(0.05);
    expect(file.records.map((r: { step: number }) => r.step)).toEqual([0, 1, 2, 3, 4]);
    expect(file.report.cuts).toEqual([0]);
    expect(file.weights.step).toBe(5);
    expect(file.weights.encoding).toBe('float32-le-base64');
    expect(Object.keys(file.weights.twins)).toEqual(['reference', 'vjp', 'naive']);
    savedPath = join(mkdtempSync(join(tmpdir(), 'splittape-saved-')), saved.name);
    writeFileSync(savedPath, saved.bytes);
  });

  it('loads it into a fresh page: the same cuts, learning rate, curves and table', async () => {
    second = await newPage();
    await second.goto(url);
    await second.waitForSelector('.gradient-tables[data-cuts="0,1"]', { timeout: 120_000 });
    await second.getByTestId('notebook-file-input').setInputFiles(savedPath);
    await second.waitForSelector('.gradient-tables[data-cuts="0"]', { timeout: 60_000 });
    expect(await second.getByRole('status').textContent()).toMatch(
      /^Loaded splittape-seed-toy-.*: seed-toy, cuts \[0\], 5 training steps, the gradient report\./,
    );
    expect(await second.getByLabel('Learning rate', { exact: true }).inputValue()).toBe('0.05');
    await second.waitForSelector('.training-progress[data-steps="5"]');
    expect(await trainingCsv(second)).toBe(curves);
    await second.waitForSelector('.gradient-tables[data-cuts="0"] table[data-method="vjp"]');
    expect(await second.getByRole('status').textContent()).toMatch(
      /Trained weights at step 5: training goes on from there\.$/,
    );
  });

  it('one more step on the loaded page is the step the saved page takes next', async () => {
    const stepOnce = async (page: Page) => {
      await page.getByLabel('Steps', { exact: true }).fill('1');
      await page.getByRole('button', { name: /^Train 1 steps?$/ }).click();
      await page.waitForSelector('.training-progress[data-state="idle"][data-steps="6"]', {
        timeout: 120_000,
      });
      return (await trainingCsv(page)).trim().split('\r\n');
    };
    const [a, b] = [await stepOnce(first), await stepOnce(second)];
    expect(a).toHaveLength(7);
    // Step 5's losses, accuracies and weight differences; timings (the last columns) differ.
    const header = a[0].split(',');
    const kept = header.map((name, i) => (/time|ms/i.test(name) ? -1 : i)).filter((i) => i >= 0);
    const row = (line: string) => kept.map((i) => line.split(',')[i]);
    expect(b.slice(1).map(row)).toEqual(a.slice(1).map(row));
    firstCurves = await trainingCsv(first);
    curves = await trainingCsv(second);
  });

  it('refuses a hostile file with its message and keeps the notebook', async () => {
    const hostile = readFileSync(savedPath, 'utf8').replace(
      '"hyper": {',
      '"hyper": {"__proto__": {"polluted": true}, ',
    );
    await second.getByTestId('notebook-file-input').setInputFiles({
      name: 'hostile.json',
      mimeType: 'application/json',
      buffer: Buffer.from(hostile),
    });
    const alert = second.locator('[data-testid="notebook-file-message"][role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toBe(
      "Could not load hostile.json: hyper.__proto__: the key '__proto__' is not allowed in a notebook file. The notebook is unchanged.",
    );
    await second.getByTestId('notebook-file-input').setInputFiles({
      name: 'newer.json',
      mimeType: 'application/json',
      buffer: Buffer.from(readFileSync(savedPath, 'utf8').replace('"version": 1', '"version": 3')),
    });
    await second.waitForFunction(() =>
      document
        .querySelector('[data-testid="notebook-file-message"]')
        ?.textContent?.includes('newer'),
    );
    expect(await alert.textContent()).toMatch(
      /saved by a newer SplitTape \(format 3\); this page reads format 1/,
    );
    expect(await cutsOf(second)).toBe('0');
    expect(await second.evaluate(() => ({}) as Record<string, unknown>)).toEqual({});
    expect(await second.evaluate(() => 'polluted' in {})).toBe(false);
  });

  it('keeps the notebook through a reload, and without the hash through the autosave', async () => {
    await second.waitForTimeout(1500); // the autosave writes a second after the last change
    await second.reload();
    await second.waitForSelector('.gradient-tables[data-cuts="0"]', { timeout: 120_000 });
    await second.waitForSelector('.training-progress[data-steps="6"]');
    expect(await trainingCsv(second)).toBe(curves);
    await second.goto(url.replace(/#.*$/, '') + '?fresh');
    await second.waitForSelector('.gradient-tables[data-cuts="0"]', { timeout: 120_000 });
    expect(await second.getByLabel('Learning rate', { exact: true }).inputValue()).toBe('0.05');
  });

  it('keeps a change made just before a reload, before the URL showed it', async () => {
    const rate = second.getByLabel('Learning rate', { exact: true });
    // The change and the reload in one task of the page: the reload begins before React has even
    // drawn the change, so the URL it opens cannot show it, however busy the machine. The
    // page's delayed write of the hash may still run while the server answers the reload.
    const loaded = second.waitForEvent('load');
    const opened = await rate.evaluate((input: HTMLInputElement) => {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(input, '0.02');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const hash = location.hash;
      location.reload();
      return decodeURIComponent(hash);
    });
    expect(opened).toContain('"learningRate":0.05');
    await loaded;
    await second.waitForSelector('.gradient-tables[data-cuts="0"]', { timeout: 120_000 });
    expect(await rate.inputValue()).toBe('0.02');
    // A different link in the same tab is not overruled by what the tab handed over.
    await second.evaluate(() => {
      const link = decodeURIComponent(location.hash.slice(1)).replace(
        '"learningRate":0.02',
        '"learningRate":0.03',
      );
      location.hash = encodeURIComponent(link);
    });
    await second.reload();
    await second.waitForSelector('.gradient-tables[data-cuts="0"]', { timeout: 120_000 });
    expect(await rate.inputValue()).toBe('0.03');
  });

  it('exports charts as PNG and SVG, and the table and curves as CSV', async () => {
    const page = first;
    const norms = page.locator('[data-chart="norms"]');
    await norms.scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-chart="norms"] .recharts-wrapper > svg', { timeout: 60_000 });
    await norms.locator('summary', { hasText: 'Export' }).click();
    const svg = await download(page, () => norms.getByRole('button', { name: 'SVG' }).click());
    expect(svg.type).toBe('image/svg+xml');
    expect(svg.name).toBe('splittape-norms.svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
    expect(svgText).toContain('fill:');
    expect(svgText).toContain('vjp (chained)');
    const png = await download(page, () => norms.getByRole('button', { name: 'PNG' }).click());
    expect(png.type).toBe('image/png');
    expect(png.bytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    // PNG width and height (IHDR) are twice the chart's CSS size.
    const box = (await page.locator('[data-chart="norms"] .chart-canvas').boundingBox())!;
    expect(png.bytes.readUInt32BE(16)).toBe(Math.round(box.width * 2));

    // The live training chart: whatever it draws with, PNG works; SVG only for an SVG chart.
    const loss = page.locator('[data-chart="loss"]');
    await loss.scrollIntoViewIfNeeded();
    await loss.locator('summary', { hasText: 'Export' }).click();
    const lossPng = await download(page, () => loss.getByRole('button', { name: 'PNG' }).click());
    expect(lossPng.type).toBe('image/png');
    expect(lossPng.bytes.length).toBeGreaterThan(1000);
    // For a person to look at: the exports as they leave the page.
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'export-norms.svg'), svg.bytes);
    writeFileSync(join(ARTIFACTS, 'export-norms.png'), png.bytes);
    writeFileSync(join(ARTIFACTS, 'export-loss.png'), lossPng.bytes);
    const isCanvas = (await loss.locator('canvas').count()) > 0;
    expect(await loss.getByRole('button', { name: 'SVG' }).isDisabled()).toBe(isCanvas);

    const table = await download(page, () =>
      page.getByRole('button', { name: 'Gradient table (CSV)' }).click(),
    );
    expect(table.type).toBe('text/csv');
    const lines = table.bytes.toString('utf8').trim().split('\r\n');
    expect(lines[0]).toMatch(/^method,tensor,what,shape,kind,max_abs_error/);
    expect(lines.filter((l) => l.startsWith('vjp,')).every((l) => l.includes(',True,'))).toBe(true);
    const trained = await download(page, () =>
      page.getByRole('button', { name: 'Training curves (CSV)' }).click(),
    );
    expect(trained.type).toBe('text/csv');
    expect(trained.bytes.toString('utf8')).toBe(firstCurves);
    expect(pageErrors).toEqual([]);
  });
});
