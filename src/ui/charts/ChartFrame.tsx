// A chart's figure: title, a note under it, and the pixel size the chart draws at — the
// container's width (measured) unless a test or caller fixes it. The chart itself is drawn
// only once the figure nears the viewport, and one chart per task (recharts costs the main
// thread ~100 ms to mount a chart). Each has an Export menu (PNG, SVG) for what it draws.
import type { ReactNode } from 'react';
import { ChartExportMenu } from '../file/ChartExportMenu';
import { useElementWidth } from '../hooks/useElementWidth';
import { useIsNearViewport } from '../hooks/useIsNearViewport';
import { useMountTurn } from '../hooks/useMountTurn';
import { useDisplay } from '../theme/DisplayContext';

export interface ChartSize {
  width?: number;
  height?: number;
}

interface ChartFrameProps extends ChartSize {
  title: string;
  /** A stable name for tests and screenshots (data-chart). */
  name: string;
  note?: ReactNode;
  children: (size: { width: number; height: number }) => ReactNode;
}

export const DEFAULT_CHART_HEIGHT = 280;

export function ChartFrame({ title, name, note, width, height, children }: ChartFrameProps) {
  const { fontScale } = useDisplay();
  const { ref, width: measured } = useElementWidth<HTMLDivElement>();
  const isNear = useIsNearViewport(ref);
  const drawWidth = width ?? measured;
  // A fixed size (tests, callers that know) draws at once; measured charts take turns.
  const isWanted = drawWidth > 0 && isNear;
  const hasTurn = useMountTurn(isWanted && width === undefined);
  const drawHeight = height ?? Math.round(DEFAULT_CHART_HEIGHT * Math.sqrt(fontScale));
  return (
    <figure className="chart" data-chart={name}>
      <figcaption className="chart-title">{title}</figcaption>
      <ChartExportMenu target={ref} name={name} />
      <div ref={ref} className="chart-canvas" style={{ minHeight: drawHeight }}>
        {isWanted && (hasTurn || width !== undefined)
          ? children({ width: drawWidth, height: drawHeight })
          : null}
      </div>
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  );
}
