// Owns the gradient worker for the page's lifetime: one WorkerClient, its events folded into
// SessionState, terminate() on unmount. `send` is the page's only way to talk to the worker.
// The session also holds the curves restored from a file or the autosave (`restore`).
import { startTransition, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Request, TrainedState } from '../../worker/protocol';
import type { RestoredSession } from '../state/restoredSession';
import { initialSession, sessionReducer, type SessionState } from '../state/sessionState';
import { createGradientWorker } from './createGradientWorker';
import { WorkerClient, type WorkerLike } from './workerClient';

const startingWith = (restored: RestoredSession | null): SessionState => ({
  ...initialSession,
  restored,
});

export function useWorkerClient(
  createWorker: () => WorkerLike = createGradientWorker,
  restoredAtStart: RestoredSession | null = null,
) {
  const [state, dispatch] = useReducer(sessionReducer, restoredAtStart, startingWith);
  const clientRef = useRef<WorkerClient | null>(null);
  // Bumped for every new worker, so effects that configure the session run again for it
  // (React's StrictMode mounts twice; a crashed worker could be replaced the same way).
  const [connection, setConnection] = useState(0);

  useEffect(() => {
    const client = new WorkerClient(createWorker());
    clientRef.current = client;
    // A worker event's render (a dataset preview's thumbnails, the session's description, training
    // progress) is a transition: React renders it in slices of ~5 ms, yielding to input and
    // drawing in between, where an update at default priority renders in one task (100–200 ms
    // for seed-cnn's preview while the page loads). Gradient reports and errors stay urgent: a
    // report answers a dropped cut, and sliced it reached the screen 20–60 ms later. The reducer
    // applies events in the order they came, whatever their priority.
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'gradients' || event.type === 'error') dispatch({ kind: 'event', event });
      else startTransition(() => dispatch({ kind: 'event', event }));
    });
    setConnection((n) => n + 1);
    return () => {
      unsubscribe();
      client.terminate();
      if (clientRef.current === client) clientRef.current = null;
    };
  }, [createWorker]);

  const send = useCallback((request: Request) => {
    const client = clientRef.current;
    if (!client) return;
    // Noted first: a request that cannot be sent is answered by an error at once.
    dispatch({ kind: 'sent', request });
    client.send(request);
  }, []);

  /**
   * The twins' trained state, asked of the worker: resolves with its `weights` answer, rejects on
   * an error in the Train cell (no session yet, say) or when the worker goes away.
   */
  const exportWeights = useCallback(
    () =>
      new Promise<TrainedState>((resolve, reject) => {
        const client = clientRef.current;
        if (!client) return reject(new Error('the worker is not running'));
        const stop = client.subscribe((event) => {
          if (event.type === 'weights') {
            stop();
            resolve(event.state);
          } else if (event.type === 'error' && (event.where === 'training' || !event.recoverable)) {
            stop();
            reject(new Error(event.message));
          }
        });
        send({ type: 'exportWeights' });
      }),
    [send],
  );

  const restore = useCallback(
    (restored: RestoredSession | null) => dispatch({ kind: 'restore', restored }),
    [],
  );

  return { state, send, connection, exportWeights, restore };
}
