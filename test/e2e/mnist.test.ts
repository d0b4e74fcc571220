// MNIST in the notebook end to end: the built app served by `vite preview`, driven in Debian's
// headless Chromium. Picks the digits 3 vs 8 with seed-cnn-28, trains 30 steps and reads each
// twin's held-out accuracy; then all ten digits, where the seed toy does not fit and the Data
// cell's one-click preset does, and the confusion matrices in large text. Screenshots of the
// Data and Train cells go under artifacts/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveBuiltApp, type BuiltApp } from '../support/builtApp';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { describeInChromium } from '../support/describeInChromium';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'artifacts');

/** Each twin's latest held-out accuracy, as the Train cell states it. */
const heldOutAccuracies = (page: Page) =>
  page.$$eval('.held-out-summary [data-twin]', (spans) =>
    Object.fromEntries(
      spans.map((s) => [s.getAttribute('data-twin'), Number(s.getAttribute('data-accuracy'))]),
    ),
  );

/** Sets the Steps field, clicks Train and waits until the run has taken every step. */
async function train(page: Page, steps: number) {
  await page.locator('#train').evaluate((cell) => cell.scrollIntoView({ block: 'start' }));
  await page.getByLabel('Steps', { exact: true }).fill(String(steps));
  await page.getByRole('button', { name: `Train ${steps} steps` }).click();
  await page.waitForSelector(`.training-progress[data-state="idle"][data-steps="${steps}"]`, {
    timeout: 300_000,
  });
  // The held-out views follow the records at most five times a second.
  await page.waitForSelector(`.held-out-summary[data-step="${steps}"]`, { timeout: 10_000 });
}

describeInChromium('MNIST in Chromium', () => {
  let server: BuiltApp | undefined;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    server = await serveBuiltApp();
    const { url } = server;
    const { origin } = server;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    context.on('request', (request) => {
      const at = request.url();
      if (!at.startsWith(origin) && !at.startsWith('data:') && !at.startsWith('blob:'))
        foreign.push(at);
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains seed-cnn-28 on 3 vs 8: both twins above 50 % held out, and equal', async () => {
    await page.waitForSelector('#data .thumbnails canvas', { timeout: 120_000 });
    // The default: the seed's random batch, nothing held out.
    await page.locator('#data').screenshot({ path: join(ARTIFACTS, 'data-seed-batch.png') });
    await page.getByLabel('Dataset', { exact: true }).selectOption('mnist-pair');
    await page.getByLabel('preset', { exact: true }).selectOption('seed-cnn-28');
    await page.waitForFunction(
      () => document.querySelector('#data .data-description')?.textContent?.includes('MNIST'),
      undefined,
      { timeout: 120_000 },
    );
    expect(await page.inputValue('#data select >> nth=1')).toBe('3');
    expect(await page.inputValue('#data select >> nth=2')).toBe('8');
    const captions = await page.$$eval('#data .thumbnail figcaption', (f) =>
      f.map((e) => e.textContent),
    );
    expect(captions.length).toBeGreaterThan(0);
    expect(captions.every((c) => c === '3' || c === '8')).toBe(true);
    await page.locator('#data').screenshot({ path: join(ARTIFACTS, 'mnist-data.png') });

    await train(page, 30);
    const accuracy = await heldOutAccuracies(page);
    console.log(
      `held-out accuracy after 30 steps of seed-cnn-28 on 3 vs 8: ${JSON.stringify(accuracy)}`,
    );
    expect(accuracy.reference).toBeGreaterThan(0.5);
    expect(accuracy.vjp).toBe(accuracy.reference);
    const legend = await page.$$eval('[data-chart="accuracy"] .step-legend li', (items) =>
      items.map((li) => li.getAttribute('data-points')),
    );
    expect(legend.slice(0, 2)).toEqual(['3', '3']);
    const mistakes = await page.$$eval('.held-out-twin[data-twin="reference"] .mistakes li', (m) =>
      m.map((li) => [li.getAttribute('data-label'), li.getAttribute('data-predicted')]),
    );
    for (const [label, predicted] of mistakes) expect(label).not.toBe(predicted);
    await page.locator('#train').screenshot({ path: join(ARTIFACTS, 'mnist-train.png') });
  });

  it('all ten digits: the binary model does not fit, one click brings the ten-way preset, and its confusion matrices read in large text', async () => {
    await page.locator('#data').evaluate((cell) => cell.scrollIntoView({ block: 'start' }));
    await page.getByLabel('Dataset', { exact: true }).selectOption('mnist-all');
    const fix = page.getByRole('button', { name: 'use seed-cnn-28-digits' });
    await fix.waitFor({ timeout: 60_000 });
    expect(await page.textContent('#data [role="alert"]')).toMatch(/10 softmax units/);
    await page.locator('#data').screenshot({ path: join(ARTIFACTS, 'mnist-data-mismatch.png') });
    await fix.click();
    await page.waitForFunction(
      () => document.querySelector('#data .data-description')?.textContent?.includes('all ten'),
      undefined,
      { timeout: 120_000 },
    );
    expect(await page.$('#data [role="alert"]')).toBeNull();
    await train(page, 10);
    const rows = await page.$$eval(
      '.held-out-twin[data-twin="reference"] table.confusion-matrix tr',
      (r) => r.length,
    );
    expect(rows).toBe(11);
    await page.getByRole('button', { name: /Large text/ }).click();
    await page.waitForTimeout(500);
    await page
      .locator('.held-out-twin[data-twin="reference"]')
      .screenshot({ path: join(ARTIFACTS, 'mnist-confusion-large.png') });
    await page.getByRole('button', { name: /Normal text/ }).click();
    expect(pageErrors).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
