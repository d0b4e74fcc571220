// Long computations written once as generators that yield where they may stop (a Jacobian row
// done, no tf.tidy scope open, every live tensor owned by a `finally`): run to the end at once
// here, or in slices by a caller that lets other work in and may abandon them (the worker).

/** A computation that yields at its safe stopping points and returns a T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to their end without stopping: the synchronous API. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export interface SliceOptions {
  /** Work this long (ms) before pausing at the next yield. */
  sliceMs: number;
  /** Lets other work in between slices. */
  pause(): Promise<void>;
  /** Asked after each pause: true abandons the steps. */
  isSuperseded(): boolean;
}

/**
 * Runs steps in slices of about `sliceMs`, pausing between them; returns null when abandoned.
 * Abandoning calls `return()` on the generator, so its `finally` blocks free what it holds.
 */
export async function runStepsInSlices<T>(
  steps: Steps<T>,
  { sliceMs, pause, isSuperseded }: SliceOptions,
): Promise<T | null> {
  let sliceStart = performance.now();
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - sliceStart < sliceMs) continue;
      await pause();
      if (isSuperseded()) return null;
      sliceStart = performance.now();
    }
  } finally {
    // A no-op once the steps finished or threw; otherwise runs their finally blocks.
    (steps as Generator<void, unknown, void>).return(undefined);
  }
}
