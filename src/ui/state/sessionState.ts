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
  cost: CostPoint[] | null;
  /** The latest traced step (the presenter's frames), with the steps its weights had taken. */
  trace: { trace: StepTrace; step: number } | null;
  /**
   * The step the session's weights were imported at (a notebook file's trained weights), while
   * the live run goes on from them; null for weights the session built itself.
   */
  resumedAt: number | null;
  isConfiguring: boolean;
  isComputingGradients: boolean;
  isMeasuringCost: boolean;
  isTracing: boolean;
  /** Your own images in the worker: they live as long as this tab. */
  images: ImagesView;
  errors: Partial<Record<ErrorPlace, ErrorNotice>>;
}

export type SessionAction =
  { kind: 'sent'; request: Request } | { kind: 'event'; event: WorkerEvent };

export const initialSession: SessionState = {
  backend: null,
  model: null,
  dataset: null,
  report: null,
  records: [],
  stepsPerSecond: 0,
  training: { state: 'idle', step: 0 },
  trainTarget: null,
  cost: null,
  trace: null,
  resumedAt: null,
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

/** The latest steps, kept in full: the charts' right edge and the step count read them. */
export const RECENT_RECORDS = 1000;
/** At most this many steps older than those, evenly thinned. */
export const OLDER_RECORDS = 1000;

/**
 * The history with a progress event's records appended, bounded: a long run would otherwise grow
 * the array without end and copy all of it on every event (quadratic over the run). The last
 * RECENT_RECORDS steps stay in full; older ones are thinned to the multiples of a stride, the
 * smallest power of two that leaves at most OLDER_RECORDS of them. The stride only grows as the
 * run does, and powers of two nest, so the result does not depend on how steps were batched.
 */
export function appendRecords(kept: StepRecord[], incoming: StepRecord[]): StepRecord[] {
  const all = kept.concat(incoming);
  if (all.length <= RECENT_RECORDS) return all;
  const cutoff = all.length - RECENT_RECORDS;
  const span = all[cutoff].step - all[0].step;
  let stride = 1;
  while (Math.ceil(span / stride) > OLDER_RECORDS) stride *= 2;
  if (stride === 1) return all;
  return all
    .slice(0, cutoff)
    .filter((r) => r.step % stride === 0)
    .concat(all.slice(cutoff));
}

/** Steps done so far: the worker's count, or one past the last record if that is newer. */
export const stepsDone = (state: Pick<SessionState, 'training' | 'records'>) =>
  Math.max(state.training.step, (state.records.at(-1)?.step ?? -1) + 1);

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
        trainTarget: stepsDone(state) + request.steps,
        errors: withoutErrors(state.errors, ['training']),
      };
    case 'step':
      return {
        ...state,
        trainTarget: null,
        errors: withoutErrors(state.errors, ['training']),
      };
    case 'reset':
      return { ...state, records: [], trainTarget: null, stepsPerSecond: 0, resumedAt: null };
    case 'importWeights':
      return {
        ...state,
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
        resumedAt: null,
        records: [],
        trainTarget: null,
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
      return {
        ...state,
        resumedAt:
          state.resumedAt !== null && event.step < state.resumedAt ? null : state.resumedAt,
        records: records.length === state.records.length ? state.records : records,
        trainTarget: event.step === 0 && event.state === 'idle' ? null : state.trainTarget,
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
    case 'weightsImported':
      // The run goes on from the imported step; a report at the old weights no longer applies.
      return {
        ...state,
        resumedAt: event.step,
        records: [],
        report: null,
        trace: null,
        trainTarget: null,
        training: { ...state.training, step: event.step },
      };
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
    case 'error':
      // The worker answers requests in order, so an error ends whatever was pending.
      return {
        ...state,
        isConfiguring: false,
        isComputingGradients: false,
        isMeasuringCost: false,
        isTracing: false,
        errors: {
          ...state.errors,
          [event.where]: { message: event.message, recoverable: event.recoverable },
        },
      };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  return action.kind === 'sent' ? onSent(state, action.request) : onEvent(state, action.event);
}
