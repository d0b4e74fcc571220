// Accuracy on held-out examples: a model's predictions scored against the labels (threshold 0.5
// on one sigmoid output, argmax over several), with a confusion matrix and a few of the examples
// it got wrong. The forward pass runs in chunks over at most a fixed number of examples, so an
// evaluation's work and memory are bounded whatever the test split's size.
import * as tf from '@tensorflow/tfjs';
import type { Split } from './data/split';
import { predict, type SplitModel } from './model';
import type { TensorData } from './report';

export interface EvaluationOptions {
  /** Evaluate each twin after every `every` training steps. */
  every: number;
  /** At most this many held-out examples: the test split's first (its order mixes the classes). */
  examples: number;
  /** Misclassified examples kept with their pixels (default 8). */
  mistakes?: number;
}

export const DEFAULT_MISTAKES = 8;
/** Examples per forward pass while evaluating. */
export const EVALUATION_CHUNK = 128;

/** A held-out example the model got wrong, and what it said. */
export interface Mistake {
  /** Its index in the test split. */
  index: number;
  label: number;
  predicted: number;
  /** The model's outputs: the sigmoid's probability of class 1, or one number per class. */
  output: number[];
}

export interface Score {
  correct: number;
  examples: number;
  /** correct / examples. */
  accuracy: number;
  /** confusion[label][predicted]: how many examples of each class went to each class. */
  confusion: number[][];
  mistakes: Mistake[];
}

/** One twin's evaluation: its score, and the mistakes with their pixels for display. */
export interface TwinEvaluation extends Score {
  mistakes: (Mistake & { image: TensorData })[];
}

/** The class a model's outputs pick: output > 0.5 for one sigmoid unit, else the argmax. */
export function predictedClass(output: ArrayLike<number>): number {
  if (output.length === 1) return output[0] > 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < output.length; k++) if (output[k] > output[best]) best = k;
  return best;
}

/**
 * Scores `outputs` (examples × width, row-major) against `labels`; keeps the first `keep`
 * mistakes in test-split order.
 */
export function scorePredictions(
  outputs: ArrayLike<number>,
  width: number,
  labels: ArrayLike<number>,
  classes: number,
  keep = DEFAULT_MISTAKES,
): Score {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const mistakes: Mistake[] = [];
  let correct = 0;
  for (let n = 0; n < labels.length; n++) {
    const output = Array.from({ length: width }, (_, k) => outputs[n * width + k]);
    const predicted = predictedClass(output);
    const label = labels[n];
    confusion[label][predicted]++;
    if (predicted === label) correct++;
    else if (mistakes.length < keep) mistakes.push({ index: n, label, predicted, output });
  }
  const examples = labels.length;
  return {
    correct,
    examples,
    accuracy: examples > 0 ? correct / examples : NaN,
    confusion,
    mistakes,
  };
}

/** The model's accuracy on the first `examples` of `test`, dropout off. */
export function evaluateModel(
  model: SplitModel,
  test: Split,
  classes: number,
  examples: number,
  keep = DEFAULT_MISTAKES,
): TwinEvaluation {
  const count = Math.min(examples, test.size);
  const width = model.shapes[model.shapes.length - 1].outputShape[0];
  const outputs = new Float32Array(count * width);
  for (let start = 0; start < count; start += EVALUATION_CHUNK) {
    const size = Math.min(EVALUATION_CHUNK, count - start);
    const chunk = tf.tidy(() =>
      predict(model, test.x.slice(start, size), { training: false, step: 0 }).dataSync(),
    );
    outputs.set(chunk, start * width);
  }
  const score = scorePredictions(outputs, width, test.labels.subarray(0, count), classes, keep);
  const mistakes = score.mistakes.map((mistake) => {
    const image = tf.tidy(() => test.x.slice(mistake.index, 1).squeeze([0]));
    // A copy: on the cpu backend dataSync hands out the tensor's own backing array.
    const data = Float32Array.from(image.dataSync());
    const shape = image.shape.slice();
    image.dispose();
    return { ...mistake, image: { shape, data } };
  });
  return { ...score, mistakes };
}
