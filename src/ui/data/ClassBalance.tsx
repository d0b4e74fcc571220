// How the classes balance over the whole dataset: a bar per class for its training examples,
// with the training and held-out counts in words ("training: 412 / 388 · held out: 103 / 97"),
// so a lopsided dataset is seen at a glance (and read out as a list).
import { useDisplay } from '../theme/DisplayContext';

interface ClassBalanceProps {
  /** Examples per class in the whole training split. */
  train: number[];
  /** Examples per class held out (empty when nothing is). */
  test: number[];
  classNames: string[];
}

export function ClassBalance({ train, test, classNames }: ClassBalanceProps) {
  const { palette } = useDisplay();
  const most = Math.max(1, ...train);
  const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
  return (
    <figure className="class-balance">
      <figcaption>
        Class balance of all {total(train)} training examples
        {test.length > 0 ? ` and ${total(test)} held out` : ''}
      </figcaption>
      {/* Each half kept whole: a narrow column breaks at the dot, not inside the counts. */}
      <p className="class-balance-summary">
        <span>training: {train.join(' / ')}</span>
        {test.length > 0 ? (
          <>
            {' · '}
            <span>held out: {test.join(' / ')}</span>
          </>
        ) : null}
      </p>
      <ul>
        {train.map((count, k) => (
          <li key={k} data-class={classNames[k]} data-train={count} data-test={test[k] ?? 0}>
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
