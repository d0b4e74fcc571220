// The notebook's settings as the page URL's hash, so a link reopens the same model, cuts, data
// and hyper-parameters. Anything unreadable falls back to the defaults, piece by piece.
import { PRESETS } from '../../core/presets';
import { checkSpec } from '../../core/spec';
import type { BackendChoice, OptimizerName } from '../../worker/protocol';
import { readDatasetChoice } from '../data/datasetChoice';
import {
  cutsThatFit,
  DEFAULT_PRESET,
  MAX_FD64_SAMPLES,
  settingsForPreset,
  type NotebookSettings,
} from './notebookSettings';

interface Shared {
  preset?: string;
  spec?: unknown;
  cuts?: unknown;
  dataset?: unknown;
  hyper?: Record<string, unknown>;
  backend?: unknown;
  steps?: unknown;
  check?: { fd64Samples?: unknown; stockKernels?: unknown };
}

const BACKENDS: BackendChoice[] = ['auto', 'webgl', 'wasm', 'cpu'];
const OPTIMIZERS: OptimizerName[] = ['sgd', 'momentum', 'adam'];
const isPositiveInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const isPositive = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0;

export function urlHashOf(settings: NotebookSettings): string {
  const shared: Shared = {
    ...(settings.presetName ? { preset: settings.presetName } : { spec: settings.model.spec }),
    cuts: settings.cuts,
    dataset: settings.dataset,
    hyper: { ...settings.hyper },
    backend: settings.backend,
    steps: settings.trainSteps,
    check: settings.check,
  };
  return '#' + encodeURIComponent(JSON.stringify(shared));
}

export function settingsFromUrlHash(hash: string): NotebookSettings {
  let shared: Shared = {};
  try {
    if (hash.length > 1) shared = JSON.parse(decodeURIComponent(hash.slice(1))) as Shared;
  } catch {
    shared = {};
  }
  if (typeof shared !== 'object' || shared === null) shared = {};
  const presetName =
    typeof shared.preset === 'string' && PRESETS[shared.preset] ? shared.preset : DEFAULT_PRESET;
  let settings = settingsForPreset(presetName);
  const check = shared.spec === undefined ? null : checkSpec(shared.spec);
  if (check?.ok)
    settings = {
      ...settings,
      draft: check.spec,
      presetName: null,
      model: { spec: check.spec, shapes: check.shapes },
      cuts: [],
    };
  const layerCount = settings.model.spec.layers.length;
  if (Array.isArray(shared.cuts) && shared.cuts.every((c) => Number.isInteger(c))) {
    const cuts = cutsThatFit(shared.cuts as number[], layerCount);
    if (cuts.every((c, i) => i === 0 || c > cuts[i - 1])) settings.cuts = cuts;
  }
  const hyper = shared.hyper ?? {};
  settings.hyper = {
    ...settings.hyper,
    ...(OPTIMIZERS.includes(hyper.optimizer as OptimizerName)
      ? { optimizer: hyper.optimizer as OptimizerName }
      : {}),
    ...(isPositive(hyper.learningRate) ? { learningRate: hyper.learningRate } : {}),
    ...(isPositiveInt(hyper.batchSize) ? { batchSize: hyper.batchSize } : {}),
    ...(Number.isInteger(hyper.seed) ? { seed: hyper.seed as number } : {}),
    ...(Array.isArray(hyper.twins)
      ? {
          twins: hyper.twins.includes('naive')
            ? ['reference', 'vjp', 'naive']
            : ['reference', 'vjp'],
        }
      : {}),
    ...(typeof hyper.dropout === 'boolean' ? { dropout: hyper.dropout } : {}),
  };
  const dataset = readDatasetChoice(shared.dataset);
  if (dataset.ok) settings.dataset = dataset.choice;
  if (BACKENDS.includes(shared.backend as BackendChoice))
    settings.backend = shared.backend as BackendChoice;
  if (isPositiveInt(shared.steps)) settings.trainSteps = shared.steps;
  const gradientCheck =
    typeof shared.check === 'object' && shared.check !== null ? shared.check : {};
  settings.check = {
    fd64Samples:
      isPositiveInt(gradientCheck.fd64Samples) && gradientCheck.fd64Samples <= MAX_FD64_SAMPLES
        ? gradientCheck.fd64Samples
        : settings.check.fd64Samples,
    stockKernels:
      typeof gradientCheck.stockKernels === 'boolean'
        ? gradientCheck.stockKernels
        : settings.check.stockKernels,
  };
  return settings;
}
