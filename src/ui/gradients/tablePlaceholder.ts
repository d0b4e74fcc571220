// The height a gradient table holds while it is off screen. Each table frame is skipped by the
// browser until it nears the viewport (content-visibility: auto in notebook.css), even when its
// cell is laid out early: Chrome's autofill lays out any cell in which a button or a field
// appears (the Recompute button, the check's settings), and without a frame of their own the
// tables would be laid out with it, a long task while the page loads. Sized from the row count,
// so the page hardly moves when a table is drawn; once drawn, the browser keeps its real height.
import type { CSSProperties } from 'react';

/** rem per row (0.92rem text, line-height 1.5, padding and border), plus caption and head. */
const ROW_REM = 1.8;
const CAPTION_AND_HEAD_REM = 4;

export function tablePlaceholder(rows: number): CSSProperties {
  return { containIntrinsicBlockSize: `auto ${CAPTION_AND_HEAD_REM + ROW_REM * rows}rem` };
}
