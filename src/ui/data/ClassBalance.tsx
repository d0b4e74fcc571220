// How many of the shown examples fall in each class: a bar per class with its count, so a
// lopsided batch is seen at a glance (and read out as a list).
import { useDisplay } from '../theme/DisplayContext';

interface ClassBalanceProps {
  counts: number[];
  classNames: string[];
  /** What the counts are of, in words ('the 16 examples shown'). */
  of: string;
}

export function ClassBalance({ counts, classNames, of }: ClassBalanceProps) {
  const { palette } = useDisplay();
  const most = Math.max(1, ...counts);
  return (
    <figure className="class-balance">
      <figcaption>Class balance of {of}</figcaption>
      <ul>
        {counts.map((count, k) => (
          <li key={k} data-class={classNames[k]}>
            <span className="class-balance-name">{classNames[k]}</span>
            <span className="class-balance-track" aria-hidden="true">
              <span
                className="class-balance-bar"
                style={{ width: `${(100 * count) / most}%`, background: palette.series.reference }}
              />
            </span>
            <span className="class-balance-count">{count}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
