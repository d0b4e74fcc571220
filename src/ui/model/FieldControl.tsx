// One labelled field of the model editor: a number or text input, a select for an enum, or a
// checkbox, with checkSpec's message for that field beside it and aria-invalid set.
import { useId, type JSX } from 'react';
import { ACTIVATIONS, LAYER_TYPES, LOSSES, type SpecProblem } from '../../core/spec';
import { DraftTextInput } from './DraftTextInput';
import { parseNumberText, parsePairText, parseShapeText, valueText } from './fieldText';
import type { FieldKind } from './layerFields';

export type ControlKind = FieldKind | 'shape' | 'text' | 'loss' | 'type';

interface FieldControlProps {
  /** The field's name as the JSON and checkSpec's messages spell it. */
  label: string;
  kind: ControlKind;
  value: unknown;
  required: boolean;
  /** What leaving an optional field empty means ("linear", "1"). */
  defaultText?: string;
  problems: readonly SpecProblem[];
  onValue: (value: unknown) => void;
  /** Lets the editor put focus back on this control after a change. */
  focusKey?: string;
}

const CHOICES: Partial<Record<ControlKind, readonly string[]>> = {
  activation: ACTIVATIONS,
  padding: ['valid', 'same'],
  loss: LOSSES,
  type: LAYER_TYPES,
};

const PARSERS: Partial<Record<ControlKind, (text: string) => unknown>> = {
  integer: parseNumberText,
  rate: parseNumberText,
  pair: parsePairText,
  shape: parseShapeText,
  text: (text) => text,
};

export function FieldControl(props: FieldControlProps) {
  const { label, kind, value, required, defaultText, problems, onValue, focusKey } = props;
  const id = useId();
  const problemId = `${id}-problem`;
  const isInvalid = problems.length > 0;
  const common = {
    id,
    'aria-invalid': isInvalid,
    'aria-describedby': isInvalid ? problemId : undefined,
    'data-focus-key': focusKey,
  };

  let control: JSX.Element;
  const choices = CHOICES[kind];
  const parse = PARSERS[kind];
  if (choices) {
    const current = value === undefined ? '' : valueText(value);
    const isUnknown = current !== '' && !choices.includes(current);
    control = (
      <select
        {...common}
        value={current}
        onChange={(event) => onValue(event.target.value === '' ? undefined : event.target.value)}
      >
        {required ? (
          current === '' ? (
            <option value="" disabled>
              choose…
            </option>
          ) : null
        ) : (
          <option value="">{defaultText} (default)</option>
        )}
        {isUnknown ? <option value={current}>{current} (not valid)</option> : null}
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'boolean') {
    control = (
      <input
        {...common}
        type="checkbox"
        // Unset means true (Keras's default); checking it again removes the field.
        checked={value === undefined || value === true}
        onChange={(event) => onValue(event.target.checked ? undefined : false)}
      />
    );
  } else {
    const isNumber = kind === 'integer' || kind === 'rate';
    control = (
      <DraftTextInput
        {...common}
        type={isNumber ? 'number' : 'text'}
        step={kind === 'rate' ? 0.05 : isNumber ? 1 : undefined}
        min={kind === 'integer' ? 1 : kind === 'rate' ? 0 : undefined}
        placeholder={defaultText}
        spellCheck={false}
        value={value}
        parse={parse ?? ((text) => text)}
        onValue={onValue}
      />
    );
  }

  return (
    <span className="model-field" data-field={label}>
      <label htmlFor={id}>{label}</label>
      {control}
      {isInvalid ? (
        <span id={problemId} className="field-problem">
          {problems.map((p) => p.message).join('; ')}
        </span>
      ) : null}
    </span>
  );
}
