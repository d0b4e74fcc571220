// One headless Chromium page on the built app, with the page's uncaught errors collected: the
// set-up the browser tests share. `close` stops the browser and the server.
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveBuiltApp, type BuiltApp } from './builtApp';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

export interface NotebookInChromium {
  server: BuiltApp;
  browser: Browser;
  page: Page;
  /** Every uncaught error the page threw, in order. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Opens the notebook at `viewport`, with `settings` (the URL hash's object) when given. */
export async function openNotebookInChromium(
  viewport: { width: number; height: number },
  settings?: Record<string, unknown>,
): Promise<NotebookInChromium> {
  const server = await serveBuiltApp();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const hash = settings ? `#${encodeURIComponent(JSON.stringify(settings))}` : '';
  await page.goto(`${server.url}${hash}`);
  return {
    server,
    browser,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
