// The production build keeps tfjs out of the main thread: the page's own chunks must not contain
// it, and the worker chunk must (the math lives there). The page's first render needs only React
// and the notebook: recharts and KaTeX are chunks loaded on demand. Also: no request leaves the
// origin.
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
const read = (chunk: string) => readFileSync(join(outDir, chunk), 'utf8');
const staticImports = (chunk: string) =>
  [...read(chunk).matchAll(/from\s*"\.\/([^"]+\.js)"/g)].map(([, f]) => join('assets', f));
const dynamicImports = (chunk: string) =>
  [...read(chunk).matchAll(/import\("\.\/([^"]+\.js)"\)/g)].map(([, f]) => join('assets', f));

/** `start` and every chunk it imports statically, directly or not. */
function withStaticImports(start: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (chunk: string) => {
    if (seen.has(chunk)) return;
    seen.add(chunk);
    staticImports(chunk).forEach(visit);
  };
  start.forEach(visit);
  return seen;
}

const TFJS = /Conv2DBackpropFilter|registerKernel|tfjs-backend/;
// Strings of the libraries' own code (our chart export code names recharts' wrapper classes).
const RECHARTS = /recharts-cartesian-axis-tick/;
const KATEX = /KaTeX parse error/;

describe('the production build', () => {
  let entry: string;
  beforeAll(async () => {
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    entry = /<script type="module" crossorigin src="\/(assets\/[^"]+\.js)"/.exec(html)![1];
  });

  it('loads tfjs only in the worker chunk', () => {
    // Every chunk the page may load: its entry, what that imports, and the chunks on demand.
    const pageChunks = new Set<string>();
    const visit = (chunk: string) => {
      if (pageChunks.has(chunk)) return;
      pageChunks.add(chunk);
      [...staticImports(chunk), ...dynamicImports(chunk)].forEach(visit);
    };
    visit(entry);
    expect(pageChunks.size).toBeGreaterThan(1);
    for (const chunk of pageChunks) expect(read(chunk)).not.toMatch(TFJS);
    const workers = files(join(outDir, 'assets')).filter((f) => /worker.*\.js$/.test(f));
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.some((w) => TFJS.test(readFileSync(w, 'utf8')))).toBe(true);
  });

  it('keeps recharts and KaTeX out of the chunks the first render needs', () => {
    // The entry imports the notebook (App) dynamically, so that React and the notebook are
    // evaluated in separate tasks; the notebook imports the charts and KaTeX on demand.
    const entryImports = dynamicImports(entry);
    expect(entryImports).toHaveLength(1);
    const firstRender = withStaticImports([entry, ...entryImports]);
    for (const chunk of firstRender) {
      expect(read(chunk), chunk).not.toMatch(RECHARTS);
      expect(read(chunk), chunk).not.toMatch(KATEX);
    }
    // They are built, as chunks of their own the notebook loads later.
    const onDemand = [...firstRender].flatMap(dynamicImports).filter((c) => !firstRender.has(c));
    expect(onDemand.some((chunk) => RECHARTS.test(read(chunk)))).toBe(true);
    expect(onDemand.some((chunk) => KATEX.test(read(chunk)))).toBe(true);
  });

  it('ships the wasm binaries itself (no CDN)', () => {
    const wasm = files(join(outDir, 'assets')).filter((f) => f.endsWith('.wasm'));
    expect(wasm.length).toBeGreaterThanOrEqual(2);
  });
});
