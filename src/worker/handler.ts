// The worker's logic as a plain module: requests in, events out. worker.ts binds it to `self`;
// tests drive it in Node. One session at a time: a model, its dataset, and the training twins.
import * as tf from '@tensorflow/tfjs';
import { measureCost } from '../core/cost';
import { CutError, checkCuts } from '../core/cuts';
import { makeDataset, type Dataset } from '../core/data/datasets';
import { DEFAULT_JACOBIAN_BUDGET_BYTES } from '../core/gradients/jacobian';
import { METHODS, type MethodName } from '../core/gradients/types';
import { compareMethods, type GradientReport } from '../core/report';
import { SpecError, checkSpec, type ModelSpec } from '../core/spec';
import {
  DivergenceError,
  TrainingSession,
  checkTrainingOptions,
  type StepRecord,
} from '../core/train';
import type {
  BackendChoice,
  DatasetPreview,
  ErrorPlace,
  Request,
  SessionConfig,
  TrainingState,
  WorkerEvent,
} from './protocol';

export interface HandlerEnvironment {
  /** Sends an event; `transfer` lists buffers to move rather than copy. */
  emit(event: WorkerEvent, transfer?: Transferable[]): void;
  /** Makes a backend current; returns its name and a note when it fell back. */
  useBackend(choice: BackendChoice): Promise<{ backend: string; note?: string }>;
  /** Lets queued messages (pause, a new cut) in between training steps. */
  yieldToMessages(): Promise<void>;
}

/** Progress events at most this often, so a fast model cannot flood the page. */
export const PROGRESS_INTERVAL_MS = 100;
/** Methods compared on a cut change; the slow Jacobian follows in a second report. */
const FAST_METHODS: MethodName[] = ['reference', 'vjp', 'naive'];

interface Session {
  config: SessionConfig;
  spec: ModelSpec;
  dataset: Dataset;
  training: TrainingSession;
  backend: string;
}

const buffersOf = (report: GradientReport): Transferable[] =>
  report.methods.flatMap((m) =>
    [...m.weights, ...m.boundaries].map((t) => t.data.buffer as ArrayBuffer),
  );

export class SessionHandler {
  private session: Session | null = null;
  private state: TrainingState = 'idle';
  private stepsLeft = 0;
  private loop: Promise<void> | null = null;
  private queue: Promise<void> = Promise.resolve();
  private gradientRequests = 0;

  constructor(private readonly env: HandlerEnvironment) {}

  /** Accepts anything posted to the worker; never throws (errors become error events). */
  handle(message: unknown): Promise<void> {
    // Control messages act at once, so pause takes effect within one step.
    const request = this.parse(message);
    if (!request) return Promise.resolve();
    if (request.type === 'pause') {
      this.pause();
      return Promise.resolve();
    }
    // Numbered on arrival, so a comparison knows when a newer one has been asked for.
    const ticket =
      request.type === 'computeGradients' || request.type === 'configure'
        ? ++this.gradientRequests
        : this.gradientRequests;
    this.queue = this.queue.then(() => this.run(request, ticket));
    return this.queue;
  }

  private parse(message: unknown): Request | null {
    const type = (message as { type?: unknown } | null)?.type;
    const known = [
      'configure',
      'computeGradients',
      'train',
      'pause',
      'resume',
      'step',
      'reset',
      'measureCost',
      'dispose',
    ];
    if (typeof type !== 'string' || !known.includes(type)) {
      this.error(
        'protocol',
        `unknown message ${JSON.stringify(type ?? message)}: expected one of ${known.join(', ')}`,
      );
      return null;
    }
    return message as Request;
  }

  private async run(request: Request, ticket: number): Promise<void> {
    try {
      switch (request.type) {
        case 'configure':
          return await this.configure(request.config, ticket);
        case 'computeGradients':
          return await this.computeGradients(request.cuts, request.methods, ticket);
        case 'train':
          return this.train(request.steps);
        case 'pause':
          return this.pause();
        case 'resume':
          if (this.stepsLeft === 0)
            throw new PlaceError('training', 'nothing to resume: start training first');
          return this.train(this.stepsLeft);
        case 'step':
          return this.singleStep();
        case 'reset':
          return this.reset();
        case 'measureCost':
          return await this.measureCost(request.sizes);
        case 'dispose':
          return this.dispose();
        default: {
          const unreachable: never = request;
          throw new Error(`unhandled request ${JSON.stringify(unreachable)}`);
        }
      }
    } catch (error) {
      this.reportFailure(error, request.type);
    }
  }

