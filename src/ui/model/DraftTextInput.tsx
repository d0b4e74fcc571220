// A text or number input bound to one draft value. It keeps what the learner typed ("3,", "1e-")
// while it means the same value, and shows the draft's value when that changes from elsewhere
// (a preset, the JSON view, another field's edit).
import { useState, type InputHTMLAttributes } from 'react';
import { sameJson, valueText } from './fieldText';

interface DraftTextInputProps extends Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange'
> {
  value: unknown;
  parse: (text: string) => unknown;
  onValue: (value: unknown) => void;
}

export function DraftTextInput({ value, parse, onValue, ...inputProps }: DraftTextInputProps) {
  const [text, setText] = useState(() => valueText(value));
  const [shownValue, setShownValue] = useState(value);
  // Adjusting state while rendering (not in an effect) so a changed value never flashes stale.
  if (shownValue !== value) {
    setShownValue(value);
    if (!sameJson(parse(text), value)) setText(valueText(value));
  }
  return (
    <input
      {...inputProps}
      value={text}
      onChange={(event) => {
        setText(event.target.value);
        onValue(parse(event.target.value));
      }}
    />
  );
}
