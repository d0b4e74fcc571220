// A training session's trained state as plain data and back: every twin's weights, every
// optimizer's running state (momentum's accumulators, Adam's moments and bias-correction powers)
// and the step counter, so the session rebuilt from it takes exactly the next step the saved one
// would have taken — same batch, same dropout masks, same update, bit for bit.
import * as tf from '@tensorflow/tfjs';
import type { TensorData } from './report';
import {
  disposeOptimizer,
  makeOptimizer,
  type OptimizerName,
  type TrainingSession,
  type TwinName,
} from './train';

/** One optimizer's state, as tfjs's getWeights() gives it, plus what that leaves out. */
export interface OptimizerState {
  /** Updates the optimizer has applied. */
  iterations: number;
  /**
   * sgd: none; momentum: one accumulator per variable; adam: the first moments, then the second
   * moments, one per variable. Empty for an optimizer that has not stepped yet.
   */
  slots: TensorData[];
  /**
   * Adam only: β1^t and β2^t as the optimizer holds them (float32, multiplied up step by step).
   * tfjs's setWeights recomputes them as pow(β, t + 1), which can differ in the last bit.
   */
  accBeta?: [number, number];
}

/** The twins at one step: weights in the model's order, optimizers in the session's order. */
export interface TrainedState {
  /** Training steps taken: the next step's batch and dropout masks follow from it. */
  step: number;
  twins: Partial<Record<TwinName, TensorData[]>>;
  /** reference: one optimizer; split twins: one per part that has weights, first part first. */
  optimizers: Partial<Record<TwinName, OptimizerState[]>>;
}

/** A trained state that does not fit the session, in words naming the twin and tensor. */
export class TrainedStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainedStateError';
  }
}

/** The fields of tfjs's Adam that getWeights() leaves out (private in its types). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

const dataOf = (t: tf.Tensor): TensorData => ({
  shape: t.shape.slice(),
  data: Float32Array.from(t.dataSync()),
});

/** How many state tensors an optimizer of this kind keeps per variable. */
export const slotsPerVariable = (optimizer: OptimizerName) =>
  optimizer === 'sgd' ? 0 : optimizer === 'momentum' ? 1 : 2;

/** One optimizer's state, copied out (its own tensors stay with it). */
export async function optimizerStateOf(
  optimizer: tf.Optimizer,
  kind: OptimizerName,
): Promise<OptimizerState> {
  const named = await optimizer.getWeights();
  try {
    const iterations = (await named[0].tensor.data())[0];
    const state: OptimizerState = {
      iterations,
      slots: named.slice(1).map((n) => dataOf(n.tensor)),
    };
    if (kind === 'adam') {
      const adam = optimizer as unknown as AdamInternals;
      state.accBeta = [adam.accBeta1.dataSync()[0], adam.accBeta2.dataSync()[0]];
    }
    return state;
  } finally {
    // The iteration scalar is made for the caller; the slots are the optimizer's own variables.
    named[0].tensor.dispose();
  }
}

/** Gives `optimizer` (fresh, never stepped) the saved state; takes copies of the data. */
async function setOptimizerState(
  optimizer: tf.Optimizer,
  state: OptimizerState,
  slotNames: string[],
): Promise<void> {
  const tensors = [
    tf.scalar(state.iterations, 'int32'),
    ...state.slots.map((s) => tf.tensor(s.data, s.shape, 'float32')),
  ];
  try {
    // setWeights makes variables of its own from these (sharing their data, counted).
    await optimizer.setWeights(
      tensors.map((tensor, i) => ({ name: i === 0 ? 'iter' : slotNames[i - 1], tensor })),
    );
  } finally {
    tf.dispose(tensors);
  }
  if (state.accBeta) {
    const adam = optimizer as unknown as AdamInternals;
    const [beta1, beta2] = state.accBeta;
    tf.tidy(() => {
      adam.accBeta1.assign(tf.scalar(beta1));
      adam.accBeta2.assign(tf.scalar(beta2));
    });
  }
}

/**
 * A new optimizer of `kind` holding a copy of `optimizer`'s state: its next update is the one
 * `optimizer` would apply, and applying it leaves `optimizer` as it was. The caller disposes it
 * with `disposeOptimizer` (train.ts).
 */
export async function copyOptimizer(
  optimizer: tf.Optimizer,
  kind: OptimizerName,
  learningRate: number,
): Promise<tf.Optimizer> {
  const state = await optimizerStateOf(optimizer, kind);
  const copy = makeOptimizer(kind, learningRate);
  try {
    await setOptimizerState(
      copy,
      state,
      state.slots.map((_, i) => `copy/${i}`),
    );
  } catch (error) {
    disposeOptimizer(copy);
    throw error;
  }
  return copy;
}

