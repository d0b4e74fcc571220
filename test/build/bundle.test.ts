// The production build keeps tfjs out of the main thread: the page's own chunks must not contain
// it, and the worker chunk must (the math lives there). Also: no request leaves the origin.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

const outDir = mkdtempSync(join(tmpdir(), 'splittape-build-'));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)],
  );

describe('the production build', () => {
  beforeAll(async () => {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  });

  it('loads tfjs only in the worker chunk', () => {
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const entry = /<script type="module" crossorigin src="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(entry).toBeDefined();
    // Every chunk the page loads (its entry and whatever that imports statically).
    const pageChunks = new Set<string>();
    const visit = (file: string) => {
      if (pageChunks.has(file)) return;
      pageChunks.add(file);
      const code = readFileSync(join(outDir, file), 'utf8');
      for (const [, imported] of code.matchAll(/from\s*"\.\/([^"]+\.js)"/g))
        visit(join('assets', imported));
    };
    visit(entry!);
    const tfjsMarker = /Conv2DBackpropFilter|registerKernel|tfjs-backend/;
    for (const chunk of pageChunks)
      expect(readFileSync(join(outDir, chunk), 'utf8')).not.toMatch(tfjsMarker);
    const workers = files(join(outDir, 'assets')).filter((f) => /worker.*\.js$/.test(f));
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.some((w) => tfjsMarker.test(readFileSync(w, 'utf8')))).toBe(true);
  });

  it('ships the wasm binaries itself (no CDN)', () => {
    const wasm = files(join(outDir, 'assets')).filter((f) => f.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThanOrEqual(2);
  });
});
