// What Save, Load and Start fresh do to the page: the settings, the display, the curves and
// report laid over the live session, the worker's run and the autosave. Loading a file that does
// not read changes nothing and says where it went wrong.
import { useCallback, useState, type Dispatch } from 'react';
import type { Request } from '../../worker/protocol';
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
import type { SessionState } from '../state/sessionState';
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
  sendLive: (request: Request) => void;
  /** Stops a pending autosave write (Start fresh has just cleared the store). */
  cancelAutosave: () => void;
}

const today = () => new Date().toISOString().slice(0, 10);

export function useNotebookFile(input: NotebookFileInput) {
  const { settings, preferences, session, hasWorkerSession } = input;
  const { dispatch, setPreferences, restore, sendLive, cancelAutosave } = input;
  const [message, setMessage] = useState<FileMessage | null>(null);
  const baseName = `splittape-${fileNameOf(settings.model.spec.name)}`;

  const apply = useCallback(
    (notebook: Notebook, name: string) => {
      const next = notebook.settings;
      // The weights are not in the file: the same settings still start from fresh weights.
      if (hasWorkerSession && urlHashOf(next) === urlHashOf(settings)) sendLive({ type: 'reset' });
      dispatch({ kind: 'load', settings: next });
      setPreferences(notebook.display);
      const records = notebook.records ?? [];
      const report = notebook.report ?? null;
      restore(records.length > 0 || report ? restoredFor(next, { records, report }) : null);
      const parts = [
        `${next.model.spec.name}, cuts [${next.cuts.join(', ')}]`,
        records.length > 0 ? `${records.length} training steps` : 'no curves',
        report ? 'the gradient report' : 'no gradient report',
      ];
      setMessage({
        text:
          `Loaded ${name}: ${parts.join(', ')}. ` +
          'Weights are not saved: training again starts from fresh weights.',
        isError: false,
      });
    },
    [hasWorkerSession, settings, sendLive, dispatch, setPreferences, restore],
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
    (withResults: boolean) => {
      const { records, report } = session;
      // A report still being computed for other cuts would not match the saved ones.
      const isReportCurrent = report !== null && report.cuts.join() === settings.cuts.join();
      const notebook: Notebook = {
        settings,
        display: preferences,
        ...(withResults ? { records } : {}),
        ...(withResults && isReportCurrent ? { report } : {}),
      };
      setMessage(null);
      return {
        text: serializeNotebook(notebook),
        name: `${baseName}-${today()}.json`,
        note:
          withResults && report && !isReportCurrent
            ? 'Saved without the gradient report: it was still being computed for the new cuts.'
            : 'Saved (settings' +
              (withResults ? ', curves and report' : '') +
              '; weights are not saved).',
      };
    },
    [session, settings, preferences, baseName],
  );

  const onStartFresh = useCallback(() => {
    try {
      clearAutosave(window.localStorage);
    } catch {
      // No storage: nothing was kept.
    }
    cancelAutosave();
    restore(null);
    if (hasWorkerSession) sendLive({ type: 'reset' });
    dispatch({ kind: 'load', settings: settingsForPreset(DEFAULT_PRESET, undefined) });
    setMessage({ text: 'Started fresh: the autosave is cleared.', isError: false });
  }, [cancelAutosave, restore, hasWorkerSession, sendLive, dispatch]);

  return { message, baseName, onLoad, onSave, onStartFresh };
}
