// The app: React on the main thread, tfjs only in the module worker (see src/worker/worker.ts).
import { defineConfig } from 'vite';
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

export default defineConfig({
  plugins: [react()],
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
