// One True/False table cell: the word Python prints, a mark for those who scan, and a colour
// last (never the only signal).
import { pythonBool } from '../format/numbers';

export function Verdict({ isTrue }: { isTrue: boolean }) {
  return (
    <td className={isTrue ? 'valid' : 'invalid'}>
      <span aria-hidden="true">{isTrue ? '✓ ' : '✗ '}</span>
      {pythonBool(isTrue)}
    </td>
  );
}
