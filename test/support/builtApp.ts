// The built app served by `vite preview` for the browser tests: one way to build, serve and stop
// it, so every end-to-end file runs the same app the same way.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');

export interface BuiltApp {
  url: string;
  origin: string;
  close(): Promise<void>;
}

export async function serveBuiltApp(): Promise<BuiltApp> {
  const outDir = mkdtempSync(join(tmpdir(), 'splittape-e2e-'));
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return {
    url,
    origin: new URL(url).origin,
    close: () => new Promise<void>((done) => server.httpServer.close(() => done())),
  };
}
