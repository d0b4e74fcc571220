// A number input that lets the learner type freely ("0.", "1e-") and passes a value on only
// when it is valid, showing why when it is not.
import { useEffect, useId, useState } from 'react';

interface NumberFieldProps {
  label: string;
  value: number;
  onCommit: (value: number) => void;
  /** Returns a problem in words, or null when the value is acceptable. */
  check: (value: number) => string | null;
  step?: string;
  width?: string;
}

export function NumberField({
  label,
  value,
  onCommit,
  check,
  step = 'any',
  width,
}: NumberFieldProps) {
  const id = useId();
  const [text, setText] = useState(String(value));
  const [problem, setProblem] = useState<string | null>(null);
  // A value changed elsewhere (a preset, the URL) replaces what was typed.
  useEffect(() => {
    setText((current) => (Number(current) === value ? current : String(value)));
  }, [value]);
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={step}
        value={text}
        style={width ? { width } : undefined}
        aria-invalid={problem !== null}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          const next = Number(e.target.value);
          const issue = e.target.value.trim() === '' ? 'enter a number' : check(next);
          setProblem(issue);
          if (!issue && next !== value) onCommit(next);
        }}
      />
      {problem ? (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {label}: {problem}
        </span>
      ) : null}
    </span>
  );
}

export const positiveInteger = (max: number) => (v: number) =>
  Number.isInteger(v) && v >= 1 && v <= max ? null : `a whole number from 1 to ${max}`;

export const positiveNumber = (max: number) => (v: number) =>
  Number.isFinite(v) && v > 0 && v <= max ? null : `a number above 0, at most ${max}`;