  private async configure(config: SessionConfig, ticket = this.gradientRequests): Promise<void> {
    if (typeof config !== 'object' || config === null)
      throw new ProtocolError('configure needs a config object');
    // Validate everything before touching the running session: a bad config keeps the last good one.
    const check = checkSpec(config.spec);
    if (!check.ok) throw new SpecError(check.problems);
    const cuts = checkCuts(config.cuts, check.spec.layers.length);
    try {
      checkTrainingOptions(config.hyper);
    } catch (error) {
      throw new PlaceError('training', (error as Error).message);
    }
    if (!['seed-random', 'synthetic'].includes(config.dataset?.kind))
      throw new PlaceError('data', `unknown dataset '${String(config.dataset?.kind)}'`);
    await this.stopLoop();
    const { backend, note } = await this.env.useBackend(config.backend);
    this.env.emit({ type: 'ready', backend, note });
    const outputs = check.shapes[check.shapes.length - 1].outputShape[0];
    let dataset: Dataset;
    try {
      dataset = makeDataset(
        config.dataset.kind,
        check.spec,
        outputs,
        config.dataset.size,
        config.hyper.seed,
      );
    } catch (error) {
      throw new PlaceError('data', (error as Error).message);
    }
    let training: TrainingSession;
    try {
      training = new TrainingSession(check.spec, cuts, dataset, config.hyper);
    } catch (error) {
      dataset.dispose();
      throw error;
    }
    this.disposeSession();
    this.session = { config: { ...config, cuts }, spec: check.spec, dataset, training, backend };
    this.setState('idle');
    this.env.emit({
      type: 'configured',
      model: {
        name: check.spec.name,
        input: check.spec.input,
        loss: check.spec.loss,
        shapes: check.shapes,
        parts: training.parts,
        paramCount: check.shapes.reduce((n, s) => n + s.paramCount, 0),
      },
      dataset: this.preview(dataset, check.spec),
    });
    await this.computeGradients(cuts, METHODS.slice(), ticket);
  }

  private preview(dataset: Dataset, spec: ModelSpec): DatasetPreview {
    const count = Math.min(16, dataset.size);
    const examples = tf.tidy(() =>
      tf.split(dataset.x.slice(0, count), count).map((t) => t.squeeze([0])),
    );
    const labels = tf.tidy(() => dataset.y.slice(0, count).arraySync() as number[][]);
    const preview = {
      kind: dataset.kind,
      size: dataset.size,
      inputShape: spec.input,
      examples: examples.map((t) => ({
        shape: t.shape.slice(),
        data: t.dataSync() as Float32Array,
      })),
      labels,
      description: dataset.description,
    };
    tf.dispose(examples);
    return preview;
  }

