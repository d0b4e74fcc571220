// Presenter mode in the built app, in Debian's headless Chromium at a projector's 1280×720: the
// seed toy's step traced by the worker, every frame screenshotted to artifacts/presenter-NN.png
// for a person to look at, each frame fitting the screen, and Esc back to the notebook.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInChromium } from '../support/describeInChromium';
import { openNotebookInChromium, type NotebookInChromium } from '../support/notebookInChromium';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'artifacts');

/** What overflows in the current frame: the detail area or the page, in CSS pixels. */
const overflowOf = (page: Page) =>
  page.evaluate(() => {
    const detail = document.querySelector('.presenter-detail')!;
    const root = document.querySelector('.presenter')!;
    return {
      detail: detail.scrollHeight - detail.clientHeight,
      width: root.scrollWidth - root.clientWidth,
    };
  });

describeInChromium('presenter mode in Chromium', () => {
  let notebook: NotebookInChromium | undefined;
  let page: Page;

  beforeAll(async () => {
    notebook = await openNotebookInChromium({ width: 1280, height: 720 });
    page = notebook.page;
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await notebook?.close();
  });

  it('walks one traced step of seed-toy in 13 frames, each on screen, and leaves with Esc', async () => {
    await page.waitForSelector('.gradient-tables[data-cuts="0,1"] table[data-method="vjp"]', {
      timeout: 120_000,
    });
    await page.getByRole('button', { name: 'Present one step' }).click();
    const presenter = page.locator('.presenter');
    await page
      .waitForSelector('.presenter[data-frame="0"]', { timeout: 60_000 })
      .catch(async (error: Error) => {
        await page.screenshot({ path: join(ARTIFACTS, 'presenter-failed.png') });
        throw new Error(`${error.message}\npresenter says: ${await presenter.textContent()}`);
      });
    const frames = Number(await presenter.getAttribute('data-frames'));
    expect(frames).toBe(4 + 3 * 3);
    const box = await presenter.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
    const overflows: string[] = [];
    for (let i = 0; i < frames; i++) {
      await page.waitForSelector(`.presenter[data-frame="${i}"]`);
      const file = `presenter-${String(i + 1).padStart(2, '0')}.png`;
      await page.screenshot({ path: join(ARTIFACTS, file) });
      const overflow = await overflowOf(page);
      if (overflow.detail > 0 || overflow.width > 0)
        overflows.push(`${file}: ${JSON.stringify(overflow)}`);
      expect(await page.locator('.presenter .katex-error').count()).toBe(0);
      if (i < frames - 1) await page.keyboard.press('ArrowRight');
    }
    expect(overflows).toEqual([]);
    await page.keyboard.press('ArrowLeft');
    await page.waitForSelector(`.presenter[data-frame="${frames - 2}"]`);
    await page.keyboard.press('Escape');
    await presenter.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Present one step' }).isVisible()).toBe(true);
    expect(notebook!.pageErrors).toEqual([]);
  });
});
