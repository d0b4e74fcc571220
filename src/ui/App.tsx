// The notebook: display preferences, the learner's settings (also the URL), one worker client,
// and the six cells top to bottom. State flows one way: settings → worker → session → cells.
// The notebook starts from the URL hash or the autosave, and can be saved, loaded, started fresh.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { BackendChoice, Request, TrainedState } from '../worker/protocol';
import { DataCell } from './cells/DataCell';
import { ExplainCell } from './cells/ExplainCell';
import { GradientsCell } from './cells/GradientsCell';
import { ModelCell } from './cells/ModelCell';
import { SplitCell } from './cells/SplitCell';
import { TrainCell } from './cells/TrainCell';
import { NotebookDropZone } from './file/NotebookDropZone';
import { NotebookFileControls } from './file/NotebookFileControls';
import { NotebookHeader } from './header/NotebookHeader';
import { useAutosave } from './hooks/useAutosave';
import { useCountInTurns } from './hooks/useCountInTurns';
import { useDisplayPreferences } from './hooks/useDisplayPreferences';
import { useNotebookFile } from './hooks/useNotebookFile';
import { useRestoredSession } from './hooks/useRestoredSession';
import { useSessionSync, type PendingWeights } from './hooks/useSessionSync';
import { startingHash, useUrlSettings } from './hooks/useUrlSettings';
import { useWorkerClient } from './hooks/useWorkerClient';
import type { WorkerLike } from './hooks/workerClient';
import { readAutosave, startingPoint } from './state/autosave';
import { restoredFor } from './state/restoredSession';
import { DisplayContext } from './theme/DisplayContext';
import { preloadGradientCharts } from './charts/lazyCharts';

// Shown on demand, so fetched on demand: the presenter, KaTeX and recharts are chunks of their
// own, each evaluated in a task of its own (README, "Loading").
const PresenterView = lazy(() =>
  import('./presenter/PresenterView').then((m) => ({ default: m.PresenterView })),
);

function startFromHashOrAutosave() {
  let autosaved = null;
  try {
    autosaved = readAutosave(window.localStorage);
  } catch {
    // Storage refused (private windows): start from the hash alone.
  }
  const start = startingPoint(startingHash(), autosaved);
  return { ...start, restored: start.restored && restoredFor(start.settings, start.restored) };
}

interface AppProps {
  /** Tests pass a fake worker; the page uses the real module worker. */
  createWorker?: () => WorkerLike;
}

