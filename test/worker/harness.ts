// Drives the worker's handler in Node as the page does, recording every event it sends.
import * as tf from '@tensorflow/tfjs';
import { PRESETS } from '../../src/core/presets';
import { SessionHandler, type HandlerEnvironment } from '../../src/worker/handler';
import type { SessionConfig, WorkerEvent } from '../../src/worker/protocol';

export interface HarnessOptions {
  /** The backend name a choice gets; by default the one tfjs runs on. */
  backendName?: (choice: string) => string;
  /** How an event leaves the handler; by default it is pushed as is. */
  send?: (event: WorkerEvent, transfer: Transferable[]) => WorkerEvent;
  /** Decodes an image file; Node has no createImageBitmap, the browser tests use the real one. */
  decodeImage?: HandlerEnvironment['decodeImage'];
}

export function makeHandler(options: HarnessOptions = {}) {
  const events: WorkerEvent[] = [];
  const env: HandlerEnvironment = {
    emit: (event, transfer = []) => events.push(options.send?.(event, transfer) ?? event),
    useBackend: async (choice) => ({ backend: options.backendName?.(choice) ?? tf.getBackend() }),
    yieldToMessages: () => new Promise((resolve) => setImmediate(resolve)),
    decodeImage: options.decodeImage,
  };
  const handler = new SessionHandler(env);
  const of = <T extends WorkerEvent['type']>(type: T) =>
    events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  return { handler, events, of };
}

export const config = (overrides: Partial<SessionConfig> = {}): SessionConfig => ({
  spec: PRESETS['seed-toy'].spec,
  cuts: [0, 1],
  dataset: { kind: 'synthetic', size: 12 },
  hyper: {
    optimizer: 'sgd',
    learningRate: 0.1,
    batchSize: 3,
    seed: 0,
    twins: ['naive'],
    dropout: false,
  },
  backend: 'cpu',
  ...overrides,
});

/** A small vector model, quick enough to configure hundreds of times. */
export const TINY_SPEC = {
  name: 'tiny',
  input: [4],
  loss: 'mse',
  layers: [
    { type: 'dense', units: 3, activation: 'relu' },
    { type: 'dense', units: 2 },
  ],
};

export const waitFor = async (condition: () => boolean, ms = 60_000) => {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
