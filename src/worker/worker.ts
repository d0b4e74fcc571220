// The module worker: binds the handler to `self`. Everything else lives in handler.ts and the
// modules it dispatches to.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from './backend';
import { SessionHandler } from './handler';
import type { WorkerEvent } from './protocol';

tf.env().set('PROD', true); // tfjs's console banners are noise in a worker

const scope = self as unknown as DedicatedWorkerGlobalScope;

// A MessageChannel turn lets queued messages (pause, new cuts) run between steps, unlike a
// microtask, and without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();

const handler = new SessionHandler({
  emit: (event: WorkerEvent, transfer: Transferable[] = []) => {
    try {
      scope.postMessage(event, transfer);
    } catch (error) {
      // The page must hear of an event that could not be sent, or it waits for it forever.
      const failure: WorkerEvent = {
        type: 'error',
        where: 'protocol',
        recoverable: true,
        message: `the worker could not send its ${event.type} event: ${(error as Error).message}`,
      };
      scope.postMessage(failure);
    }
  },
  useBackend: chooseBackend,
  yieldToMessages: () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    }),
});

scope.addEventListener(
  'message',
  (event: MessageEvent<unknown>) => void handler.handle(event.data),
);
