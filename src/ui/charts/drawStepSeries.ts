// Draws the lines (and, for short runs, the dots) of a step plot on a 2D canvas: one path per
// series, however many points, so a redraw costs the main thread well under a millisecond.
import type { PlotArea, StepAxes, StepRow } from './stepPlotScales';
import { seriesPixels } from './stepPlotScales';

export interface DrawnSeries {
  key: string;
  color: string;
  isUnderlay?: boolean;
  isDashed?: boolean;
}

export interface StepDrawing {
  rows: readonly StepRow[];
  series: readonly DrawnSeries[];
  axes: StepAxes;
  area: PlotArea;
  showDots: boolean;
}

export const lineWidthOf = (s: DrawnSeries) => (s.isUnderlay ? 6 : 2);
export const opacityOf = (s: DrawnSeries) => (s.isUnderlay ? 0.45 : 1);
export const dotRadiusOf = (s: DrawnSeries) => (s.isUnderlay ? 4 : 2.5);
export const DASH = [7, 5];

/** Clears the canvas (sized in CSS pixels × `pixelRatio`) and draws every series in order. */
export function drawStepSeries(
  context: CanvasRenderingContext2D,
  drawing: StepDrawing,
  size: { width: number; height: number; pixelRatio: number },
) {
  const { rows, series, axes, area, showDots } = drawing;
  context.setTransform(size.pixelRatio, 0, 0, size.pixelRatio, 0, 0);
  context.clearRect(0, 0, size.width, size.height);
  context.save();
  // Room for a wide underlay or a dot on the edge, nothing beyond.
  context.beginPath();
  context.rect(area.left - 5, area.top - 5, area.width + 10, area.height + 10);
  context.clip();
  context.lineJoin = 'round';
  context.lineCap = 'round';
  for (const s of series) {
    const points = seriesPixels(rows, s.key, axes, area);
    context.globalAlpha = opacityOf(s);
    context.strokeStyle = s.color;
    context.fillStyle = s.color;
    context.lineWidth = lineWidthOf(s);
    context.setLineDash(s.isDashed ? DASH : []);
    context.beginPath();
    points.forEach((p, i) => (i === 0 ? context.moveTo(p.x, p.y) : context.lineTo(p.x, p.y)));
    context.stroke();
    if (showDots) {
      const r = dotRadiusOf(s);
      context.beginPath();
      for (const p of points) {
        context.moveTo(p.x + r, p.y);
        context.arc(p.x, p.y, r, 0, 2 * Math.PI);
      }
      context.fill();
    }
  }
  context.restore();
}
