// The app: React on the main thread, tfjs only in the module worker (see src/worker/worker.ts).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation lets tfjs-backend-wasm load its threaded SIMD build in the worker (its
// helper threads need SharedArrayBuffer). The page loads nothing from other origins, so
// require-corp costs nothing; tfjs sizes its pool at hardwareConcurrency / 2.
export const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// recharts' own libraries in two chunks beside recharts itself, so that the page, preloading the
// charts (src/ui/charts/lazyCharts.tsx), evaluates three smaller chunks in three tasks instead of
// one long one. React gets a chunk of its own, loaded with the entry.
const CHART_LIBRARIES: [string, RegExp][] = [
  // Named, or rollup would put React in the first chunk here that imports it.
  ['react', /node_modules\/(react|react-dom|scheduler)\//],
  [
    'chart-state',
    /node_modules\/(@reduxjs\/toolkit|immer|reselect|react-redux|redux|redux-thunk|use-sync-external-store|eventemitter3)\//,
  ],
  [
    'chart-scales',
    /node_modules\/(d3-[a-z-]+|victory-vendor|decimal\.js-light|es-toolkit|internmap)\//,
  ],
];

function chartLibraryChunk(id: string): string | undefined {
  return CHART_LIBRARIES.find(([, pattern]) => pattern.test(id))?.[0];
}

// V8's explicit compile hint: the functions of a chunk that starts with this comment are
// compiled while the chunk streams in, on a background thread, instead of lazily on the main
// thread when first called. React's chunk runs most of its functions on the first render, and
// recharts' chunks run theirs building selectors as they are evaluated and drawing the first
// chart; with the hint, evaluating each took about half as long. Added after minification,
// which drops comments (the build has no source maps for the extra line to shift).
const COMPILE_EAGERLY = new Set(['react', 'chart-state', 'chart-scales', 'gradientCharts']);

const compileHints: Plugin = {
  name: 'splittape-compile-hints',
  apply: 'build',
  generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle))
      if (chunk.type === 'chunk' && COMPILE_EAGERLY.has(chunk.name))
        chunk.code = `//# allFunctionsCalledOnLoad\n${chunk.code}`;
  },
};

export default defineConfig({
  plugins: [react(), compileHints],
  worker: { format: 'es' },
  // Pre-bundled up front, or the dev server reloads the page when the worker first imports them.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    rollupOptions: { output: { manualChunks: chartLibraryChunk } },
  },
  server: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
});
