// What the page knows about the worker's session, as a pure reducer over what the page sent and
// what the worker answered. One-way: events in, state out; components only read it.
import type {
  CostPoint,
  DatasetPreview,
  ErrorPlace,
  GradientsReport,
  ImagesState,
  ModelSummary,
  Request,
  StepRecord,
  StepTrace,
  TrainingState,
  WorkerEvent,
} from '../../worker/protocol';
import { appendRecords } from './recordHistory';
import { endsRestored, isContinued, type RestoredSession } from './restoredSession';

export interface ErrorNotice {
  message: string;
  recoverable: boolean;
}

/** Your images as the worker holds them, and each class's decode in progress (null when none). */
export interface ImagesView extends ImagesState {
  progress: [ImageProgress | null, ImageProgress | null];
}

export interface ImageProgress {
  done: number;
  total: number;
}

export const NO_IMAGES: ImagesView = {
  counts: [0, 0],
  rejected: [[], []],
  revision: 0,
  progress: [null, null],
};

export interface SessionState {
  backend: { name: string; note?: string } | null;
  model: ModelSummary | null;
  dataset: DatasetPreview | null;
  report: GradientsReport | null;
  records: StepRecord[];
  stepsPerSecond: number;
  training: { state: TrainingState; step: number; reason?: string };
  /** The step count the current `train` request runs up to, for the progress bar. */
  trainTarget: number | null;
  /**
   * The steps of a `train` sent that the worker has not started yet. The answers to what was
   * sent before it (a session rebuilt at step 0, weights imported at step 5) move its target to
   * their step rather than end it.
   */
  queuedSteps: number | null;
  cost: CostPoint[] | null;
  /** The latest traced step (the presenter's frames), with the steps its weights had taken. */
  trace: { trace: StepTrace; step: number } | null;
  /**
   * The step the session's weights were imported at (a notebook file's trained weights), while
   * the live run goes on from them; null for weights the session built itself. Set when the
   * import is sent: the worker answers in order, so whatever is sent after it (a Train click
   * before the answer) already runs on the imported weights.
   */
  resumedAt: number | null;
  /**
   * Imports sent and not yet answered. Until then the events of the configure sent before them
   * (its `configured`, its step-0 `trainingState`) leave `resumedAt` as it is.
   */
  importsPending: number;
  /**
   * Curves and a report read back from a file or the autosave, laid over the live run
   * (restoredSession.ts). Kept here so that a request ends them, or not, in the order the page
   * sent it, whatever React has drawn by then.
   */
  restored: RestoredSession | null;
  isConfiguring: boolean;
  isComputingGradients: boolean;
  isMeasuringCost: boolean;
  isTracing: boolean;
  /** Your own images in the worker: they live as long as this tab. */
  images: ImagesView;
  errors: Partial<Record<ErrorPlace, ErrorNotice>>;
}

export type SessionAction =
  | { kind: 'sent'; request: Request }
  | { kind: 'event'; event: WorkerEvent }
  | { kind: 'restore'; restored: RestoredSession | null };

export const initialSession: SessionState = {
  backend: null,
  model: null,
  dataset: null,
  report: null,
  records: [],
  stepsPerSecond: 0,
  training: { state: 'idle', step: 0 },
  trainTarget: null,
  queuedSteps: null,
  cost: null,
  trace: null,
  resumedAt: null,
  importsPending: 0,
  restored: null,
  isConfiguring: false,
  isComputingGradients: false,
  isMeasuringCost: false,
  isTracing: false,
  images: NO_IMAGES,
  errors: {},
};

const withProgress = (images: ImagesView, k: 0 | 1, progress: ImageProgress | null): ImagesView => {
  const both: ImagesView['progress'] = [...images.progress];
  both[k] = progress;
  return { ...images, progress: both };
};

const withoutErrors = (
  errors: SessionState['errors'],
  places: ErrorPlace[],
): SessionState['errors'] => {
  const kept = { ...errors };
  for (const place of places) delete kept[place];
  return kept;
};

