// The dataset and its size: the seed's noise, drawn squares or shapes, MNIST (a digit pair
// picked with two selects, or all ten), or your own images (their zones are OwnImages.tsx).
// Every change dispatches a whole DatasetChoice.
import { useId } from 'react';
import { MNIST_DIGITS } from '../../core/data/mnistFormat';
import type { DatasetChoice } from '../../worker/protocol';
import type { SettingsAction } from '../state/notebookSettings';
import {
  choiceForOption,
  DATASET_OPTIONS,
  MAX_DRAWN_SIZE,
  mnistTrainingCount,
  optionOf,
  type DatasetOption,
} from './datasetChoice';

interface DatasetPickerProps {
  dataset: DatasetChoice;
  batch: number;
  dispatch: (action: SettingsAction) => void;
}

export function DatasetPicker({ dataset, batch, dispatch }: DatasetPickerProps) {
  const kindId = useId();
  const sizeId = useId();
  const firstId = useId();
  const secondId = useId();
  const choose = (choice: DatasetChoice) => dispatch({ kind: 'dataset', dataset: choice });
  const isMnist = dataset.kind === 'mnist';
  const most = isMnist ? mnistTrainingCount(dataset.digits) : MAX_DRAWN_SIZE;
  const pair = isMnist && dataset.digits !== 'all' ? dataset.digits : null;
  const setDigit = (at: 0 | 1, digit: number) => {
    if (!pair) return;
    const digits: [number, number] = [...pair];
    digits[at] = digit;
    // A new pair has other training counts: a size cap beyond them is dropped.
    const size = isMnist && dataset.size !== undefined ? dataset.size : undefined;
    const fits = size !== undefined && size <= mnistTrainingCount(digits);
    choose({ kind: 'mnist', digits, ...(fits ? { size } : {}) });
  };
  return (
    <div className="controls dataset-picker">
      <label htmlFor={kindId}>Dataset</label>
      <select
        id={kindId}
        value={optionOf(dataset)}
        onChange={(e) => choose(choiceForOption(e.target.value as DatasetOption, dataset, batch))}
      >
        {DATASET_OPTIONS.map(({ option, label }) => (
          <option key={option} value={option}>
            {label}
          </option>
        ))}
      </select>
      {pair ? (
        <>
          <label htmlFor={firstId}>Class 0: digit</label>
          <select
            id={firstId}
            value={pair[0]}
            onChange={(e) => setDigit(0, Number(e.target.value))}
          >
            {MNIST_DIGITS.map((d) => (
              <option key={d} value={d} disabled={d === pair[1]}>
                {d}
              </option>
            ))}
          </select>
          <label htmlFor={secondId}>Class 1: digit</label>
          <select
            id={secondId}
            value={pair[1]}
            onChange={(e) => setDigit(1, Number(e.target.value))}
          >
            {MNIST_DIGITS.map((d) => (
              <option key={d} value={d} disabled={d === pair[0]}>
                {d}
              </option>
            ))}
          </select>
        </>
      ) : null}
      {dataset.kind === 'images' ? null : (
        <>
          <label htmlFor={sizeId}>{isMnist ? 'Training images' : 'Examples'}</label>
          <input
            id={sizeId}
            type="number"
            min={1}
            max={most}
            placeholder={isMnist ? `all ${most}` : undefined}
            value={dataset.size ?? ''}
            onChange={(e) => {
              const text = e.target.value.trim();
              if (isMnist && text === '') {
                choose({ kind: 'mnist', digits: dataset.digits });
                return;
              }
              const size = Number(text);
              if (!Number.isInteger(size) || size < 1 || size > most) return;
              choose(
                dataset.kind === 'mnist'
                  ? { kind: 'mnist', digits: dataset.digits, size }
                  : { kind: dataset.kind, size },
              );
            }}
          />
        </>
      )}
    </div>
  );
}
