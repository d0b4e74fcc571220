// The worker's logic as a plain module: requests in, events out. worker.ts binds it to `self`;
// tests drive it in Node. One session at a time: a model, its dataset, and the training twins.
// A dispatcher: messageValidation.ts checks each message, trainingLoop.ts runs training as a
// state machine, transfer.ts gives each sent array a buffer of its own. Your own images are
// taken in (imageIntake.ts, decoded by imageDecode.ts, held in imageStore.ts) in a lane of their
// own, between requests.
import * as tf from '@tensorflow/tfjs';
import { measureCost } from '../core/cost';
import { CutError, checkCuts } from '../core/cuts';
import {
  DataError,
  datasetExamples,
  datasetFitProblem,
  loadDataset,
  type Dataset,
  type DigitReader,
} from '../core/data/datasets';
import { countClasses } from '../core/data/split';
import { useStockPoolKernels } from '../core/backends/select';
import { DEFAULT_JACOBIAN_BUDGET_BYTES } from '../core/gradients/jacobian';
import { FD64_AUTO_SECONDS, estimateFd64Seconds, fd64Work } from '../core/oracle/cost64';
import { DEFAULT_FD64_SAMPLES } from '../core/oracle/fd64';
import { METHODS, type MethodName } from '../core/gradients/types';
import { estimateMemory, memoryProblem } from '../core/memoryEstimate';
import { compareMethodsSteps } from '../core/report';
import { runStepsInSlices } from '../core/steps';
import { SpecError, checkSpec, type ModelSpec } from '../core/spec';
import { traceStep } from '../core/trace';
import {
  TrainedStateError,
  exportTrainedState,
  importTrainedState,
  type TrainedState,
} from '../core/trainedState';
import { DivergenceError, TrainingSession } from '../core/train';
import { parseRequest, type ParsedRequest } from './messageValidation';
import type {
  BackendChoice,
  DatasetPreview,
  ErrorPlace,
  ImageClass,
  ReportTimings,
  Request,
  SessionConfig,
  WorkerEvent,
} from './protocol';
import { decodeImageFile, type ImageDecoder } from './imageDecode';
import { takeInImages } from './imageIntake';
import { ImageStore } from './imageStore';
import { fetchMnistDigit } from './mnistFetch';
import { TrainingError, TrainingLoop } from './trainingLoop';
import { withOwnBuffers } from './transfer';

export interface HandlerEnvironment {
  /** Sends an event; `transfer` lists buffers to move rather than copy. */
  emit(event: WorkerEvent, transfer?: Transferable[]): void;
  /** Makes a backend current; returns its name and a note when it fell back. */
  useBackend(choice: BackendChoice): Promise<{ backend: string; note?: string }>;
  /** Lets queued messages (pause, a new cut) in between training steps. */
  yieldToMessages(): Promise<void>;
  /** Reads one MNIST digit's file (one byte a pixel); by default fetched from the app's origin. */
  readMnistDigit?: DigitReader;
  /** Decodes one image file to 64×64 RGB bytes; by default createImageBitmap + OffscreenCanvas. */
  decodeImage?: ImageDecoder;
}

/** Methods compared on a cut change; the slow Jacobian follows in a second report. */
const FAST_METHODS: MethodName[] = ['reference', 'vjp', 'naive'];
/**
 * Work between the slow pass's pauses for messages: a new cut waits at most this long (plus one
 * Jacobian row or one float64 perturbation). A pause costs a MessageChannel turn, ~0.1 ms. At
 * 10 ms, Chromium's slices ran 10–31 ms on a busy machine and a drop waited up to 21 ms for one.
 */
const GRADIENT_SLICE_MS = 5;

/** Now on the clock page and worker share (ms since the epoch), for ReportTimings. */
const clock = () => performance.timeOrigin + performance.now();

/** When a request came in, and what held it up. */
type Arrival = Pick<ReportTimings, 'receivedAt' | 'lastSlice'>;

interface Session {
  config: SessionConfig;
  spec: ModelSpec;
  dataset: Dataset;
  training: TrainingSession;
  backend: string;
  /** The twins were built from the seed (not given imported weights); with step 0, untrained. */
  isSeeded: boolean;
}

