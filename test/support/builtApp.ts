// The built app served by `vite preview` for the browser tests: one way to build, serve and stop
// it, so every end-to-end file runs the same app the same way. The build is kept in the temp
// directory under a hash of everything it is made from, so the e2e files of one run (and later
// runs on an unchanged tree) build once instead of once each (~30 s a build on 2 cores).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { build, preview } from 'vite';

const ROOT = resolve(import.meta.dirname, '../..');
/** What the build reads: the sources, the static files, the page and the build's settings. */
const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

export interface BuiltApp {
  url: string;
  origin: string;
  close(): Promise<void>;
}

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of every input file's path and bytes. */
function treeHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(ROOT, input)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** The directory holding the build of the tree as it is now, building it if there is none. */
async function builtDirectory(): Promise<string> {
  const outDir = join(tmpdir(), `splittape-e2e-${treeHash()}`);
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  // Built beside and renamed into place, so a build cut short is never taken for a whole one.
  const partial = `${outDir}.partial-${process.pid}`;
  await build({ root: ROOT, logLevel: 'warn', build: { outDir: partial, emptyOutDir: true } });
  try {
    renameSync(partial, outDir);
  } catch (error) {
    // Another test process finished the same build first: its copy is as good as ours.
    if (!existsSync(join(outDir, 'index.html'))) throw error;
    rmSync(partial, { recursive: true, force: true });
  }
  return outDir;
}

export async function serveBuiltApp(): Promise<BuiltApp> {
  const outDir = await builtDirectory();
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
