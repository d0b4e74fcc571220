// What the learner chose: the model draft and the last valid spec it produced, the cuts, the
// data, the training hyper-parameters and the backend. A pure reducer; the worker is told about
// changes elsewhere (hooks/useSessionSync.ts).
import type { LayerShape, ModelSpec } from '../../core/spec';
import { checkSpec } from '../../core/spec';
import { PRESETS } from '../../core/presets';
import type { BackendChoice, DatasetChoice, HyperParameters } from '../../worker/protocol';

export interface NotebookSettings {
  /** Whatever the model editor holds, valid or not. */
  draft: unknown;
  presetName: string | null;
  /** The last valid spec: it keeps running while the draft is invalid. */
  model: { spec: ModelSpec; shapes: LayerShape[] };
  cuts: number[];
  dataset: DatasetChoice;
  hyper: HyperParameters;
  backend: BackendChoice;
  trainSteps: number;
  /** The float64 check: elements sampled per tensor, and tfjs's stock pooling kernels on or off. */
  check: GradientCheckSettings;
}

export interface GradientCheckSettings {
  fd64Samples: number;
  /** tfjs's own AvgPoolGrad and wasm MaxPoolGrad, two of them wrong: a class can watch fd64 catch them. */
  stockKernels: boolean;
}

export const DEFAULT_CHECK: GradientCheckSettings = { fd64Samples: 64, stockKernels: false };
/** The most elements per tensor the page lets fd64 sample (the worker accepts up to 100 000). */
export const MAX_FD64_SAMPLES = 10_000;

export type SettingsAction =
  | { kind: 'draft'; draft: unknown }
  | { kind: 'preset'; name: string }
  | { kind: 'cuts'; cuts: number[] }
  | { kind: 'dataset'; dataset: DatasetChoice }
  | { kind: 'hyper'; hyper: Partial<HyperParameters> }
  | { kind: 'backend'; backend: BackendChoice }
  | { kind: 'trainSteps'; steps: number }
  | { kind: 'check'; check: Partial<GradientCheckSettings> }
  /** Everything at once: a notebook file read back (state/notebookFile.ts checked it). */
  | { kind: 'load'; settings: NotebookSettings };

export const DEFAULT_PRESET = 'seed-toy';

export const DEFAULT_HYPER: HyperParameters = {
  optimizer: 'adam',
  // Keras's default for Adam: at 0.01 the seed CNN saturates its sigmoid within a step or two.
  learningRate: 0.001,
  batchSize: PRESETS[DEFAULT_PRESET].batch,
  seed: 0,
  twins: ['reference', 'vjp', 'naive'],
  dropout: false,
};

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The cuts that still fit a model of `layerCount` layers. */
export const cutsThatFit = (cuts: number[], layerCount: number) =>
  cuts.filter((cut) => cut >= 0 && cut <= layerCount - 2);

/** The seed's random batch is one batch of the preset; any other data stays as it was. */
const datasetForBatch = (previous: DatasetChoice | undefined, batch: number): DatasetChoice =>
  previous && previous.kind !== 'seed-random' ? previous : { kind: 'seed-random', size: batch };

export function settingsForPreset(name: string, previous?: NotebookSettings): NotebookSettings {
  const preset = PRESETS[name] ?? PRESETS[DEFAULT_PRESET];
  const check = checkSpec(preset.spec);
  if (!check.ok) throw new Error(`preset ${name} is invalid: ${check.problems[0].message}`);
  return {
    draft: structuredClone(preset.spec),
    presetName: PRESETS[name] ? name : DEFAULT_PRESET,
    model: { spec: check.spec, shapes: check.shapes },
    cuts: preset.cuts.slice(),
    dataset: datasetForBatch(previous?.dataset, preset.batch),
    hyper: { ...(previous?.hyper ?? DEFAULT_HYPER), batchSize: preset.batch },
    backend: previous?.backend ?? 'auto',
    trainSteps: previous?.trainSteps ?? 100,
    check: previous?.check ?? DEFAULT_CHECK,
  };
}

export function settingsReducer(state: NotebookSettings, action: SettingsAction): NotebookSettings {
  switch (action.kind) {
    case 'draft': {
      const presetName =
        state.presetName && sameJson(action.draft, PRESETS[state.presetName]?.spec)
          ? state.presetName
          : null;
      const check = checkSpec(action.draft);
      if (!check.ok || sameJson(check.spec, state.model.spec))
        return { ...state, draft: action.draft, presetName };
      return {
        ...state,
        draft: action.draft,
        presetName,
        model: { spec: check.spec, shapes: check.shapes },
        cuts: cutsThatFit(state.cuts, check.spec.layers.length),
      };
    }
    case 'preset':
      return settingsForPreset(action.name, state);
    case 'cuts':
      return sameJson(action.cuts, state.cuts) ? state : { ...state, cuts: action.cuts };
    case 'dataset':
      return sameJson(action.dataset, state.dataset)
        ? state
        : { ...state, dataset: action.dataset };
    case 'hyper':
      return { ...state, hyper: { ...state.hyper, ...action.hyper } };
    case 'backend':
      return { ...state, backend: action.backend };
    case 'trainSteps':
      return { ...state, trainSteps: action.steps };
    case 'check':
      return { ...state, check: { ...state.check, ...action.check } };
    case 'load':
      return action.settings;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
