// The one typed client of the gradient worker: the only code that calls postMessage. It listens
// once, checks what arrives, and turns the worker's own failures (a script that did not load, a
// message that could not be cloned) into error events, so the page has one stream to follow.
import type { ErrorPlace, Request, WorkerEvent } from '../../worker/protocol';

/** What the client needs of a Worker; tests pass a fake. */
export interface WorkerLike {
  postMessage(message: Request): void;
  addEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: Event) => void,
  ): void;
  removeEventListener(
    type: 'message' | 'error' | 'messageerror',
    listener: (event: Event) => void,
  ): void;
  terminate(): void;
}

export type EventListener = (event: WorkerEvent) => void;

/** One flag per event type: the compiler keeps this list and the union in step. */
const EVENT_FLAGS: Record<WorkerEvent['type'], true> = {
  ready: true,
  configured: true,
  gradients: true,
  progress: true,
  trainingState: true,
  cost: true,
  trace: true,
  weights: true,
  weightsImported: true,
  imageProgress: true,
  images: true,
  error: true,
};
const EVENT_TYPES = Object.keys(EVENT_FLAGS) as WorkerEvent['type'][];

const isWorkerEvent = (data: unknown): data is WorkerEvent =>
  typeof data === 'object' &&
  data !== null &&
  EVENT_TYPES.includes((data as { type?: unknown }).type as WorkerEvent['type']);

const failure = (
  where: ErrorPlace,
  message: string,
  recoverable: boolean,
  answers?: Request['type'],
): WorkerEvent => ({
  type: 'error',
  where,
  message,
  recoverable,
  ...(answers ? { answers } : {}),
});

export class WorkerClient {
  private readonly listeners = new Set<EventListener>();
  private closed = false;

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', this.onMessage);
    worker.addEventListener('error', this.onError);
    worker.addEventListener('messageerror', this.onMessageError);
  }

  /** Calls `listener` for every event; returns the function that stops it. */
  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(request: Request): void {
    if (this.closed) return;
    try {
      this.worker.postMessage(request);
    } catch (error) {
      this.emit(
        failure(
          'protocol',
          `could not send '${request.type}' to the worker: ${String(error)}`,
          true,
          request.type,
        ),
      );
    }
  }

  terminate(): void {
    if (this.closed) return;
    this.closed = true;
    this.worker.removeEventListener('message', this.onMessage);
    this.worker.removeEventListener('error', this.onError);
    this.worker.removeEventListener('messageerror', this.onMessageError);
    this.worker.terminate();
    this.listeners.clear();
  }

  private emit(event: WorkerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private readonly onMessage = (event: Event) => {
    const data = (event as MessageEvent<unknown>).data;
    if (isWorkerEvent(data)) this.emit(data);
    else
      this.emit(
        failure(
          'protocol',
          `the worker sent a message the page does not understand: ${JSON.stringify(data)?.slice(0, 120)}`,
          true,
        ),
      );
  };

  private readonly onError = (event: Event) => {
    // An ErrorEvent from the worker's global scope: the script failed to load or threw outside
    // the handler. Without preventDefault the browser would also log it as uncaught.
    event.preventDefault();
    const detail = (event as ErrorEvent).message;
    this.emit(
      failure(
        'backend',
        `the gradient worker stopped${detail ? `: ${detail}` : ' (its script failed to load or crashed)'}. Reload the page to start it again.`,
        false,
      ),
    );
  };

  private readonly onMessageError = () => {
    this.emit(
      failure('protocol', 'a message from the worker could not be read (messageerror)', true),
    );
  };
}