export function App({ createWorker }: AppProps) {
  const { preferences, setPreferences, display } = useDisplayPreferences();
  const [start] = useState(startFromHashOrAutosave);
  const [settings, dispatch] = useUrlSettings(() => start.settings);
  const {
    state: live,
    send: sendLive,
    connection,
    restore,
    exportWeights: exportLive,
  } = useWorkerClient(createWorker, start.restored);
  const [pendingWeights, setPendingWeights] = useState<PendingWeights | null>(null);
  const resumeWith = useCallback(
    (state: TrainedState) =>
      setPendingWeights((p) => ({ generation: (p?.generation ?? 0) + 1, state })),
    [],
  );
  const { sendCuts, flush } = useSessionSync(
    settings,
    sendLive,
    connection,
    pendingWeights,
    live.images.revision,
  );
  // Every other request follows the settings on screen: a configure still waiting goes first.
  const send = useCallback(
    (request: Request) => {
      flush();
      sendLive(request);
    },
    [flush, sendLive],
  );
  const exportWeights = useCallback(() => {
    flush();
    return exportLive();
  }, [flush, exportLive]);
  // New cuts leave for the worker from the drop's own event, before React draws them.
  const onCuts = useCallback(
    (cuts: number[]) => {
      sendCuts(cuts);
      dispatch({ kind: 'cuts', cuts });
    },
    [sendCuts, dispatch],
  );
  const session = useRestoredSession(live, settings, restore);
  const autosave = useAutosave({
    settings,
    display: preferences,
    records: session.records,
    report: session.report,
  });
  const file = useNotebookFile({
    settings,
    preferences,
    session,
    hasWorkerSession: live.model !== null,
    dispatch,
    setPreferences,
    restore,
    send,
    cancelAutosave: autosave.cancel,
    exportWeights,
    resumeWith,
  });
  const onBackendChoice = useCallback(
    (backend: BackendChoice) => dispatch({ kind: 'backend', backend }),
    [dispatch],
  );
  const [isPresenting, setPresenting] = useState(false);
  const onPresent = useCallback(() => {
    send({ type: 'traceStep' });
    setPresenting(true);
  }, [send]);
  const onLeavePresenter = useCallback(() => setPresenting(false), []);
  const { errors } = session;
  // The Train cell's fields only, kept while they stay the same: new cuts and gradient reports
  // (the drop's own render and its answer's) leave the Train cell as it is.
  const { records, training, trainTarget, stepsPerSecond, model } = session;
  const trainSession = useMemo(
    () => ({ records, training, trainTarget, stepsPerSecond, model }),
    [records, training, trainTarget, stepsPerSecond, model],
  );
  const { hyper, dataset, trainSteps } = settings;
  const trainSettings = useMemo(
    () => ({ model: settings.model, hyper, dataset, trainSteps }),
    [settings.model, hyper, dataset, trainSteps],
  );
  // The charts are needed as soon as a report is on screen. KaTeX is not preloaded: applying its
  // stylesheet restyles the whole page (a long task); it loads when Explain nears the screen.
  useEffect(() => preloadWhenIdle([preloadGradientCharts]), []);
  // Data and Model fill the first screen; Split, Gradients, Train and Explain follow, one a task.
  const cells = useCountInTurns(6, 2);
  return (
    <DisplayContext.Provider value={display}>
      <NotebookDropZone onFile={file.onLoad}>
        <div className="notebook">
          <NotebookHeader
            backend={session.backend}
            backendChoice={settings.backend}
            onBackendChoice={onBackendChoice}
            preferences={preferences}
            onPreferences={setPreferences}
            errors={[errors.backend, errors.protocol]}
            fileControls={
              <NotebookFileControls
                onSave={file.onSave}
                onLoad={file.onLoad}
                onStartFresh={file.onStartFresh}
                records={session.records}
                report={session.report}
                message={file.message}
                baseName={file.baseName}
              />
            }
          />
          <main>
            <DataCell
              preview={session.dataset}
              dataset={settings.dataset}
              batch={settings.hyper.batchSize}
              presetName={settings.presetName}
              error={errors.data}
              images={live.images}
              dispatch={dispatch}
              send={send}
            />
            <ModelCell
              draft={settings.draft}
              presetName={settings.presetName}
              running={settings.model}
              summary={session.model}
              error={errors.spec}
              dispatch={dispatch}
            />
            {cells >= 3 ? (
              <SplitCell
                model={settings.model}
                cuts={settings.cuts}
                batch={settings.hyper.batchSize}
                error={errors.cuts}
                onChange={onCuts}
              />
            ) : null}
            {cells >= 4 ? (
              <GradientsCell
                report={session.report}
                isComputing={session.isComputingGradients}
                input={settings.model.spec.input}
                cost={session.cost}
                isMeasuringCost={session.isMeasuringCost}
                cuts={settings.cuts}
                send={send}
                error={errors.gradients}
                check={settings.check}
                dispatch={dispatch}
              />
            ) : null}
            {cells >= 5 ? (
              <TrainCell
                session={trainSession}
                settings={trainSettings}
                isReady={session.model !== null}
                error={errors.training}
                dispatch={dispatch}
                send={send}
              />
            ) : null}
            {cells >= 6 ? <ExplainCell report={session.report} onPresent={onPresent} /> : null}
          </main>
          <footer className="notebook-footer">
            SplitTape runs entirely in this page: the gradients are computed by tfjs in a Web
            Worker, and nothing leaves your machine.
          </footer>
        </div>
        {isPresenting ? (
          <Suspense fallback={null}>
            <PresenterView
              trace={session.trace}
              isTracing={session.isTracing}
              report={session.report}
              error={errors.gradients}
              onClose={onLeavePresenter}
            />
          </Suspense>
        ) : null}
      </NotebookDropZone>
    </DisplayContext.Provider>
  );
}

/**
 * Runs the preloads one after another, each in an idle moment of its own (a timeout where
 * requestIdleCallback is missing), so evaluating a lazy chunk never joins another long task.
 * A chunk that fails to load is reported by the component that needs it, not here.
 */
function preloadWhenIdle(preloads: (() => Promise<unknown>)[]): () => void {
  let isCancelled = false;
  const next = (i: number) => {
    if (isCancelled || i >= preloads.length) return;
    const run = () => {
      if (isCancelled) return;
      preloads[i]().then(
        () => next(i + 1),
        () => next(i + 1),
      );
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2000 });
    else setTimeout(run, 200);
  };
  next(0);
  return () => {
    isCancelled = true;
  };
}
