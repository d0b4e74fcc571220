// Your own images in the notebook end to end: the built app served by `vite preview`, driven in
// Debian's headless Chromium. Real PNG and JPEG files are drawn in the page (OffscreenCanvas,
// two learnable classes: bright top half against bright left half, 40×40 and 64×48), written to
// a temporary folder beside three bad files (text renamed .jpg, a zero-byte .png, a 5000×5000
// PNG), and picked with the zones' file inputs. The good ones are kept, the bad ones listed with
// their reasons, seed-toy trains on the rest, and no request carries a byte or a name of them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveBuiltApp, type BuiltApp } from '../support/builtApp';
import { CHROMIUM_ARGS, chromiumPath } from '../support/chromium';
import { describeInChromium } from '../support/describeInChromium';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'artifacts');

interface Drawn {
  name: string;
  bytes: number[];
}

/**
 * Draws the test's images in the page and returns their encoded bytes: 12 PNGs of class A (the
 * top half bright), 12 JPEGs of class B (the left half bright), in varied colours and two sizes,
 * and one 5000×5000 PNG of a single colour (small as a file, over the pixel limit decoded).
 */
const drawImages = (page: Page) =>
  page.evaluate(async () => {
    const encode = async (canvas: OffscreenCanvas, type: string) =>
      Array.from(new Uint8Array(await (await canvas.convertToBlob({ type })).arrayBuffer()));
    const draw = async (k: number, i: number) => {
      const [w, h] = i % 3 === 0 ? [64, 48] : [40, 40];
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d')!;
      const hue = (i * 47) % 360;
      context.fillStyle = `hsl(${hue}, 40%, 12%)`;
      context.fillRect(0, 0, w, h);
      context.fillStyle = `hsl(${hue}, 70%, 80%)`;
      if (k === 0) context.fillRect(0, 0, w, h / 2);
      else context.fillRect(0, 0, w / 2, h);
      return k === 0
        ? { name: `top-${i}.png`, bytes: await encode(canvas, 'image/png') }
        : { name: `left-${i}.jpg`, bytes: await encode(canvas, 'image/jpeg') };
    };
    const classes: Drawn[][] = [[], []];
    for (const k of [0, 1]) for (let i = 0; i < 12; i++) classes[k].push(await draw(k, i));
    const huge = new OffscreenCanvas(5000, 5000);
    const context = huge.getContext('2d')!;
    context.fillStyle = '#3a7';
    context.fillRect(0, 0, 5000, 5000);
    return { classes, huge: { name: 'huge.png', bytes: await encode(huge, 'image/png') } };
  });

/** Sets the Steps field, clicks Train and waits until the run has taken every step. */
async function train(page: Page, steps: number) {
  await page.locator('#train').evaluate((cell) => cell.scrollIntoView({ block: 'start' }));
  await page.getByLabel('Steps', { exact: true }).fill(String(steps));
  await page.getByRole('button', { name: `Train ${steps} steps` }).click();
  await page.waitForSelector(`.training-progress[data-state="idle"][data-steps="${steps}"]`, {
    timeout: 300_000,
  });
  await page.waitForSelector(`.held-out-summary[data-step="${steps}"]`, { timeout: 10_000 });
}

const zone = (k: 0 | 1) => `#data .image-class[data-class-index="${k}"]`;

