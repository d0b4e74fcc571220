// Shared axis, tick and tooltip styling so every chart reads the same and scales with the
// large-text mode; Y axes get an explicit width so long tick labels are never cut.
import type { CSSProperties } from 'react';
import type { Display } from '../theme/DisplayContext';

export function axisStyle({ palette, fontScale }: Display) {
  const fontSize = Math.round(12 * fontScale);
  return {
    fontSize,
    tick: { fill: palette.muted, fontSize },
    stroke: palette.muted,
    label: { fill: palette.text, fontSize },
    /** Room for ticks like "1e-12" plus the rotated axis label. */
    yAxisWidth: Math.round(78 * fontScale),
    grid: palette.grid,
  };
}

export function tooltipStyle({ palette, fontScale }: Display): {
  contentStyle: CSSProperties;
  labelStyle: CSSProperties;
} {
  return {
    contentStyle: {
      background: palette.surface,
      border: `1px solid ${palette.grid}`,
      color: palette.text,
      fontSize: Math.round(13 * fontScale),
    },
    labelStyle: { color: palette.text, fontWeight: 600 },
  };
}

export const legendStyle = ({ palette, fontScale }: Display): CSSProperties => ({
  color: palette.text,
  fontSize: Math.round(13 * fontScale),
});

/** A Y axis's width, ticks and rotated label, the same on every chart. */
export const yAxisFrame = (axis: ReturnType<typeof axisStyle>, label: string) => ({
  width: axis.yAxisWidth,
  tick: axis.tick,
  stroke: axis.stroke,
  label: {
    value: label,
    angle: -90,
    position: 'insideLeft' as const,
    style: { textAnchor: 'middle' as const },
    ...axis.label,
  },
});
