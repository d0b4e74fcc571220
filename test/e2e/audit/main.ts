// The kernel audit page: exposes `window.kernelAudit.run(backend, options)` for the e2e test to
// call through playwright. Runs on the main thread; wasm files are served by Vite, no CDN.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { auditKernels, type AuditReport } from '../../../src/core/audit';
import {
  useBackend,
  useStockPoolKernels,
  type BackendName,
} from '../../../src/core/backends/select';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
tf.env().set('PROD', true);

export interface PageRunOptions {
  /** tfjs's stock pooling gradient kernels instead of ours. */
  stock: boolean;
  names?: string[];
}

export type PageRun =
  | {
      ok: true;
      report: AuditReport;
      /** For webgl: the renderer and whether textures hold float32. */
      webgl?: { renderer: string; version: number; float32: boolean };
    }
  | { ok: false; error: string };

export interface AuditPage {
  run(backend: BackendName, options: PageRunOptions): Promise<PageRun>;
}

/** The WebGL renderer string (SwiftShader is software), or a note saying why there is none. */
function webglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no webgl2 context';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(
    info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
  );
}

async function run(backend: BackendName, options: PageRunOptions): Promise<PageRun> {
  try {
    await useBackend(backend);
    useStockPoolKernels(options.stock);
    try {
      const report = await auditKernels({ names: options.names });
      const webgl =
        backend === 'webgl'
          ? {
              renderer: webglRenderer(),
              version: tf.env().getNumber('WEBGL_VERSION'),
              float32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
            }
          : undefined;
      return { ok: true, report, webgl };
    } finally {
      useStockPoolKernels(false);
    }
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

(window as unknown as { kernelAudit: AuditPage }).kernelAudit = { run };
document.getElementById('status')!.textContent = 'ready';
