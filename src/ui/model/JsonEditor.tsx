// The whole draft as JSON in a textarea. Text that does not parse gets a message in words and
// is not passed on; the draft changes only when the text is JSON again.
import { useId, useState } from 'react';
import { sameJson } from './fieldText';
import { jsonTextOf, parseJsonText } from './jsonText';

interface JsonEditorProps {
  draft: unknown;
  onDraft: (draft: unknown) => void;
}

export function JsonEditor({ draft, onDraft }: JsonEditorProps) {
  const id = useId();
  const [text, setText] = useState(() => jsonTextOf(draft));
  const [problem, setProblem] = useState<string | null>(null);
  const [shownDraft, setShownDraft] = useState(draft);
  // A draft changed elsewhere (a preset) replaces the text, unless the text already says it.
  if (shownDraft !== draft) {
    setShownDraft(draft);
    const typed = parseJsonText(text);
    if (!typed.ok || !sameJson(typed.value, draft)) {
      setText(jsonTextOf(draft));
      setProblem(null);
    }
  }
  return (
    <div className="model-json">
      <label htmlFor={id}>the spec as JSON</label>
      <textarea
        id={id}
        value={text}
        rows={Math.min(30, Math.max(8, text.split('\n').length + 1))}
        spellCheck={false}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const parsed = parseJsonText(next);
          setProblem(parsed.ok ? null : parsed.message);
          if (parsed.ok) onDraft(parsed.value);
        }}
      />
      {problem ? (
        <p id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
