// Save, load and start fresh, and the CSV exports of the gradient table and the training
// curves: the header's file controls. What they do to the notebook comes in as callbacks.
import { useId, useRef, useState } from 'react';
import type { GradientsReport, StepRecord } from '../../worker/protocol';
import { downloadBlob } from '../charts/exportChart';
import { gradientTableCsv, trainingCurvesCsv } from './csv';

export interface FileMessage {
  text: string;
  isError: boolean;
}

interface NotebookFileControlsProps {
  /**
   * The file's text and name; with `withResults`, the curves and the gradient report too, with
   * `withWeights` the twins' trained weights (asked of the worker, hence a promise).
   */
  onSave: (
    withResults: boolean,
    withWeights: boolean,
  ) => Promise<{ text: string; name: string; note?: string }>;
  onLoad: (file: File) => void;
  onStartFresh: () => void;
  records: StepRecord[];
  report: GradientsReport | null;
  message: FileMessage | null;
  baseName: string;
}

export function NotebookFileControls(props: NotebookFileControlsProps) {
  const { onSave, onLoad, onStartFresh, records, report, message, baseName } = props;
  const [withResults, setWithResults] = useState(true);
  const [withWeights, setWithWeights] = useState(true);
  const [isSaving, setIsSaving] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const resultsId = useId();
  const weightsId = useId();

  const save = async () => {
    setIsSaving(true);
    try {
      const file = await onSave(withResults, withWeights);
      setNote(file.note ?? null);
      downloadBlob(new Blob([file.text], { type: 'application/json' }), file.name);
    } finally {
      setIsSaving(false);
    }
  };
  const startFresh = () => {
    if (
      window.confirm(
        'Start fresh? This discards the autosaved notebook, its settings and its curves (files you saved stay).',
      )
    )
      onStartFresh();
  };
  const csv = (text: string, name: string) =>
    downloadBlob(new Blob([text], { type: 'text/csv' }), name);

  return (
    <div className="notebook-file" data-testid="notebook-file">
      <button type="button" onClick={() => void save()} disabled={isSaving}>
        Save notebook
      </button>
      <span className="field">
        <input
          id={resultsId}
          type="checkbox"
          checked={withResults}
          onChange={(e) => setWithResults(e.target.checked)}
        />
        <label htmlFor={resultsId}>with curves and gradient report</label>
      </span>
      <span className="field">
        <input
          id={weightsId}
          type="checkbox"
          checked={withWeights}
          onChange={(e) => setWithWeights(e.target.checked)}
        />
        <label htmlFor={weightsId}>with trained weights</label>
      </span>
      <button type="button" onClick={() => input.current?.click()}>
        Load notebook…
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="notebook-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onLoad(file);
        }}
      />
      <button type="button" onClick={startFresh}>
        Start fresh
      </button>
      <button
        type="button"
        disabled={!report}
        onClick={() => report && csv(gradientTableCsv(report), `${baseName}-gradients.csv`)}
      >
        Gradient table (CSV)
      </button>
      <button
        type="button"
        disabled={records.length === 0}
        onClick={() => csv(trainingCurvesCsv(records), `${baseName}-training.csv`)}
      >
        Training curves (CSV)
      </button>
      {message ? (
        <p
          className={message.isError ? 'notebook-file-message cell-error' : 'notebook-file-message'}
          role={message.isError ? 'alert' : 'status'}
          data-testid="notebook-file-message"
        >
          {message.text}
        </p>
      ) : note ? (
        <p className="notebook-file-message" role="status">
          {note}
        </p>
      ) : null}
    </div>
  );
}