/** The session's twins, optimizers and step as plain data. */
export async function exportTrainedState(session: TrainingSession): Promise<TrainedState> {
  const state: TrainedState = { step: session.step, twins: {}, optimizers: {} };
  for (const twin of session.twins) {
    state.twins[twin.name] = twin.model.weights.map((w) => dataOf(w.variable.read()));
    const optimizers: OptimizerState[] = [];
    for (const { optimizer } of twin.optimizers)
      optimizers.push(await optimizerStateOf(optimizer, session.options.optimizer));
    state.optimizers[twin.name] = optimizers;
  }
  return state;
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The first way `state` does not fit `session`, in words; null when it fits. */
export function trainedStateProblem(session: TrainingSession, state: TrainedState): string | null {
  const names = session.twins.map((t) => t.name);
  for (const key of Object.keys(state.twins))
    if (!names.includes(key as TwinName))
      return `twins.${key}: this session trains ${names.join(', ')}, not ${key}`;
  const perVariable = slotsPerVariable(session.options.optimizer);
  for (const twin of session.twins) {
    const weights = state.twins[twin.name];
    if (!weights) return `twins.${twin.name}: missing; the session trains it`;
    const expected = twin.model.weights;
    if (weights.length !== expected.length)
      return `twins.${twin.name}: has ${weights.length} tensors, the model has ${expected.length}`;
    for (const [i, w] of expected.entries()) {
      const t = weights[i];
      if (t.shape.join() !== w.shape.join())
        return `twins.${twin.name}[${i}].shape: must be ${shapeText(w.shape)}, the shape of ${w.name}, got ${shapeText(t.shape)}`;
      if (t.data.length !== sizeOf(w.shape))
        return `twins.${twin.name}[${i}].data: ${w.name} needs ${sizeOf(w.shape)} values, got ${t.data.length}`;
    }
    const optimizers = state.optimizers[twin.name];
    if (!optimizers) return `optimizers.${twin.name}: missing; the session trains it`;
    if (optimizers.length !== twin.optimizers.length)
      return `optimizers.${twin.name}: has ${optimizers.length} optimizers, the session has ${twin.optimizers.length} (${twin.name === 'reference' ? 'one for the whole model' : 'one per part with weights'})`;
    for (const [k, { variables }] of twin.optimizers.entries()) {
      const o = optimizers[k];
      const at = `optimizers.${twin.name}[${k}]`;
      if (o.slots.length !== 0 && o.slots.length !== perVariable * variables.length)
        return `${at}.slots: a ${session.options.optimizer} optimizer over ${variables.length} weights keeps ${perVariable * variables.length} tensors, got ${o.slots.length}`;
      for (const [j, slot] of o.slots.entries()) {
        const shape = variables[j % variables.length].shape;
        if (slot.shape.join() !== shape.join() || slot.data.length !== sizeOf(shape))
          return `${at}.slots[${j}].shape: must be ${shapeText(shape)}, got ${shapeText(slot.shape)}`;
      }
      if ((session.options.optimizer === 'adam') !== (o.accBeta !== undefined))
        return `${at}.accBeta: ${session.options.optimizer === 'adam' ? 'Adam needs' : 'only Adam has'} its β powers`;
    }
  }
  return null;
}

/**
 * Sets every twin's weights and optimizer state and the step counter from `state`. Checks all of
 * it first: a state that does not fit throws TrainedStateError and the session keeps its weights.
 * Call it only on a session whose optimizers have not stepped (a fresh or reset one).
 */
export async function importTrainedState(
  session: TrainingSession,
  state: TrainedState,
): Promise<void> {
  const problem = trainedStateProblem(session, state);
  if (problem) throw new TrainedStateError(problem);
  for (const twin of session.twins) {
    const weights = state.twins[twin.name]!;
    twin.model.weights.forEach((w, i) => {
      const value = tf.tensor(weights[i].data, weights[i].shape, 'float32');
      w.variable.write(value);
      value.dispose();
    });
    const optimizers = state.optimizers[twin.name]!;
    for (const [k, { optimizer, variables }] of twin.optimizers.entries()) {
      const names = optimizers[k].slots.map(
        (_, j) => `${variables[j % variables.length].name}/${j}`,
      );
      await setOptimizerState(optimizer, optimizers[k], names);
    }
  }
  session.step = state.step;
}