  /**
   * The comparison at the reference twin's current weights, on the dataset's first batch: the
   * fast methods first, then again with the slow Jacobian. A newer request (`ticket` is this
   * one's number) makes it skip what is left: dragging a cut again moots the old comparison.
   */
  private async computeGradients(
    rawCuts: unknown,
    methods: MethodName[],
    ticket: number,
  ): Promise<void> {
    const session = this.requireSession();
    const cuts = checkCuts(rawCuts, session.spec.layers.length);
    if (ticket !== this.gradientRequests) return;
    const sameCuts = cuts.join() === session.config.cuts.join();
    if (!sameCuts) {
      // Each split twin has an optimizer per part: new cuts start training afresh.
      const training = new TrainingSession(
        session.spec,
        cuts,
        session.dataset,
        session.config.hyper,
      );
      session.training.dispose();
      session.training = training;
      session.config = { ...session.config, cuts };
      this.stepsLeft = 0;
      this.setState('idle');
    }
    const model = session.training.twin('reference')!.model;
    const size = Math.min(session.config.hyper.batchSize, session.dataset.size);
    const batch = tf.tidy(() => ({
      x: session.dataset.x.slice(0, size),
      y: session.dataset.y.slice(0, size),
    }));
    try {
      const options = {
        context: { training: session.config.hyper.dropout, step: 0 },
        jacobianBudgetBytes: session.config.jacobianBudgetBytes ?? DEFAULT_JACOBIAN_BUDGET_BYTES,
      };
      const fast = methods.filter((m) => FAST_METHODS.includes(m));
      const passes = methods.includes('jacobian') ? [fast, [...fast, 'jacobian' as const]] : [fast];
      for (const [index, pass] of passes.entries()) {
        if (index > 0) {
          // Let newer requests in: a cut dragged again makes this slow pass moot.
          await this.env.yieldToMessages();
          if (this.gradientRequests !== ticket) return;
        }
        const start = performance.now();
        const report = compareMethods(model, batch, cuts, { ...options, methods: pass });
        this.env.emit(
          { type: 'gradients', report: { ...report, elapsedMs: performance.now() - start } },
          buffersOf(report),
        );
      }
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
  }

  private train(steps: number): void {
    if (!Number.isInteger(steps) || steps < 1)
      throw new PlaceError('training', `steps must be a positive integer, got ${steps}`);
    this.requireSession();
    this.stepsLeft = steps;
    if (!this.loop) {
      // A loop forgets itself when done, unless a fallback has already replaced it.
      const loop: Promise<void> = this.trainLoop().finally(() => {
        if (this.loop === loop) this.loop = null;
      });
      this.loop = loop;
    }
  }

  private async trainLoop(): Promise<void> {
    this.setState('running');
    let records: StepRecord[] = [];
    let lastEmit = performance.now();
    const started = performance.now();
    let done = 0;
    const flush = () => {
      const elapsed = (performance.now() - started) / 1000;
      this.env.emit({
        type: 'progress',
        records,
        stepsPerSecond: elapsed > 0 ? done / elapsed : 0,
        state: this.state,
      });
      records = [];
      lastEmit = performance.now();
    };
    try {
      while (this.state === 'running' && this.stepsLeft > 0 && this.session) {
        records.push(this.session.training.trainStep());
        this.stepsLeft--;
        done++;
        if (performance.now() - lastEmit >= PROGRESS_INTERVAL_MS) flush();
        await this.env.yieldToMessages();
      }
      // The last steps reach the page before the state that says training ended.
      if (records.length > 0) flush();
      if (this.state === 'running') this.setState(this.stepsLeft > 0 ? 'paused' : 'idle');
    } catch (error) {
      if (records.length > 0) flush();
      if (error instanceof DivergenceError || !this.session || this.session.backend === 'cpu') {
        this.setState('stopped', error instanceof Error ? error.message : String(error));
        this.reportFailure(error, 'train');
      } else {
        // Queued like a request, so it runs after this loop has wound down.
        const failure = error as Error;
        this.queue = this.queue.then(() => this.fallBack(failure));
      }
    } finally {
      if (records.length > 0) flush();
    }
  }

  /**
   * A backend that fails mid-run (a lost WebGL context, a missing kernel) gives way to the next
   * one, wasm then cpu; the session restarts there and the page is told why, in words.
   */
  private async fallBack(error: Error): Promise<void> {
    const session = this.session!;
    const next = session.backend === 'webgl' ? 'wasm' : 'cpu';
    const message = `the ${session.backend} backend failed during training (${error.message}); switched to ${next} and restarted training from step 0`;
    this.error('backend', message);
    this.setState('stopped', message);
    try {
      await this.configure({ ...session.config, backend: next });
    } catch (failure) {
      this.reportFailure(failure, 'configure');
    }
  }

  private pause(): void {
    if (this.state === 'running') this.setState('paused');
  }

  private singleStep(): void {
    const session = this.requireSession();
    if (this.state === 'running')
      throw new PlaceError('training', 'pause training before stepping by hand');
    const record = session.training.trainStep();
    this.env.emit({ type: 'progress', records: [record], stepsPerSecond: 0, state: this.state });
  }

  private async reset(): Promise<void> {
    const session = this.requireSession();
    await this.stopLoop();
    const training = new TrainingSession(
      session.spec,
      session.config.cuts,
      session.dataset,
      session.config.hyper,
    );
    session.training.dispose();
    session.training = training;
    this.stepsLeft = 0;
    this.setState('idle');
    await this.computeGradients(session.config.cuts, METHODS.slice(), this.gradientRequests);
  }

  private async measureCost(sizes: number[]): Promise<void> {
    const session = this.requireSession();
    if (!Array.isArray(sizes) || !sizes.every((s) => Number.isInteger(s) && s > 0))
      throw new PlaceError('protocol', 'measureCost needs a list of positive integer sizes');
    const points = await measureCost(session.spec, session.config.cuts, sizes, {
      batch: Math.min(session.config.hyper.batchSize, 4),
      budgetBytes: session.config.jacobianBudgetBytes ?? DEFAULT_JACOBIAN_BUDGET_BYTES,
      maxJacobianVjps: 6000,
    });
    this.env.emit({ type: 'cost', points });
  }

  private async dispose(): Promise<void> {
    await this.stopLoop();
    this.disposeSession();
    this.setState('idle');
  }

  private async stopLoop(): Promise<void> {
    if (this.state === 'running') this.state = 'paused';
    await this.loop;
  }

  private disposeSession(): void {
    if (!this.session) return;
    this.session.training.dispose();
    this.session.dataset.dispose();
    this.session = null;
  }

  private requireSession(): Session {
    if (!this.session)
      throw new PlaceError('protocol', 'no model is configured yet: send configure first');
    return this.session;
  }

  private setState(state: TrainingState, reason?: string): void {
    this.state = state;
    this.env.emit({ type: 'trainingState', state, step: this.session?.training.step ?? 0, reason });
  }

  private error(where: ErrorPlace, message: string, recoverable = true): void {
    this.env.emit({ type: 'error', message, where, recoverable });
  }

  /** Maps a failure to the cell it belongs to; the last good session stays in place. */
  private reportFailure(error: unknown, during: Request['type']): void {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PlaceError) return this.error(error.where, message);
    if (error instanceof SpecError) return this.error('spec', message);
    if (error instanceof CutError) return this.error('cuts', message);
    if (error instanceof DivergenceError) return this.error('training', message);
    const where: ErrorPlace =
      during === 'train' || during === 'step' || during === 'resume'
        ? 'training'
        : during === 'computeGradients' || during === 'measureCost'
          ? 'gradients'
          : during === 'configure'
            ? 'backend'
            : 'protocol';
    this.error(where, message);
  }
}

/** An error that knows which cell it belongs to. */
class PlaceError extends Error {
  constructor(
    readonly where: ErrorPlace,
    message: string,
  ) {
    super(message);
  }
}

class ProtocolError extends PlaceError {
  constructor(message: string) {
    super('protocol', message);
  }
}