/** A new training session of the session's model, data and hyper-parameters, at `cuts`. */
const freshTraining = (session: Session, cuts = session.config.cuts) =>
  new TrainingSession(session.spec, cuts, session.dataset, session.config.hyper);

/** The weights a fresh session would start from: the seed's, whatever the cuts. */
const holdsInitialWeights = (session: Session) => session.isSeeded && session.training.step === 0;

export class SessionHandler {
  private session: Session | null = null;
  private readonly loop: TrainingLoop;
  private queue: Promise<void> = Promise.resolve();
  private gradientRequests = 0;
  /** MNIST digits read so far: a model edit reconfigures, and should not fetch them again. */
  private readonly digitFiles = new Map<number, Uint8Array>();
  /** Your own images, and the lane their decoding runs in beside the request queue. */
  private readonly images = new ImageStore();
  private imageQueue: Promise<void> = Promise.resolve();
  /** While a comparison runs in slices: when its current slice began, and the last one's span. */
  private sliceStartedAt = 0;
  private lastSlice: ReportTimings['lastSlice'];

  constructor(private readonly env: HandlerEnvironment) {
    this.loop = new TrainingLoop({
      trainStep: () => this.requireSession().training.trainStep(),
      stepCount: () => this.session?.training.step ?? 0,
      emit: (event) => this.emit(event),
      yieldToMessages: () => env.yieldToMessages(),
      onFailure: (error, steps) => this.onTrainingFailure(error, steps),
    });
  }

  /** Accepts anything posted to the worker; never throws (errors become error events). */
  handle(message: unknown): Promise<void> {
    const arrival: Arrival = { receivedAt: clock(), lastSlice: this.lastSlice };
    const parsed = parseRequest(message);
    // Pause acts at once, so it takes effect within one step; everything else, a rejected
    // message's error included, is answered in order.
    if (parsed.ok && parsed.request.type === 'pause') {
      this.loop.pause();
      return Promise.resolve();
    }
    // Decoding runs in its own lane, pausing between batches, so configure, cuts and training
    // are answered meanwhile. A clear acts at once; a decode it makes moot stops.
    if (parsed.ok && parsed.request.type === 'clearImages') {
      this.images.clear(parsed.request.classIndex);
      this.emit({ type: 'images', images: this.images.state() });
      return Promise.resolve();
    }
    if (parsed.ok && parsed.request.type === 'addImages') {
      const { classIndex, files } = parsed.request;
      const generation = this.images.generation(classIndex);
      this.imageQueue = this.imageQueue.then(() => this.addImages(classIndex, files, generation));
      return this.imageQueue;
    }
    // Numbered on arrival, so a comparison knows when a newer one has been asked for.
    const type = parsed.ok ? parsed.request.type : null;
    const ticket =
      type === 'computeGradients' || type === 'configure'
        ? ++this.gradientRequests
        : this.gradientRequests;
    this.queue = this.queue.then(() => this.run(parsed, ticket, arrival));
    return this.queue;
  }

  private async run(parsed: ParsedRequest, ticket: number, arrival: Arrival): Promise<void> {
    if (!parsed.ok) return this.error(parsed.where, parsed.message, true, parsed.type);
    const request = parsed.request;
    try {
      switch (request.type) {
        case 'configure':
          return await this.configure(request.config, ticket, arrival);
        case 'computeGradients':
          return await this.computeGradients(request.cuts, request.methods, ticket, arrival);
        case 'train':
          this.requireSession();
          return this.loop.start(request.steps);
        case 'pause':
          return this.loop.pause();
        case 'resume':
          this.requireSession();
          return this.loop.resume();
        case 'step':
          this.requireSession();
          return await this.loop.stepOnce();
        case 'reset':
          return await this.reset();
        case 'measureCost':
          return await this.measureCost(request.sizes);
        case 'traceStep':
          return await this.traceStep();
        case 'exportWeights':
          return await this.exportWeights();
        case 'importWeights':
          return await this.importWeights(request.state);
        case 'dispose':
          return await this.dispose();
        case 'addImages':
        case 'clearImages':
          // Handled on arrival (see handle): never queued here.
          return;
        default: {
          const unreachable: never = request;
          throw new Error(`unhandled request ${JSON.stringify(unreachable)}`);
        }
      }
    } catch (error) {
      this.reportFailure(error, request.type, request.type);
    }
  }

