// The models the seed question talks about, as specs with their default cuts, and its CNN
// adapted to MNIST's 28×28 gray digits.
import type { ModelSpec } from './spec';

export interface Preset {
  spec: ModelSpec;
  cuts: number[];
  batch: number;
  description: string;
}

/** The answer's toy model: three parts, layer_0 | layer_1 | layer_2 (flatten, dense, sigmoid). */
const seedToy: Preset = {
  spec: {
    name: 'seed-toy',
    input: [10, 10, 1],
    loss: 'mse',
    layers: [
      { type: 'conv2d', filters: 6, kernelSize: 2, activation: 'relu' },
      { type: 'conv2d', filters: 6, kernelSize: 2, activation: 'relu' },
      { type: 'flatten' },
      { type: 'dense', units: 1 },
      { type: 'activation', activation: 'sigmoid' },
    ],
  },
  cuts: [0, 1],
  batch: 3,
  description: "The answer's toy model: two conv layers and a sigmoid head, cut into three parts.",
};

/**
 * Builds the question's cat/dog CNN for a given image size and channel count (64×64×3 by
 * default). `classes` 1 keeps its sigmoid unit and binary cross-entropy; more gives a softmax
 * head of that many units and categorical cross-entropy.
 */
export function seedCnnSpec(size = 64, channels = 3, classes = 1, name = 'seed-cnn'): ModelSpec {
  const convBlock = (filters: number) =>
    [
      { type: 'conv2d', filters, kernelSize: 3 },
      { type: 'activation', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
    ] as const;
  return {
    name,
    input: [size, size, channels],
    loss: classes === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy',
    layers: [
      ...convBlock(32),
      ...convBlock(32),
      ...convBlock(64),
      { type: 'flatten' },
      { type: 'dense', units: 64 },
      { type: 'activation', activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: classes },
      { type: 'activation', activation: classes === 1 ? 'sigmoid' : 'softmax' },
    ],
  };
}

/** The question's cat/dog CNN, cut after the third pooling layer: model_0 | model_1. */
const seedCnn: Preset = {
  spec: seedCnnSpec(64),
  cuts: [8],
  batch: 8,
  description: "The question's cat/dog CNN: three conv blocks | the dense head.",
};

/**
 * The same CNN for two MNIST digits (28×28×1, one sigmoid unit: the chance the digit is the
 * second of the pair). 28 → 26 → 13 → 11 → 5 → 3 → 1: the third pool leaves 1×1×64.
 */
const seedCnn28: Preset = {
  spec: seedCnnSpec(28, 1, 1, 'seed-cnn-28'),
  cuts: [8],
  batch: 32,
  description: "The question's CNN for two MNIST digits (28×28×1, sigmoid): conv blocks | head.",
};

/**
 * All ten digits need ten outputs: a softmax head and categorical cross-entropy. A preset of its
 * own rather than a head swapped in behind the user's back, so the model trained is the spec
 * shown (and shared in the URL), and both twins start from that spec's seeded weights.
 */
const seedCnn28Digits: Preset = {
  spec: seedCnnSpec(28, 1, 10, 'seed-cnn-28-digits'),
  cuts: [8],
  batch: 32,
  description: "The question's CNN for all ten MNIST digits (28×28×1, 10-way softmax).",
};

/** The Colab from the question: two dense layers and two activations. */
const colabMlp: Preset = {
  spec: {
    name: 'colab-mlp',
    input: [4],
    loss: 'mse',
    layers: [
      { type: 'dense', units: 8 },
      { type: 'activation', activation: 'tanh' },
      { type: 'dense', units: 1 },
      { type: 'activation', activation: 'sigmoid' },
    ],
  },
  cuts: [1],
  batch: 4,
  description: "The question's Colab: two dense layers and two activations, cut in the middle.",
};

export const PRESETS: Record<string, Preset> = {
  'seed-toy': seedToy,
  'seed-cnn': seedCnn,
  'seed-cnn-28': seedCnn28,
  'seed-cnn-28-digits': seedCnn28Digits,
  'colab-mlp': colabMlp,
};

export const PRESET_NAMES = Object.keys(PRESETS);
