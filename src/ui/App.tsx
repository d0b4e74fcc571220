// The notebook: display preferences, the learner's settings (also the URL), one worker client,
// and the six cells top to bottom. State flows one way: settings → worker → session → cells.
import { useCallback } from 'react';
import type { BackendChoice } from '../worker/protocol';
import { DataCell } from './cells/DataCell';
import { ExplainCell } from './cells/ExplainCell';
import { GradientsCell } from './cells/GradientsCell';
import { ModelCell } from './cells/ModelCell';
import { SplitCell } from './cells/SplitCell';
import { TrainCell } from './cells/TrainCell';
import { NotebookHeader } from './header/NotebookHeader';
import { useDisplayPreferences } from './hooks/useDisplayPreferences';
import { useSessionSync } from './hooks/useSessionSync';
import { useUrlSettings } from './hooks/useUrlSettings';
import { useWorkerClient } from './hooks/useWorkerClient';
import type { WorkerLike } from './hooks/workerClient';
import { DisplayContext } from './theme/DisplayContext';

interface AppProps {
  /** Tests pass a fake worker; the page uses the real module worker. */
  createWorker?: () => WorkerLike;
}

export function App({ createWorker }: AppProps) {
  const { preferences, setPreferences, display } = useDisplayPreferences();
  const [settings, dispatch] = useUrlSettings();
  const { state: session, send, connection } = useWorkerClient(createWorker);
  useSessionSync(settings, send, connection);
  const onBackendChoice = useCallback(
    (backend: BackendChoice) => dispatch({ kind: 'backend', backend }),
    [dispatch],
  );
  const { errors } = session;
  return (
    <DisplayContext.Provider value={display}>
      <div className="notebook">
        <NotebookHeader
          backend={session.backend}
          backendChoice={settings.backend}
          onBackendChoice={onBackendChoice}
          preferences={preferences}
          onPreferences={setPreferences}
          errors={[errors.backend, errors.protocol]}
        />
        <main>
          <DataCell
            preview={session.dataset}
            dataset={settings.dataset}
            error={errors.data}
            dispatch={dispatch}
          />
          <ModelCell
            draft={settings.draft}
            presetName={settings.presetName}
            running={settings.model}
            summary={session.model}
            error={errors.spec}
            dispatch={dispatch}
          />
          <SplitCell
            model={settings.model}
            cuts={settings.cuts}
            batch={settings.hyper.batchSize}
            error={errors.cuts}
            dispatch={dispatch}
          />
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
          <TrainCell
            session={session}
            settings={settings}
            isReady={session.model !== null}
            error={errors.training}
            dispatch={dispatch}
            send={send}
          />
          <ExplainCell report={session.report} />
        </main>
        <footer className="notebook-footer">
          SplitTape runs entirely in this page: the gradients are computed by tfjs in a Web Worker,
          and nothing leaves your machine.
        </footer>
      </div>
    </DisplayContext.Provider>
  );
}
