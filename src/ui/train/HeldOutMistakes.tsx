// A few held-out examples a twin got wrong: each image with its true class, what the model
// predicted, and the outputs it predicted from.
import type { TwinEvaluation } from '../../worker/protocol';
import { ExampleThumbnail } from '../data/ExampleThumbnail';
import { useDisplay } from '../theme/DisplayContext';

interface HeldOutMistakesProps {
  mistakes: TwinEvaluation['mistakes'];
  classNames: string[];
}

/** The outputs in words: the sigmoid's P(class 1), or the top class's probability. */
function outputText(output: number[], classNames: string[]): string {
  if (output.length === 1) return `P(${classNames[1] ?? '1'}) = ${output[0].toFixed(2)}`;
  const best = output.indexOf(Math.max(...output));
  return `P(${classNames[best] ?? best}) = ${output[best].toFixed(2)}`;
}

export function HeldOutMistakes({ mistakes, classNames }: HeldOutMistakesProps) {
  const { fontScale } = useDisplay();
  if (mistakes.length === 0) return <p className="placeholder">No mistakes among these.</p>;
  return (
    <ul className="mistakes">
      {mistakes.map((m) => {
        const label = classNames[m.label] ?? String(m.label);
        const predicted = classNames[m.predicted] ?? String(m.predicted);
        return (
          <li key={m.index} data-label={label} data-predicted={predicted}>
            <ExampleThumbnail
              example={m.image}
              label={`${label} → ${predicted}`}
              displayWidth={Math.round(56 * fontScale)}
            />
            <span className="mistake-output">{outputText(m.output, classNames)}</span>
          </li>
        );
      })}
    </ul>
  );
}
