// Small specs for tests that cover every layer type, padding, stride and activation.
import type { ModelSpec } from '../../src/core/spec';

/** Every layer type and most activations, small enough for finite differences and Jacobians. */
export const KITCHEN_SINK: ModelSpec = {
  name: 'kitchen-sink',
  input: [9, 8, 2],
  loss: 'categoricalCrossentropy',
  layers: [
    {
      type: 'conv2d',
      filters: 3,
      kernelSize: [3, 2],
      strides: 2,
      padding: 'same',
      activation: 'tanh',
    },
    { type: 'averagePooling2d', poolSize: 2, strides: 1 },
    { type: 'conv2d', filters: 4, kernelSize: 2, activation: 'elu' },
    { type: 'maxPooling2d', poolSize: 2, padding: 'same' },
    { type: 'activation', activation: 'softplus' },
    { type: 'flatten' },
    { type: 'dense', units: 5, activation: 'selu' },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 3 },
    { type: 'activation', activation: 'softmax' },
  ],
};

/** Global pooling, a bias-free conv, binary cross-entropy. */
export const GLOBAL_POOL: ModelSpec = {
  name: 'global-pool',
  input: [6, 6, 1],
  loss: 'binaryCrossentropy',
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, useBias: false, activation: 'relu' },
    { type: 'globalAveragePooling2d' },
    { type: 'dense', units: 1, activation: 'sigmoid' },
  ],
};

/**
 * conv(tanh) → max pooling: windows whose maximum is negative, which tfjs-wasm's stock
 * MaxPoolGrad drops (conv → relu → maxPool hides that bug; tanh does not).
 */
export const TANH_MAX_POOL: ModelSpec = {
  name: 'tanh-max-pool',
  input: [8, 9, 2],
  loss: 'binaryCrossentropy',
  layers: [
    { type: 'conv2d', filters: 6, kernelSize: 3, activation: 'tanh' },
    { type: 'maxPooling2d', poolSize: 2 },
    { type: 'conv2d', filters: 3, kernelSize: 2, padding: 'same', activation: 'tanh' },
    { type: 'maxPooling2d', poolSize: [2, 3], strides: 2, padding: 'same' },
    { type: 'flatten' },
    { type: 'dense', units: 1, activation: 'sigmoid' },
  ],
};

/** Average pooling with 'same' padding at strides 1 and 2: tfjs's stock AvgPoolGrad is wrong there. */
export const AVG_POOL_SAME: ModelSpec = {
  name: 'avg-pool-same',
  input: [7, 6, 2],
  loss: 'mse',
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 2, activation: 'tanh' },
    { type: 'averagePooling2d', poolSize: 2, strides: 1, padding: 'same' },
    { type: 'averagePooling2d', poolSize: 3, strides: 2, padding: 'same' },
    { type: 'flatten' },
    { type: 'dense', units: 2 },
  ],
};

/** A small MLP with dropout between its cuts [0, 2], so which step's masks apply matters. */
export const DROPOUT_MLP: ModelSpec = {
  name: 'dropout-mlp',
  input: [6],
  loss: 'mse',
  layers: [
    { type: 'dense', units: 8, activation: 'relu' },
    { type: 'dropout', rate: 0.5 },
    { type: 'dense', units: 4, activation: 'tanh' },
    { type: 'dense', units: 1 },
  ],
};