describeInChromium('your own images in Chromium', () => {
  let server: BuiltApp | undefined;
  let browser: Browser;
  let page: Page;
  let folder = '';
  const pageErrors: string[] = [];
  const requests: { url: string; method: string; postData: string | null; afterLoad: boolean }[] =
    [];
  let isLoaded = false;

  beforeAll(async () => {
    server = await serveBuiltApp();
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    // The context sees the worker's requests too, not only the page's.
    context.on('request', (request) =>
      requests.push({
        url: request.url(),
        method: request.method(),
        postData: request.postData(),
        afterLoad: isLoaded,
      }),
    );
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    folder = mkdtempSync(join(tmpdir(), 'splittape-images-'));
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps the good images, lists the bad ones with reasons, trains, and sends none of them anywhere', async () => {
    await page.waitForSelector('#data .thumbnails canvas', { timeout: 120_000 });
    // The worker's backend is up once the first comparison is on screen: from here on only the
    // app's own chunks may still come (charts load on demand), and nothing may name an image.
    // (Not 'networkidle': chunks preloaded while the page is idle can keep it from settling.)
    await page.waitForSelector('.gradient-tables', { timeout: 120_000 });
    isLoaded = true;
    await page.getByLabel('Dataset', { exact: true }).selectOption('images');
    // No images yet: the Data cell asks for them in words.
    await page.waitForFunction(
      () =>
        document
          .querySelector('#data [role="alert"]')
          ?.textContent?.includes('no images of your own'),
      undefined,
      { timeout: 60_000 },
    );
    await page.getByLabel('Class A (label 0)').fill('top');
    await page.getByLabel('Class A (label 0)').press('Enter');
    await page.getByLabel('Class B (label 1)').fill('left');
    await page.getByLabel('Class B (label 1)').press('Enter');

    const { classes, huge } = await drawImages(page);
    const write = (name: string, bytes: Uint8Array | string) => {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      return path;
    };
    const classA = classes[0].map((f) => write(f.name, Uint8Array.from(f.bytes)));
    const classB = classes[1].map((f) => write(f.name, Uint8Array.from(f.bytes)));
    const bad = write('bad.jpg', 'notes.txt: these are notes, not a picture\n');
    const empty = write('empty.png', new Uint8Array(0));
    const hugePath = write(huge.name, Uint8Array.from(huge.bytes));
    expect(huge.bytes.length).toBeLessThan(1024 * 1024);

    await page.setInputFiles(`${zone(0)} input[type="file"][accept="image/*"]`, [
      ...classA.slice(0, 6),
      bad,
      ...classA.slice(6),
      empty,
    ]);
    await page.setInputFiles(`${zone(1)} input[type="file"][accept="image/*"]`, [
      hugePath,
      ...classB,
    ]);
    await page.waitForSelector(`${zone(0)} .image-count[data-count="12"]`, { timeout: 60_000 });
    await page.waitForSelector(`${zone(1)} .image-count[data-count="12"]`, { timeout: 60_000 });
    const rejected = await page.$$eval('#data .image-rejected li', (items) =>
      items.map((li) => li.textContent),
    );
    expect(rejected).toHaveLength(3);
    expect(rejected[0]).toMatch(/^bad\.jpg: not an image this browser can decode \(.+\)$/);
    expect(rejected[1]).toBe('empty.png: empty file (0 bytes)');
    expect(rejected[2]).toBe(
      'huge.png: 5000 × 5000 pixels (25.0 megapixels) is over the limit of 4096 × 4096 (16.8 megapixels)',
    );

    // The session is rebuilt on the images: 10 + 10 train, 2 + 2 are held out.
    await page.waitForFunction(
      () =>
        document.querySelector('#data .data-description')?.textContent?.includes('of your images'),
      undefined,
      { timeout: 120_000 },
    );
    expect(await page.$('#data [role="alert"]')).toBeNull();
    expect(await page.textContent('#data .class-balance-summary')).toBe(
      'training: 10 / 10 · held out: 2 / 2',
    );
    const captions = await page.$$eval('#data .thumbnail figcaption', (f) =>
      f.map((e) => e.textContent),
    );
    expect(captions.length).toBe(16);
    expect(new Set(captions)).toEqual(new Set(['top', 'left']));
    const description = await page.textContent('#data .data-description');
    expect(description).toMatch(/resized \(bilinear\) to 10×10 for seed-toy, as luminance/);
    await page.locator('#data').screenshot({ path: join(ARTIFACTS, 'own-images.png') });

    await train(page, 30);
    const accuracies = await page.$$eval('.held-out-summary [data-twin]', (spans) =>
      spans.map((s) => Number(s.getAttribute('data-accuracy'))),
    );
    console.log(`held-out accuracy after 30 steps of seed-toy on your images: ${accuracies}`);
    expect(accuracies.length).toBeGreaterThanOrEqual(2);
    expect(accuracies.every((a) => a >= 0 && a <= 1)).toBe(true);

    // Dropped on a zone (a synthetic drop: its items carry no file-system entries, so the
    // zone takes the drop's file list) the files go the same way.
    await page.evaluate(
      async (selector) => {
        const canvas = new OffscreenCanvas(40, 40);
        const context = canvas.getContext('2d')!;
        context.fillStyle = '#eee';
        context.fillRect(0, 0, 40, 20);
        const blob = await canvas.convertToBlob({ type: 'image/png' });
        const transfer = new DataTransfer();
        transfer.items.add(new File([blob], 'dropped-top.png', { type: 'image/png' }));
        const zone = document.querySelector(selector)!;
        zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true }));
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
      },
      `${zone(0)} .image-drop`,
    );
    await page.waitForSelector(`${zone(0)} .image-count[data-count="13"]`, { timeout: 60_000 });
    await page.waitForFunction(
      () =>
        document.querySelector('#data .class-balance-summary')?.textContent ===
        'training: 10 / 10 · held out: 3 / 2',
      undefined,
      { timeout: 120_000 },
    );
    await page.getByRole('button', { name: /Large text/ }).click();
    await page.waitForTimeout(300);
    await page
      .locator('#data .own-images')
      .screenshot({ path: join(ARTIFACTS, 'own-images-large.png') });
    await page.getByRole('button', { name: /Normal text/ }).click();

    // Not in the autosave either: the class names are, the files are not.
    const saved = await page.evaluate(() => localStorage.getItem('splittape.autosave') ?? '');
    expect(saved).toMatch(/"kind": "images"/);
    expect(saved).toMatch(/"top"/);
    for (const name of ['top-0.png', 'left-0.jpg', 'bad.jpg', 'huge.png', 'dropped-top.png'])
      expect(saved).not.toContain(name);

    // Every request, page and worker: GETs of the app's own files, none with a body, none after
    // the page had loaded that names an image; no request at all beyond the app's origin.
    const origin = server!.origin;
    for (const request of requests) {
      expect(request.method).toBe('GET');
      expect(request.postData).toBeNull();
      const isOwn =
        request.url.startsWith(origin) ||
        request.url.startsWith('data:') ||
        request.url.startsWith('blob:');
      expect(isOwn, request.url).toBe(true);
      expect(request.url).not.toMatch(/top-\d|left-\d|bad\.jpg|empty\.png|huge\.png|dropped/);
    }
    const later = requests.filter((r) => r.afterLoad && !r.url.startsWith('data:'));
    console.log(`requests after load: ${later.map((r) => r.url).join(', ') || 'none'}`);
    for (const request of later)
      expect(new URL(request.url).pathname).toMatch(/^\/(assets|mnist)\//);

    // A model that cannot take images is explained in the Data cell, with a preset that fits.
    await page.locator('#data').evaluate((cell) => cell.scrollIntoView({ block: 'start' }));
    await page.getByLabel('preset', { exact: true }).selectOption('colab-mlp');
    await page.getByRole('button', { name: 'use seed-cnn' }).waitFor({ timeout: 60_000 });
    expect(await page.textContent('#data [role="alert"]')).toMatch(
      /^your images are pictures, but colab-mlp takes \[4\]: it needs an image input/,
    );
    expect(await page.textContent('#data .data-stale')).toMatch(/still uses the data it had/);
    await page.getByLabel('preset', { exact: true }).selectOption('seed-toy');
    await page.waitForFunction(() => !document.querySelector('#data [role="alert"]'), undefined, {
      timeout: 60_000,
    });
    expect(pageErrors).toEqual([]);
  });

  it('after a reload the Data cell asks for the images again and keeps the class names', async () => {
    await page.reload();
    // Chromium restores the scroll position, and a cell off screen is not laid out
    // (content-visibility: auto), so its contents count as hidden until scrolled to, as a reader would.
    await page.locator('#data').scrollIntoViewIfNeeded({ timeout: 60_000 });
    await page.waitForSelector(`${zone(0)} .image-count[data-count="0"]`, { timeout: 60_000 });
    await page.waitForFunction(
      () =>
        document
          .querySelector('#data [role="alert"]')
          ?.textContent?.includes('no images of your own'),
      undefined,
      { timeout: 60_000 },
    );
    expect(await page.inputValue('#data input[type="text"] >> nth=0')).toBe('top');
    expect(await page.inputValue('#data input[type="text"] >> nth=1')).toBe('left');
    await page.locator('#data').screenshot({ path: join(ARTIFACTS, 'own-images-reload.png') });
    expect(pageErrors).toEqual([]);
  });
});
