// Backend choice in the browser worker: webgl on a hardware GPU, wasm (with the engine's
// replacement conv kernel) where WebGL is software-rendered or missing, cpu last.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { useBackend, type BackendName } from '../core/backends/select';
import type { BackendChoice } from './protocol';

// Served by Vite as the app's own files: no CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});

/** The WebGL renderer string, or null when the worker has no WebGL at all. */
function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl =
    new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(
    info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
}

const isSoftware = (renderer: string) => /swiftshader|llvmpipe|software|softpipe/i.test(renderer);

/**
 * How many threads wasm runs, and why: without cross-origin isolation (the COOP/COEP headers in
 * vite.config.ts) tfjs silently loads its single-threaded build.
 */
function wasmThreads(): string | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const threads = getThreadsCount();
  const isolated = (self as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return `wasm runs ${threads} thread${threads === 1 ? '' : 's'}${
    isolated ? '' : ' (the page is not cross-origin isolated, so no threads)'
  }`;
}

const joinNotes = (...notes: (string | undefined)[]) =>
  notes.filter(Boolean).join('; ') || undefined;

/** Tries the chosen backend (or the fastest for this machine), falling back with a note. */
export async function chooseBackend(
  choice: BackendChoice,
): Promise<{ backend: string; note?: string }> {
  const renderer = webglRenderer();
  let order: BackendName[];
  let note: string | undefined;
  if (choice !== 'auto') {
    order = [choice, ...(['wasm', 'cpu'] as const).filter((b) => b !== choice)];
  } else if (renderer && !isSoftware(renderer)) {
    order = ['webgl', 'wasm', 'cpu'];
  } else {
    order = ['wasm', 'cpu'];
    note = renderer
      ? `WebGL here is software-rendered (${renderer}), so wasm is faster`
      : 'no WebGL in this worker, so wasm';
  }
  const failures: string[] = [];
  for (const name of order) {
    try {
      await useBackend(name);
      const fellBack = failures.length > 0 ? `${failures.join('; ')}; using ${name}` : undefined;
      return { backend: tf.getBackend(), note: joinNotes(fellBack ?? note, wasmThreads()) };
    } catch (error) {
      failures.push(`${name} failed: ${(error as Error).message}`);
    }
  }
  throw new Error(`no tfjs backend could start (${failures.join('; ')})`);
}
