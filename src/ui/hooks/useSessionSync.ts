// Tells the worker what the learner chose: a new model, data, hyper-parameters or backend
// rebuild the session (`configure`); new cuts alone only recompute the comparison
// (`computeGradients`), sent from the drop itself through the returned `sendCuts`. Debounced, so
// typing a learning rate sends one message, not five.
// Data with a held-out split also asks the worker to score the twins on it every few steps.
// Trained weights from a notebook file follow the configure they belong to (`importWeights`).
// Your own images live in the worker: a new `imagesRevision` (images added or cleared) rebuilds
// a session that trains on them.
// Every other request goes after a configure still waiting out its delay (`flush`): Train
// clicked right after a new learning rate trains the new session, not the one about to go.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type {
  EvaluationOptions,
  Request,
  SessionConfig,
  TrainedState,
} from '../../worker/protocol';
import { hasHeldOut } from '../data/datasetChoice';
import { ALL_METHODS } from '../gradients/methods';
import type { NotebookSettings } from '../state/notebookSettings';

const CONFIGURE_DELAY_MS = 250;

/** Held-out accuracy every 10 steps on 256 examples, with 8 of the mistakes to show. */
export const HELD_OUT_EVALUATION: EvaluationOptions = { every: 10, examples: 256, mistakes: 8 };

/** Weights loaded from a file, for the session of the settings loaded with them. */
export interface PendingWeights {
  /** One per file loaded: a new one rebuilds the session even when its settings are the same. */
  generation: number;
  state: TrainedState;
}

export function useSessionSync(
  settings: NotebookSettings,
  send: (request: Request) => void,
  connection: number,
  pending: PendingWeights | null = null,
  imagesRevision = 0,
) {
  const pendingRef = useRef(pending);
  pendingRef.current = pending;
  const sentGeneration = useRef(0);
  const generation = pending?.generation ?? 0;
  // The configuration without the cuts, as a string: a new string means a new session.
  const sessionKey = useMemo(
    () =>
      JSON.stringify({
        revision: settings.dataset.kind === 'images' ? imagesRevision : null,
        generation,
        config: {
          spec: settings.model.spec,
          dataset: settings.dataset,
          hyper: hasHeldOut(settings.dataset)
            ? { ...settings.hyper, evaluation: HELD_OUT_EVALUATION }
            : settings.hyper,
          backend: settings.backend,
          fd64Samples: settings.check.fd64Samples,
          stockKernels: settings.check.stockKernels,
        },
      }),
    [
      settings.model.spec,
      settings.dataset,
      settings.hyper,
      settings.backend,
      settings.check,
      generation,
      imagesRevision,
    ],
  );
  const cutsKey = settings.cuts.join(',');
  const sentCuts = useRef<string | null>(null);
  const sentSession = useRef<string | null>(null);
  const cutsRef = useRef(settings.cuts);
  cutsRef.current = settings.cuts;
  const sessionKeyRef = useRef(sessionKey);
  sessionKeyRef.current = sessionKey;
  const connectionRef = useRef(connection);
  connectionRef.current = connection;
  /** The configure waiting out its delay, if any. */
  const waiting = useRef<(() => void) | null>(null);

  /**
   * New cuts for the session the worker holds, unless they were sent already. A pending
   * configure carries the cuts with it; a session not yet sent cannot take new cuts.
   */
  const sendCuts = useCallback(
    (cuts: number[]) => {
      const key = cuts.join(',');
      if (
        connectionRef.current === 0 ||
        sentSession.current !== sessionKeyRef.current ||
        sentCuts.current === key
      )
        return;
      sentCuts.current = key;
      send({ type: 'computeGradients', cuts, methods: ALL_METHODS });
    },
    [send],
  );

  useEffect(() => {
    if (connection === 0) return;
    const configure = () => {
      // Sent already by a flush: the timer has nothing left to do.
      if (waiting.current !== configure) return;
      waiting.current = null;
      const session = (JSON.parse(sessionKey) as { config: Omit<SessionConfig, 'cuts'> }).config;
      const cuts = cutsRef.current;
      sentCuts.current = cuts.join(',');
      sentSession.current = sessionKey;
      send({ type: 'configure', config: { ...session, cuts } });
      // The worker answers in order: the weights land on the session just configured.
      const weights = pendingRef.current;
      if (weights && weights.generation !== sentGeneration.current) {
        sentGeneration.current = weights.generation;
        send({ type: 'importWeights', state: weights.state });
      }
    };
    waiting.current = configure;
    // The first configuration of a worker goes at once: nothing to debounce yet.
    const timer = setTimeout(configure, sentCuts.current === null ? 0 : CONFIGURE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      if (waiting.current === configure) waiting.current = null;
    };
  }, [sessionKey, connection, send]);

  /** Sends the configure waiting out its delay now, so that what is sent next follows it. */
  const flush = useCallback(() => waiting.current?.(), []);

  // Cuts that came another way (a notebook file, a configure that was pending) go once the
  // render shows them. The worker drops comparisons a newer cut list has superseded, so a burst
  // of arrow keys costs one Jacobian, not many.
  useEffect(() => sendCuts(cutsRef.current), [cutsKey, sessionKey, connection, sendCuts]);

  // A drop or a key calls this before the render that draws the new cuts: the drop-to-table
  // target is 100 ms, and that render and its effects took the page 10–50 ms in Chromium
  // (bench/dropTrace.ts); the effect above then finds the cuts sent.
  return { sendCuts, flush };
}
