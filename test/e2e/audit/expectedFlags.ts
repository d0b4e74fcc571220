// The audit cases tfjs 4.22's kernels get wrong, per backend: what the audit must flag with our
// kernels registered (webgl keeps tfjs's MaxPoolGrad) and with useStockPoolKernels(true).

/** Stock AvgPoolGrad divides by the whole window where 'same' padding adds cells (every backend);
 *  2x2 stride 2 on 6x8 adds none. */
export const STOCK_AVG_POOL_WRONG = [
  'averagePooling2d 2x2 same stride 1 7x5',
  'averagePooling2d 2x2 same stride 1 6x8',
  'averagePooling2d 2x3 same stride 1 7x5',
  'averagePooling2d 2x3 same stride 1 6x8',
  'averagePooling2d 2x2 same stride 2 7x5',
  'averagePooling2d 2x3 same stride 2 7x5',
  'averagePooling2d 2x3 same stride 2 6x8',
];

const MAX_POOL_TIES = [
  'maxPooling2d 2x2 valid stride 1 5x6 ties',
  'maxPooling2d 2x3 same stride 2 7x5 ties',
];

/** Stock wasm MaxPoolGrad: windows whose maximum is negative get nothing; ties go to the last. */
export const STOCK_WASM_MAX_POOL_WRONG = [
  'maxPooling2d 2x2 valid stride 2 4x4 sine',
  'maxPooling2d 3x3 same stride 2 7x5 negative',
  ...MAX_POOL_TIES,
];

/**
 * webgl's MaxPoolGrad (tfjs's own; select.ts does not replace it) gives a tied maximum's gradient
 * to the last cell in row-major order, not the first as TensorFlow and cpu do: [1, 1, 1, 1] in
 * [1, 2, 2, 1], maxPool 2 stride 2, dy = 1 gives dx [0, 0, 0, 1] (cpu [1, 0, 0, 0]).
 */
export const WEBGL_MAX_POOL_WRONG = MAX_POOL_TIES;

// webgl's epsilon() is 1e-4 although its textures are float32 (tfjs 4.22's floatPrecision() test
// is inverted), and tfjs-layers clips its cross-entropies with the first backend's epsilon(): the
// saturated cross-entropy cases failed on a page whose first backend was webgl. core/loss.ts now
// clips with Keras's 1e-7 itself, so they pass (the browser test still opens a page per backend).

/** What the audit flags with our kernels registered by useBackend. */
export const OURS_WRONG: Record<'cpu' | 'wasm' | 'webgl', string[]> = {
  cpu: [],
  wasm: [],
  webgl: WEBGL_MAX_POOL_WRONG,
};

/** What the audit flags with useStockPoolKernels(true). */
export const STOCK_WRONG: Record<'cpu' | 'wasm' | 'webgl', string[]> = {
  cpu: STOCK_AVG_POOL_WRONG,
  wasm: [...STOCK_WASM_MAX_POOL_WRONG, ...STOCK_AVG_POOL_WRONG],
  webgl: [...WEBGL_MAX_POOL_WRONG, ...STOCK_AVG_POOL_WRONG],
};
