// The three models the seed question talks about, as specs with their default cuts.
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

/** Builds the question's cat/dog CNN for a given image size (64×64×3 by default). */
export function seedCnnSpec(size = 64): ModelSpec {
  const convBlock = (filters: number) =>
    [
      { type: 'conv2d', filters, kernelSize: 3 },
      { type: 'activation', activation: 'relu' },
      { type: 'maxPooling2d', poolSize: 2 },
    ] as const;
  return {
    name: 'seed-cnn',
    input: [size, size, 3],
    loss: 'binaryCrossentropy',
    layers: [
      ...convBlock(32),
      ...convBlock(32),
      ...convBlock(64),
      { type: 'flatten' },
      { type: 'dense', units: 64 },
      { type: 'activation', activation: 'relu' },
      { type: 'dropout', rate: 0.5 },
      { type: 'dense', units: 1 },
      { type: 'activation', activation: 'sigmoid' },
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
  'colab-mlp': colabMlp,
};

export const PRESET_NAMES = Object.keys(PRESETS);