  /** `config`'s fields are checked already; the spec and cuts are checked against each other here. */
  private async configure(
    config: SessionConfig,
    ticket: number,
    arrival: Arrival = { receivedAt: clock() },
  ): Promise<void> {
    // Validate everything before touching the running session: a bad config keeps the last good one.
    const check = checkSpec(config.spec);
    if (!check.ok) throw new SpecError(check.problems);
    const cuts = checkCuts(config.cuts, check.spec.layers.length);
    // A model too big for the tab would hang the page: refuse it before building anything.
    const memory = estimateMemory(check.spec, check.shapes, {
      batch: config.hyper.batchSize,
      models: config.hyper.twins.includes('naive') ? 3 : 2,
      optimizer: config.hyper.optimizer,
      examples: datasetExamples(config.dataset, this.images.total()),
    });
    const tooBig = memoryProblem(memory, 'one training step');
    if (tooBig) throw new PlaceError('spec', tooBig);
    const outputs = check.shapes[check.shapes.length - 1].outputShape[0];
    const misfit = datasetFitProblem(config.dataset, check.spec, outputs);
    if (misfit) throw new PlaceError('data', misfit);
    await this.loop.stop();
    const { backend, note } = await this.env.useBackend(config.backend);
    // Every backend gets our pooling gradients unless the teacher asks for tfjs's own.
    useStockPoolKernels(config.stockKernels ?? false);
    this.emit({ type: 'ready', backend, note });
    let dataset: Dataset;
    try {
      dataset = await loadDataset(
        config.dataset,
        check.spec,
        outputs,
        config.hyper.seed,
        (d) => this.readDigit(d),
        this.images.all,
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
    this.session = {
      config: { ...config, cuts },
      spec: check.spec,
      dataset,
      training,
      backend,
      isSeeded: true,
    };
    this.loop.announce();
    this.emit({
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
    await this.computeGradients(cuts, METHODS.slice(), ticket, arrival);
  }

  private async readDigit(digit: number): Promise<Uint8Array> {
    const known = this.digitFiles.get(digit);
    if (known) return known;
    const bytes = await (this.env.readMnistDigit ?? fetchMnistDigit)(digit);
    this.digitFiles.set(digit, bytes);
    return bytes;
  }

  /** Your files into class `k` (imageIntake.ts), then the images held, unless a clear came first. */
  private async addImages(k: ImageClass, files: Blob[], generation: number): Promise<void> {
    try {
      const isTaken = await takeInImages(this.images, k, files, generation, {
        decode: this.env.decodeImage ?? decodeImageFile,
        progress: (done, total) => this.emit({ type: 'imageProgress', classIndex: k, done, total }),
        pause: () => this.env.yieldToMessages(),
      });
      if (isTaken) this.emit({ type: 'images', images: this.images.state() });
    } catch (error) {
      this.error('data', `your images could not be read: ${(error as Error).message}`);
    }
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
      testSize: dataset.test?.size ?? 0,
      classNames: dataset.classNames,
      classCounts: {
        train: countClasses(dataset.labels, dataset.classNames.length),
        test: dataset.test ? countClasses(dataset.test.labels, dataset.classNames.length) : [],
      },
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
    rawCuts: number[],
    methods: MethodName[],
    ticket: number,
    arrival: Arrival = { receivedAt: clock() },
  ): Promise<void> {
    const startedAt = clock();
    const session = this.requireSession();
    const cuts = checkCuts(rawCuts, session.spec.layers.length);
    if (ticket !== this.gradientRequests) return;
    // Each split twin has an optimizer per part: new cuts start training afresh. A session still
    // at its seeded weights holds the very weights the fresh one would, so its reference twin
    // answers the fast pass and the rebuild (1–18 ms in Chromium) follows that report.
    let isRebuildDue = cuts.join() !== session.config.cuts.join();
    if (isRebuildDue) {
      await this.loop.stop();
      if (ticket !== this.gradientRequests) return;
      if (!holdsInitialWeights(session)) {
        this.startAfresh(session, cuts);
        isRebuildDue = false;
      }
    }
    const preparedAt = clock();
    let model = session.training.twin('reference')!.model;
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
      // The float64 check runs in the slow pass, where it costs a few seconds at most.
      const samplesPerTensor = session.config.fd64Samples ?? DEFAULT_FD64_SAMPLES;
      const fd64Seconds = estimateFd64Seconds(
        fd64Work(model.spec, model.shapes, cuts, size, samplesPerTensor),
      );
      const fd64 = fd64Seconds < FD64_AUTO_SECONDS && { samplesPerTensor, seed: 0 };
      const slow = methods.includes('jacobian') ? [...fast, 'jacobian' as const] : fast;
      const passes = methods.includes('jacobian') || fd64 ? [fast, slow] : [fast];
      for (const [index, pass] of passes.entries()) {
        if (index > 0) {
          // Let newer requests in: a cut dragged again makes this slow pass moot.
          await this.env.yieldToMessages();
          if (this.gradientRequests !== ticket) return;
        }
        const start = performance.now();
        const steps = compareMethodsSteps(model, batch, cuts, {
          ...options,
          methods: pass,
          fd64: index > 0 && fd64,
        });
        // The Jacobian yields between its rows: let messages in every slice, and give up (its
        // tensors freed) as soon as a newer request moots this comparison.
        this.sliceStartedAt = clock();
        const report = await runStepsInSlices(steps, {
          sliceMs: GRADIENT_SLICE_MS,
          pause: () => this.pauseBetweenSlices(),
          isSuperseded: () => this.gradientRequests !== ticket,
        }).finally(() => (this.lastSlice = undefined));
        if (!report) return;
        const computedAt = clock();
        this.emit(
          {
            type: 'gradients',
            report: {
              ...report,
              elapsedMs: performance.now() - start,
              fd64Estimate: { seconds: fd64Seconds, samplesPerTensor },
            },
          },
          { ...arrival, startedAt, preparedAt, computedAt },
        );
        if (isRebuildDue) {
          this.startAfresh(session, cuts);
          isRebuildDue = false;
          // Built from the same seed: the slow pass sees the fast pass's weights.
          model = session.training.twin('reference')!.model;
        }
      }
    } finally {
      tf.dispose([batch.x, batch.y]);
      // Abandoned before its report: the session still takes the new cuts.
      if (isRebuildDue) this.startAfresh(session, cuts);
    }
  }

  /** Training from the seed's weights at `cuts`: new twins, new optimizers, step 0. */
  private startAfresh(session: Session, cuts = session.config.cuts): void {
    const training = freshTraining(session, cuts);
    session.training.dispose();
    session.training = training;
    session.config = { ...session.config, cuts };
    session.isSeeded = true;
    this.loop.announce();
  }

  /** Lets messages in between a comparison's slices, noting each slice's span for ReportTimings. */
  private async pauseBetweenSlices(): Promise<void> {
    this.lastSlice = { startedAt: this.sliceStartedAt, endedAt: clock() };
    await this.env.yieldToMessages();
    this.sliceStartedAt = clock();
  }

  /**
   * A failed step: a diverging run, or any failure on cpu, stops with the reason. A backend that
   * fails mid-run (a lost WebGL context, a missing kernel) gives way to the next one, wasm then
   * cpu, where the session is rebuilt and the same run starts again from step 0.
   */
  private onTrainingFailure(error: unknown, steps: number): void {
    const session = this.session;
    if (error instanceof DivergenceError || !session || session.backend === 'cpu')
      return this.reportFailure(error, 'train');
    // Queued like a request, so it runs after whatever the page asked for before.
    const ticket = ++this.gradientRequests;
    this.queue = this.queue.then(() => this.fallBack(session, error, steps, ticket));
  }

  private async fallBack(
    session: Session,
    error: unknown,
    steps: number,
    ticket: number,
  ): Promise<void> {
    const next = session.backend === 'webgl' ? 'wasm' : 'cpu';
    const reason = error instanceof Error ? error.message : String(error);
    this.error(
      'backend',
      `the ${session.backend} backend failed during training (${reason}); switched to ${next} and restarted training from step 0`,
    );
    try {
      await this.configure({ ...session.config, backend: next }, ticket);
      this.loop.start(steps);
    } catch (failure) {
      this.reportFailure(failure, 'configure');
    }
  }

  private async reset(): Promise<void> {
    const session = this.requireSession();
    await this.loop.stop();
    this.startAfresh(session);
    await this.computeGradients(session.config.cuts, METHODS.slice(), this.gradientRequests);
  }

  private async measureCost(sizes: number[]): Promise<void> {
    const session = this.requireSession();
    const points = await measureCost(session.spec, session.config.cuts, sizes, {
      batch: Math.min(session.config.hyper.batchSize, 4),
      budgetBytes: session.config.jacobianBudgetBytes ?? DEFAULT_JACOBIAN_BUDGET_BYTES,
      maxJacobianVjps: 6000,
    });
    this.emit({ type: 'cost', points });
  }

  /**
   * The presenter's step: the split twin at its current weights on the batch and dropout masks
   * the next training step uses, its update by copies of its own optimizers (running averages
   * included) on copies of the weights. Training stays put.
   */
  private async traceStep(): Promise<void> {
    const session = this.requireSession();
    const { training } = session;
    const hyper = session.config.hyper;
    const { batch, context } = training.nextBatch();
    try {
      const twin = training.twin('vjp')!;
      const trace = await traceStep(twin.model, batch, training.parts, {
        optimizer: hyper.optimizer,
        learningRate: hyper.learningRate,
        context,
        optimizers: twin.optimizers.map((o) => o.optimizer),
      });
      this.emit({ type: 'trace', trace, step: training.step });
    } finally {
      tf.dispose([batch.x, batch.y]);
    }
  }

  private async exportWeights(): Promise<void> {
    const session = this.requireSession();
    // Between steps: a running loop yields only at step boundaries, where the state is whole.
    const state = await exportTrainedState(session.training);
    this.emit({ type: 'weights', state });
  }

  /**
   * A fresh session of the same config takes the state; the old one is replaced only once that
   * worked, so a state that does not fit leaves the weights as they were.
   */
  private async importWeights(state: TrainedState): Promise<void> {
    const session = this.requireSession();
    await this.loop.stop();
    const training = freshTraining(session);
    try {
      await importTrainedState(training, state);
    } catch (error) {
      training.dispose();
      this.loop.announce();
      throw error instanceof TrainedStateError
        ? new PlaceError('training', `the saved weights do not fit this model: ${error.message}`)
        : error;
    }
    session.training.dispose();
    session.training = training;
    session.isSeeded = false;
    this.emit({ type: 'weightsImported', step: training.step });
    this.loop.announce();
    await this.computeGradients(session.config.cuts, METHODS.slice(), this.gradientRequests);
  }

  private async dispose(): Promise<void> {
    await this.loop.stop();
    this.disposeSession();
    this.loop.announce();
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

  /**
   * Every event leaves through here, its arrays in buffers of their own for transfer; a gradient
   * report with where its time went, up to now.
   */
  private emit(event: WorkerEvent, timings?: Omit<ReportTimings, 'sentAt'>): void {
    const outgoing = withOwnBuffers(event);
    if (timings && outgoing.event.type === 'gradients')
      outgoing.event.timings = { ...timings, sentAt: clock() };
    this.env.emit(outgoing.event, outgoing.transfer);
  }

  private error(
    where: ErrorPlace,
    message: string,
    recoverable = true,
    answers?: Request['type'],
  ): void {
    this.emit({ type: 'error', message, where, recoverable, ...(answers ? { answers } : {}) });
  }

  /**
   * Maps a failure to the cell it belongs to; the last good session stays in place. `answers`
   * names the request it ends (not given for a run that fails after it began).
   */
  private reportFailure(error: unknown, during: Request['type'], answers?: Request['type']): void {
    const message = error instanceof Error ? error.message : String(error);
    this.error(placeOfFailure(error, during), message, true, answers);
  }
}

function placeOfFailure(error: unknown, during: Request['type']): ErrorPlace {
  if (error instanceof PlaceError) return error.where;
  if (error instanceof SpecError) return 'spec';
  if (error instanceof CutError) return 'cuts';
  if (error instanceof DataError) return 'data';
  if (error instanceof DivergenceError || error instanceof TrainingError) return 'training';
  return during === 'train' || during === 'step' || during === 'resume'
    ? 'training'
    : during === 'computeGradients' || during === 'measureCost' || during === 'traceStep'
      ? 'gradients'
      : during === 'exportWeights' || during === 'importWeights'
        ? 'training'
        : during === 'configure'
          ? 'backend'
          : 'protocol';
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
