// The kernel audit's cases: every layer type a spec can name, with the options that change which
// tfjs kernel runs or where it pads, each small enough to differentiate every element in float64.
import { ACTIVATIONS, LOSSES, type LayerSpec, type LossName, type Padding } from '../spec';

/**
 * How a case's input is drawn. Max pooling's grid uses `positive` inputs so that each of its
 * failure modes has cases of its own: `negative` windows (every cell below zero) and `ties`.
 */
export type InputKind =
  | 'normal' // N(0, 1): mixed signs
  | 'large' // N(0, 5²): softmax outputs of 1e-7…1e-4, between the two clipping bounds below
  | 'positive' // uniform in [0.5, 1.5): every pooling window's maximum is positive and unique
  | 'negative' // uniform in [-1.5, -0.5): every pooling window's maximum is negative
  | 'sine' // x[i] = 3 sin(1.7 i), TFJS-NOTES's repro: some windows hold only negative cells
  | 'ties'; // integers 1..3: windows hold several equal maxima

export interface AuditCase {
  name: string;
  layer: LayerSpec;
  /** One example's shape, without the batch axis: [h, w, c] or [features]. */
  input: number[];
  inputKind: InputKind;
  /** 'sum': L = sum(layer(x) ⊙ r) for a fixed random r; a loss: that loss against labels. */
  objective: 'sum' | LossName;
  /**
   * A loss's labels: random (the seed's batch), or confidently wrong — the one-hot of each row's
   * least likely class (categorical), 1 everywhere (binary) — so the tiny outputs carry the loss.
   */
  labels?: 'random' | 'confidentlyWrong';
}

export const AUDIT_BATCH = 2;

const PADDINGS: Padding[] = ['valid', 'same'];
const STRIDES = [1, 2];
/** Odd and even spatial sizes, neither square. */
const SIZES: [number, number][] = [
  [7, 5],
  [6, 8],
];
const CHANNELS = 2;

const sizeName = ([h, w]: [number, number]) => `${h}x${w}`;

function convCases(): AuditCase[] {
  const kernels: [number, number][] = [
    [3, 3],
    [3, 2],
  ];
  return PADDINGS.flatMap((padding) =>
    STRIDES.flatMap((stride) =>
      kernels.flatMap((kernel) =>
        SIZES.flatMap((size) =>
          [true, false].map((useBias) => ({
            name: `conv2d ${sizeName(kernel)} ${padding} stride ${stride} ${sizeName(size)} ${useBias ? 'useBias' : 'noBias'}`,
            layer: {
              type: 'conv2d',
              filters: 3,
              kernelSize: kernel,
              strides: stride,
              padding,
              useBias,
            },
            input: [...size, CHANNELS],
            inputKind: 'normal' as const,
            objective: 'sum' as const,
          })),
        ),
      ),
    ),
  );
}

type PoolType = 'maxPooling2d' | 'averagePooling2d';

function poolCase(
  type: PoolType,
  poolSize: [number, number],
  padding: Padding,
  stride: number,
  size: [number, number],
  inputKind: InputKind,
  channels = CHANNELS,
): AuditCase {
  const suffix = inputKind === 'normal' || inputKind === 'positive' ? '' : ` ${inputKind}`;
  return {
    name: `${type} ${sizeName(poolSize)} ${padding} stride ${stride} ${sizeName(size)}${suffix}`,
    layer: { type, poolSize, strides: stride, padding },
    input: [...size, channels],
    inputKind,
    objective: 'sum',
  };
}

function poolCases(): AuditCase[] {
  const pools: [number, number][] = [
    [2, 2],
    [2, 3],
  ];
  const grid = (type: PoolType, kind: InputKind) =>
    PADDINGS.flatMap((padding) =>
      STRIDES.flatMap((stride) =>
        pools.flatMap((pool) =>
          SIZES.map((size) => poolCase(type, pool, padding, stride, size, kind)),
        ),
      ),
    );
  return [
    ...grid('maxPooling2d', 'positive'),
    // One channel, as in the repro: the window of cells 2, 3, 6, 7 is all negative.
    poolCase('maxPooling2d', [2, 2], 'valid', 2, [4, 4], 'sine', 1),
    poolCase('maxPooling2d', [3, 3], 'same', 2, [7, 5], 'negative'),
    poolCase('maxPooling2d', [2, 2], 'valid', 1, [5, 6], 'ties'),
    poolCase('maxPooling2d', [2, 3], 'same', 2, [7, 5], 'ties'),
    ...grid('averagePooling2d', 'normal'),
  ];
}

function activationCases(): AuditCase[] {
  return ACTIVATIONS.flatMap((activation): AuditCase[] => [
    {
      name: `dense ${activation}`,
      layer: { type: 'dense', units: 4, activation },
      input: [5],
      inputKind: 'normal',
      objective: 'sum',
    },
    {
      name: `activation ${activation}`,
      layer: { type: 'activation', activation },
      input: [3, 4, 3],
      inputKind: 'normal',
      objective: 'sum',
    },
  ]);
}

const otherCases: AuditCase[] = [
  {
    name: 'dense linear noBias',
    layer: { type: 'dense', units: 3, useBias: false },
    input: [5],
    inputKind: 'normal',
    objective: 'sum',
  },
  ...SIZES.map((size): AuditCase => ({
    name: `globalAveragePooling2d ${sizeName(size)}`,
    layer: { type: 'globalAveragePooling2d' },
    input: [...size, CHANNELS],
    inputKind: 'normal',
    objective: 'sum',
  })),
  {
    name: 'flatten 3x4x2',
    layer: { type: 'flatten' },
    input: [3, 4, 2],
    inputKind: 'normal',
    objective: 'sum',
  },
  {
    name: 'dropout 0.5 fixed mask',
    layer: { type: 'dropout', rate: 0.5 },
    input: [3, 4, 2],
    inputKind: 'normal',
    objective: 'sum',
  },
];

/**
 * Each loss after a softmax; the cross-entropies also with saturated outputs and confidently wrong
 * labels. They clip predictions to [ε, 1 − ε], ε being tfjs-layers' epsilon(): the first backend's
 * epsilon(), cached — 1e-7 on cpu and wasm, 1e-4 on webgl — while the oracle clips at 1e-7.
 */
function lossCases(): AuditCase[] {
  const lossCase = (loss: LossName, inputKind: InputKind): AuditCase => ({
    name: `dense softmax + ${loss}${inputKind === 'large' ? ' saturated' : ''}`,
    layer: { type: 'dense', units: 4, activation: 'softmax' },
    input: [5],
    inputKind,
    objective: loss,
    labels: inputKind === 'large' ? 'confidentlyWrong' : 'random',
  });
  return [
    ...LOSSES.map((loss) => lossCase(loss, 'normal')),
    lossCase('binaryCrossentropy', 'large'),
    lossCase('categoricalCrossentropy', 'large'),
  ];
}

/** Every case, in a fixed order (a case's position seeds its data). */
export const AUDIT_CASES: readonly AuditCase[] = [
  ...convCases(),
  ...poolCases(),
  ...activationCases(),
  ...otherCases,
  ...lossCases(),
];