/** Steps done so far: the worker's count, or one past the last record if that is newer. */
export const stepsDone = (state: Pick<SessionState, 'training' | 'records'>) =>
  Math.max(state.training.step, (state.records.at(-1)?.step ?? -1) + 1);

/** The target of a `train` not yet started, once its session answers that it stands at `step`. */
const queuedTargetFrom = (step: number, state: SessionState) =>
  state.queuedSteps === null ? null : step + state.queuedSteps;

function onSent(state: SessionState, request: Request): SessionState {
  switch (request.type) {
    case 'configure':
      return {
        ...state,
        isConfiguring: true,
        isComputingGradients: true,
        errors: withoutErrors(state.errors, [
          'spec',
          'cuts',
          'data',
          'gradients',
          'backend',
          'training',
        ]),
      };
    case 'computeGradients':
      return {
        ...state,
        isComputingGradients: true,
        errors: withoutErrors(state.errors, ['cuts', 'gradients']),
      };
    case 'train':
      return {
        ...state,
        // Sent before an import's answer, it trains on from the imported step.
        trainTarget:
          (state.importsPending > 0 ? (state.resumedAt ?? 0) : stepsDone(state)) + request.steps,
        queuedSteps: request.steps,
        errors: withoutErrors(state.errors, ['training']),
      };
    case 'step':
      return {
        ...state,
        trainTarget: null,
        errors: withoutErrors(state.errors, ['training']),
      };
    case 'reset':
      return {
        ...state,
        records: [],
        trainTarget: null,
        queuedSteps: null,
        stepsPerSecond: 0,
        resumedAt: null,
      };
    case 'importWeights':
      // The old session's steps end here (its configure, sent just before, clears them too).
      return {
        ...state,
        resumedAt: request.state.step,
        importsPending: state.importsPending + 1,
        records: [],
        trainTarget: null,
        isComputingGradients: true,
        errors: withoutErrors(state.errors, ['training']),
      };
    case 'measureCost':
      return {
        ...state,
        isMeasuringCost: true,
        errors: withoutErrors(state.errors, ['gradients']),
      };
    case 'traceStep':
      return { ...state, isTracing: true, errors: withoutErrors(state.errors, ['gradients']) };
    case 'addImages':
      return {
        ...state,
        images: withProgress(state.images, request.classIndex, {
          done: 0,
          total: request.files.length,
        }),
      };
    case 'clearImages':
      return { ...state, images: withProgress(state.images, request.classIndex, null) };
    case 'pause':
    case 'resume':
    case 'exportWeights':
    case 'dispose':
      return state;
    default: {
      const unreachable: never = request;
      return unreachable;
    }
  }
}

