// Training as a state machine: the loop that steps the session between yields to the message
// queue, and the named transitions that start, pause, resume, stop and fail it. The handler only
// dispatches requests here; this module decides what each one means in each state.
import type { StepRecord } from '../core/train';
import type { TrainingState, WorkerEvent } from './protocol';

/**
 * - idle: no run (none yet, finished, or stopped for a rebuild).
 * - running: the loop steps and yields between steps.
 * - pausing: pause was asked; the loop stops at its next step boundary. Resume cancels it.
 * - paused: the loop ended with steps left; resume goes on from there.
 * - stopping: a rebuild (configure, reset, new cuts) waits for the loop to end; then idle.
 * - failed: a step threw; the page was told why.
 */
export type LoopState = 'idle' | 'running' | 'pausing' | 'paused' | 'stopping' | 'failed';

/** Progress events at most this often, so a fast model cannot flood the page. */
export const PROGRESS_INTERVAL_MS = 100;

export interface LoopHost {
  /** One training step of the current session (throws DivergenceError, or a backend's error). */
  trainStep(): StepRecord;
  /** The session's step count, for state events. */
  stepCount(): number;
  emit(event: WorkerEvent): void;
  /** Lets queued messages (pause, resume, a new cut) in between steps. */
  yieldToMessages(): Promise<void>;
  /** A step threw: the loop is `failed` and has told the page. `steps` is what the run asked for. */
  onFailure(error: unknown, steps: number): void;
}

/** A request that makes no sense in the current state, in words; it belongs to the Train cell. */
export class TrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingError';
  }
}

/** What the page sees: it is told `paused` only once the loop has really stopped stepping. */
export function reportedState(state: LoopState): TrainingState {
  switch (state) {
    case 'idle':
      return 'idle';
    case 'running':
    case 'pausing':
    case 'stopping':
      return 'running';
    case 'paused':
      return 'paused';
    case 'failed':
      return 'stopped';
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}

export class TrainingLoop {
  private current: LoopState = 'idle';
  private stepsLeft = 0;
  /** The steps the last `start` asked for, so a fallback can run them again elsewhere. */
  private requested = 0;
  /** True from spawning a loop until it has settled its final state. */
  private isLooping = false;
  private loopDone: Promise<void> = Promise.resolve();

  constructor(private readonly host: LoopHost) {}

  get state(): LoopState {
    return this.current;
  }

  get remaining(): number {
    return this.stepsLeft;
  }

  /** start: idle, paused or failed → running with a new loop; running or pausing → running. */
  start(steps: number): void {
    if (this.current === 'stopping')
      throw new TrainingError('training is being stopped for a rebuild: start it again after');
    this.stepsLeft = steps;
    this.requested = steps;
    this.run();
  }

  /** pause: running → pausing. Anything else stays as it is. */
  pause(): void {
    if (this.current === 'running') this.current = 'pausing';
  }

  /** resume: pausing → running (same loop), paused → running (a new loop). */
  resume(): void {
    switch (this.current) {
      case 'pausing':
      case 'paused':
        return this.run();
      case 'running':
        return;
      case 'idle':
      case 'failed':
      case 'stopping':
        throw new TrainingError('nothing to resume: start training first');
      default: {
        const unreachable: never = this.current;
        throw new Error(`unhandled state ${String(unreachable)}`);
      }
    }
  }

  /**
   * stop: running or pausing → stopping → idle once the loop has ended; paused or failed → idle.
   * Says nothing to the page: the caller rebuilds, then calls `announce`.
   */
  async stop(): Promise<void> {
    if (this.current === 'running' || this.current === 'pausing') this.current = 'stopping';
    await this.loopDone;
    this.current = 'idle';
    this.stepsLeft = 0;
  }

  /** A step by hand, between runs. A pause still landing is waited for, not refused. */
  async stepOnce(): Promise<void> {
    if (this.current === 'pausing') await this.loopDone;
    if (this.current === 'running' || this.current === 'stopping')
      throw new TrainingError('pause training before stepping by hand');
    const record = this.host.trainStep();
    this.emitProgress([record], 0);
  }

  /** Tells the page the current state and step, e.g. after a rebuild reset the step to 0. */
  announce(reason?: string): void {
    this.host.emit({
      type: 'trainingState',
      state: reportedState(this.current),
      step: this.host.stepCount(),
      reason,
    });
  }

  private emitProgress(records: StepRecord[], stepsPerSecond: number): void {
    this.host.emit({
      type: 'progress',
      records,
      stepsPerSecond,
      state: reportedState(this.current),
    });
  }

  /** Enters running; spawns a loop unless one is still going (it then simply carries on). */
  private run(): void {
    const wasActive = this.current === 'running' || this.current === 'pausing';
    this.current = 'running';
    if (!wasActive) this.announce();
    if (this.isLooping) return;
    this.isLooping = true;
    this.loopDone = this.loop();
  }

  private async loop(): Promise<void> {
    let records: StepRecord[] = [];
    let done = 0;
    const started = performance.now();
    let lastEmit = started;
    const flush = () => {
      if (records.length === 0) return;
      const elapsed = (performance.now() - started) / 1000;
      this.emitProgress(records, elapsed > 0 ? done / elapsed : 0);
      records = [];
      lastEmit = performance.now();
    };
    let failure: { error: unknown } | null = null;
    try {
      while (this.current === 'running' && this.stepsLeft > 0) {
        records.push(this.host.trainStep());
        this.stepsLeft--;
        done++;
        if (performance.now() - lastEmit >= PROGRESS_INTERVAL_MS) flush();
        await this.host.yieldToMessages();
      }
    } catch (error) {
      failure = { error };
    }
    // The last steps reach the page before the state that says the run ended.
    flush();
    this.isLooping = false;
    if (failure) return this.fail(failure.error);
    this.settle();
  }

  /** The loop's own exits: finish (running → idle), halt (pausing → paused), stopping → idle. */
  private settle(): void {
    switch (this.current) {
      case 'running':
        // finish: every step done.
        this.current = 'idle';
        return this.announce();
      case 'pausing':
        // halt: stopped at a step boundary; the state carries the exact step count. A pause
        // that came with the last step finishes the run instead: there is nothing to resume.
        this.current = this.stepsLeft > 0 ? 'paused' : 'idle';
        return this.announce();
      case 'stopping':
        // The caller of stop() moves on to idle and announces after its rebuild.
        return;
      case 'idle':
      case 'paused':
      case 'failed':
        return;
      default: {
        const unreachable: never = this.current;
        throw new Error(`unhandled state ${String(unreachable)}`);
      }
    }
  }

  /** fail: running or pausing → failed, with the reason; the host reports it or recovers. */
  private fail(error: unknown): void {
    // A run being stopped for a rebuild is replaced anyway: its failure no longer describes the
    // session the page will see.
    if (this.current === 'stopping') return;
    this.current = 'failed';
    this.announce(error instanceof Error ? error.message : String(error));
    this.host.onFailure(error, this.requested);
  }
}
