// The notebook's masthead: what SplitTape is, the tfjs backend the worker runs on (and which to
// prefer), the display controls (theme, the large-text projector mode) and the file controls.
import { useId, type ReactNode } from 'react';
import type { BackendChoice } from '../../worker/protocol';
import type { DisplayPreferences, ThemeChoice } from '../hooks/useDisplayPreferences';
import type { ErrorNotice } from '../state/sessionState';

interface NotebookHeaderProps {
  backend: { name: string; note?: string } | null;
  backendChoice: BackendChoice;
  onBackendChoice: (choice: BackendChoice) => void;
  preferences: DisplayPreferences;
  onPreferences: (preferences: DisplayPreferences) => void;
  errors: (ErrorNotice | undefined)[];
  /** Save, load, start fresh and the CSV exports (file/NotebookFileControls). */
  fileControls?: ReactNode;
}

const BACKENDS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'fastest here' },
  { value: 'webgl', label: 'webgl' },
  { value: 'wasm', label: 'wasm' },
  { value: 'cpu', label: 'cpu (plain JS)' },
];

export function NotebookHeader(props: NotebookHeaderProps) {
  const { backend, backendChoice, onBackendChoice, preferences, onPreferences, errors } = props;
  const { fileControls } = props;
  const backendId = useId();
  const themeId = useId();
  return (
    <header className="notebook-header">
      <div className="masthead">
        <h1>SplitTape</h1>
        <p className="tagline">
          How gradients flow through a model cut into parts — chained vector-Jacobian products
          against the full tape.
        </p>
      </div>
      <div className="header-controls">
        <span className="field">
          <label htmlFor={backendId}>Backend</label>
          <select
            id={backendId}
            value={backendChoice}
            onChange={(e) => onBackendChoice(e.target.value as BackendChoice)}
          >
            {BACKENDS.map((b) => (
              <option key={b.value} value={b.value}>
                {b.label}
              </option>
            ))}
          </select>
        </span>
        <span className="field">
          <label htmlFor={themeId}>Theme</label>
          <select
            id={themeId}
            value={preferences.theme}
            onChange={(e) =>
              onPreferences({ ...preferences, theme: e.target.value as ThemeChoice })
            }
          >
            <option value="system">system</option>
            <option value="light">light</option>
            <option value="dark">dark</option>
          </select>
        </span>
        <button
          type="button"
          aria-pressed={preferences.largeText}
          onClick={() => onPreferences({ ...preferences, largeText: !preferences.largeText })}
        >
          {preferences.largeText ? 'Normal text' : 'Large text (projector)'}
        </button>
      </div>
      {fileControls}
      <p className="backend" data-testid="backend">
        backend: <strong>{backend ? backend.name : 'starting…'}</strong>
        {backend?.note ? <span className="backend-note"> — {backend.note}</span> : null}
      </p>
      {errors
        .filter((e): e is ErrorNotice => e !== undefined)
        .map((e) => (
          <p key={e.message} className="cell-error" role="alert">
            {e.message}
          </p>
        ))}
    </header>
  );
}
