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

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Pre-bundled up front, or the dev server reloads the page when the worker first imports them.
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  server: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
  preview: { port: 5173, headers: CROSS_ORIGIN_ISOLATION },
});
