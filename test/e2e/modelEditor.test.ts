// The Model cell in Chromium, where its layer cards are drawn a few per task while the page loads
// (src/ui/hooks/useCountInTurns.ts): every card arrives, a layer added by hand appears at once with
// its type field focused, and a preset with more layers than the last one arrives whole again.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PRESETS } from '../../src/core/presets';
import { describeInChromium } from '../support/describeInChromium';
import { openNotebookInChromium, type NotebookInChromium } from '../support/notebookInChromium';

const cards = (page: Page) => page.locator('#model .model-layer').count();
const cnnLayers = PRESETS['seed-cnn'].spec.layers.length;
const toyLayers = PRESETS['seed-toy'].spec.layers.length;

describeInChromium('the Model cell in Chromium', () => {
  let notebook: NotebookInChromium | undefined;
  let page: Page;

  beforeAll(async () => {
    notebook = await openNotebookInChromium({ width: 1366, height: 768 }, { preset: 'seed-cnn' });
    page = notebook.page;
  });

  afterAll(async () => {
    await notebook?.close();
  });

  it('draws every layer card of seed-cnn, in order', async () => {
    expect(cnnLayers).toBeGreaterThan(4);
    await page.waitForSelector(`#model [data-layer-card="${cnnLayers - 1}"]`, {
      state: 'attached',
      timeout: 60_000,
    });
    expect(await cards(page)).toBe(cnnLayers);
    const order = await page.$$eval('#model .model-layer', (items) =>
      items.map((item) => Number((item as HTMLElement).dataset.layerCard)),
    );
    expect(order).toEqual(Array.from({ length: cnnLayers }, (_, i) => i));
  });

  it('shows a layer added by hand at once, with its type field focused', async () => {
    const bar = page.getByRole('group', { name: 'add a layer' });
    await bar.scrollIntoViewIfNeeded();
    await bar.getByLabel('new layer').selectOption('dropout');
    await bar.getByRole('button', { name: 'Add layer' }).click();
    // In the click's own render: no task passes between the click and these checks' first try.
    await page.waitForSelector(`#model [data-layer-card="${cnnLayers}"]`, { timeout: 5_000 });
    expect(await cards(page)).toBe(cnnLayers + 1);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-focus-key'))).toBe(
      `layer-${cnnLayers}-type`,
    );
    expect(await page.inputValue(`#model [data-layer-card="${cnnLayers}"] select >> nth=0`)).toBe(
      'dropout',
    );
  });

  it('draws a preset with more layers whole after one with fewer', async () => {
    const preset = page.getByLabel('preset', { exact: true });
    await preset.scrollIntoViewIfNeeded();
    await preset.selectOption('seed-toy');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#model .model-layer').length === n,
      toyLayers,
    );
    await preset.selectOption('seed-cnn');
    await page.waitForFunction(
      (n) => document.querySelectorAll('#model .model-layer').length === n,
      cnnLayers,
      { timeout: 60_000 },
    );
    expect(notebook!.pageErrors).toEqual([]);
  });
});
