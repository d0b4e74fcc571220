// Choosing one of the seed's models as the starting point; an edited model reads as "custom".
import { useId } from 'react';
import { PRESET_NAMES, PRESETS } from '../../core/presets';

interface PresetPickerProps {
  presetName: string | null;
  onPreset: (name: string) => void;
}

export function PresetPicker({ presetName, onPreset }: PresetPickerProps) {
  const id = useId();
  const preset = presetName ? PRESETS[presetName] : undefined;
  return (
    <div className="model-preset">
      <label htmlFor={id}>preset</label>
      <select
        id={id}
        value={preset && presetName ? presetName : ''}
        aria-describedby={`${id}-description`}
        onChange={(event) => onPreset(event.target.value)}
      >
        {preset ? null : (
          <option value="" disabled>
            custom (edited)
          </option>
        )}
        {PRESET_NAMES.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <span id={`${id}-description`} className="model-preset-description">
        {preset
          ? preset.description
          : 'Your own model. Pick a preset to start again from one of the seed’s models.'}
      </span>
    </div>
  );
}