function onEvent(state: SessionState, event: WorkerEvent): SessionState {
  switch (event.type) {
    case 'ready':
      return {
        ...state,
        backend: { name: event.backend, note: event.note },
        errors: withoutErrors(state.errors, ['backend']),
      };
    case 'configured':
      // A new session starts from fresh weights: the old curves no longer describe it.
      return {
        ...state,
        model: event.model,
        dataset: event.dataset,
        // Costs measured for the previous model no longer apply.
        cost: null,
        trace: null,
        // Weights sent to be imported into this session are on their way.
        resumedAt: state.importsPending > 0 ? state.resumedAt : null,
        records: [],
        trainTarget: queuedTargetFrom(0, state),
        stepsPerSecond: 0,
        isConfiguring: false,
      };
    case 'gradients':
      return { ...state, report: event.report, isComputingGradients: false };
    case 'progress': {
      const last = event.records.at(-1);
      return {
        ...state,
        records:
          event.records.length > 0 ? appendRecords(state.records, event.records) : state.records,
        stepsPerSecond: event.stepsPerSecond > 0 ? event.stepsPerSecond : state.stepsPerSecond,
        queuedSteps: null,
        training: {
          ...state.training,
          state: event.state,
          step: last ? Math.max(state.training.step, last.step + 1) : state.training.step,
        },
      };
    }
    case 'trainingState': {
      // A step count below the records' means the weights were rebuilt (reset, new cuts):
      // drop the steps that no longer happened.
      const records = state.records.filter((r) => r.step < event.step);
      const isBehind =
        state.importsPending === 0 && state.resumedAt !== null && event.step < state.resumedAt;
      return {
        ...state,
        resumedAt: isBehind ? null : state.resumedAt,
        records: records.length === state.records.length ? state.records : records,
        trainTarget:
          event.state !== 'idle'
            ? state.trainTarget
            : state.queuedSteps !== null
              ? queuedTargetFrom(event.step, state)
              : event.step === 0
                ? null
                : state.trainTarget,
        queuedSteps: event.state === 'idle' ? state.queuedSteps : null,
        training: { state: event.state, step: event.step, reason: event.reason },
      };
    }
    case 'cost':
      return { ...state, cost: event.points, isMeasuringCost: false };
    case 'trace':
      return { ...state, trace: { trace: event.trace, step: event.step }, isTracing: false };
    case 'weights':
      // Read once by whoever asked (the save): nothing to keep.
      return state;
    case 'weightsImported': {
      // The run goes on from the imported step; a report at the old weights no longer applies.
      // Another import sent since keeps the step it was sent with.
      const importsPending = Math.max(0, state.importsPending - 1);
      return {
        ...state,
        importsPending,
        resumedAt: importsPending > 0 ? state.resumedAt : event.step,
        trainTarget: queuedTargetFrom(event.step, state),
        records: [],
        report: null,
        trace: null,
        training: { ...state.training, step: event.step },
      };
    }
    case 'imageProgress':
      // A cleared class's decode may still report a batch it had begun: not shown.
      if (state.images.progress[event.classIndex] === null && event.done > 0) return state;
      return {
        ...state,
        images: withProgress(state.images, event.classIndex, {
          done: event.done,
          total: event.total,
        }),
      };
    case 'images':
      return {
        ...state,
        images: {
          ...event.images,
          // A decode of the other class may still be queued: its bar stays.
          progress: state.images.progress.map((p) =>
            p && p.done < p.total ? p : null,
          ) as ImagesView['progress'],
        },
      };
    case 'error': {
      // The worker answers requests in order, so an error ends whatever was pending. A failed
      // import leaves the weights the session had (an import's failures are the Train cell's).
      const ends = (type: Request['type']) => event.answers === type || !event.recoverable;
      const importsPending = ends('importWeights')
        ? Math.max(0, state.importsPending - 1)
        : state.importsPending;
      const isImportFailed = importsPending < state.importsPending && importsPending === 0;
      return {
        ...state,
        importsPending,
        queuedSteps: ends('train') ? null : state.queuedSteps,
        resumedAt: isImportFailed ? null : state.resumedAt,
        // A run sent on from weights that never came starts from the session's own: the saved
        // curves no longer describe it.
        restored:
          isImportFailed && state.queuedSteps !== null && state.restored?.resumesAt !== undefined
            ? null
            : state.restored,
        isConfiguring: false,
        isComputingGradients: false,
        isMeasuringCost: false,
        isTracing: false,
        errors: {
          ...state.errors,
          [event.where]: { message: event.message, recoverable: event.recoverable },
        },
      };
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Training on from fresh weights or a reset ends the restored curves; see endsRestored. */
function withRestoredEnded(state: SessionState, request: Request): SessionState {
  const { restored } = state;
  if (!restored || !endsRestored(request, isContinued(restored, state))) return state;
  return { ...state, restored: null };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.kind) {
    case 'sent':
      return onSent(withRestoredEnded(state, action.request), action.request);
    case 'event':
      return onEvent(state, action.event);
    case 'restore':
      return { ...state, restored: action.restored };
  }
}
