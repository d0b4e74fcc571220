// What Save, Load and Start fresh do to the page: the settings, the display, the curves and
// report laid over the live session, the trained weights handed to the worker, the worker's run
// and the autosave. Loading a file that does not read changes nothing and says where it went wrong.
import { useCallback, useState, type Dispatch } from 'react';
import type { Request, TrainedState } from '../../worker/protocol';
import { fileNameOf } from '../charts/exportChart';
import type { FileMessage } from '../file/NotebookFileControls';
import { readNotebookFile } from '../file/readNotebookFile';
import { clearAutosave } from '../state/autosave';
import { serializeNotebook, type Notebook } from '../state/notebookFile';
import {
  DEFAULT_PRESET,
  settingsForPreset,
  type NotebookSettings,
  type SettingsAction,
} from '../state/notebookSettings';
import { urlHashOf } from '../state/notebookUrl';
import { restoredFor, type RestoredSession } from '../state/restoredSession';
import { stepsDone, type SessionState } from '../state/sessionState';
import type { DisplayPreferences } from './useDisplayPreferences';

interface NotebookFileInput {
  settings: NotebookSettings;
  preferences: DisplayPreferences;
  /** The session as the cells show it (restored curves included). */
  session: SessionState;
  hasWorkerSession: boolean;
  dispatch: Dispatch<SettingsAction>;
  setPreferences: (preferences: DisplayPreferences) => void;
  restore: (restored: RestoredSession | null) => void;
  send: (request: Request) => void;
  /** Stops a pending autosave write (Start fresh has just cleared the store). */
  cancelAutosave: () => void;
  /** Asks the worker for the twins' trained state. */
  exportWeights: () => Promise<TrainedState>;
  /** Hands a file's weights to the session of its settings (useSessionSync sends them). */
  resumeWith: (state: TrainedState) => void;
}

/** What Save writes: the file's text and name, and a note on what it holds. */
export interface SavedFile {
  text: string;
  name: string;
  note?: string;
}

const today = () => new Date().toISOString().slice(0, 10);

export function useNotebookFile(input: NotebookFileInput) {
  const { settings, preferences, session, hasWorkerSession } = input;
  const { dispatch, setPreferences, restore, send, cancelAutosave } = input;
  const { exportWeights, resumeWith } = input;
  const [message, setMessage] = useState<FileMessage | null>(null);
  const baseName = `splittape-${fileNameOf(settings.model.spec.name)}`;

  const apply = useCallback(
    (notebook: Notebook, name: string) => {
      const next = notebook.settings;
      const weights = notebook.weights;
      // Without weights, the same settings still start from fresh weights. With them, a new
      // session is configured for them whatever the settings (resumeWith), and they follow it.
      if (weights) resumeWith(weights);
      else if (hasWorkerSession && urlHashOf(next) === urlHashOf(settings)) send({ type: 'reset' });
      dispatch({ kind: 'load', settings: next });
      setPreferences(notebook.display);
      const records = (notebook.records ?? []).filter((r) => !weights || r.step < weights.step);
      const report = notebook.report ?? null;
      restore(
        records.length > 0 || report || weights
          ? restoredFor(next, { records, report }, weights?.step)
          : null,
      );
      const parts = [
        `${next.model.spec.name}, cuts [${next.cuts.join(', ')}]`,
        records.length > 0 ? `${records.length} training steps` : 'no curves',
        report ? 'the gradient report' : 'no gradient report',
      ];
      setMessage({
        text:
          `Loaded ${name}: ${parts.join(', ')}. ` +
          (weights
            ? `Trained weights at step ${weights.step}: training goes on from there.`
            : 'No weights in the file: training again starts from fresh weights.'),
        isError: false,
      });
    },
    [hasWorkerSession, settings, send, dispatch, setPreferences, restore, resumeWith],
  );

  const onLoad = useCallback(
    (file: File) => {
      void readNotebookFile(file).then((read) => {
        if (read.ok) apply(read.notebook, file.name);
        else
          setMessage({
            text: `Could not load ${file.name}: ${read.message}. The notebook is unchanged.`,
            isError: true,
          });
      });
    },
    [apply],
  );

  const onSave = useCallback(
    async (withResults: boolean, withWeights: boolean): Promise<SavedFile> => {
      const { records, report } = session;
      // A report still being computed for other cuts would not match the saved ones.
      const isReportCurrent = report !== null && report.cuts.join() === settings.cuts.join();
      let weights: TrainedState | undefined;
      let weightsNote = '';
      if (withWeights) {
        try {
          const state = await exportWeights();
          // Curves shown over fresh weights (a file loaded without them) are not these weights'.
          if (state.step === stepsDone(session)) weights = state;
          else
            weightsNote = ` Weights not saved: the worker's are at step ${state.step}, the curves end at step ${stepsDone(session)}.`;
        } catch (error) {
          weightsNote = ` Weights not saved: ${(error as Error).message}.`;
        }
      }
      const notebook: Notebook = {
        settings,
        display: preferences,
        ...(withResults ? { records } : {}),
        ...(withResults && isReportCurrent ? { report } : {}),
        ...(weights ? { weights } : {}),
      };
      setMessage(null);
      const holds = [
        'settings',
        ...(withResults ? ['curves and report'] : []),
        ...(weights ? [`trained weights at step ${weights.step}`] : []),
      ];
      return {
        text: serializeNotebook(notebook),
        name: `${baseName}-${today()}.json`,
        note:
          (withResults && report && !isReportCurrent
            ? 'Saved without the gradient report: it was still being computed for the new cuts.'
            : `Saved (${holds.join(', ')}).`) + weightsNote,
      };
    },
    [session, settings, preferences, baseName, exportWeights],
  );

  const onStartFresh = useCallback(() => {
    try {
      clearAutosave(window.localStorage);
    } catch {
      // No storage: nothing was kept.
    }
    cancelAutosave();
    restore(null);
    if (hasWorkerSession) send({ type: 'reset' });
    dispatch({ kind: 'load', settings: settingsForPreset(DEFAULT_PRESET, undefined) });
    setMessage({ text: 'Started fresh: the autosave is cleared.', isError: false });
  }, [cancelAutosave, restore, hasWorkerSession, send, dispatch]);

  return { message, baseName, onLoad, onSave, onStartFresh };
}
