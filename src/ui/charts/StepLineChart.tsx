// A line per series against the training step: the shape shared by the loss, weight-difference
// and step-time charts, which redraw live while training. The lines go on a canvas and the axes,
// legend and tooltip are a few plain elements, so a redraw costs about a millisecond (recharts
// cost ~50–150 ms per chart). Long runs are thinned to MAX_POINTS, and dots are drawn while a
// run is short enough for them to be told apart.
import { memo, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useDisplay } from '../theme/DisplayContext';
import { axisStyle, legendStyle, tooltipStyle } from './axes';
import { ChartFrame, type ChartSize } from './ChartFrame';
import { downsample } from './downsample';
import { DASH, dotRadiusOf, drawStepSeries, lineWidthOf, opacityOf } from './drawStepSeries';
import { powerOfTenLabel } from './logScale';
import {
  nearestRow,
  pointCounts,
  stepAxes,
  xPixel,
  yPixel,
  type PlotArea,
  type StepAxes,
  type StepRow,
} from './stepPlotScales';

export type { StepRow } from './stepPlotScales';

export const MAX_POINTS = 400;
export const MAX_DOTS = 60;

export interface StepSeries {
  key: string;
  label: string;
  color: string;
  /** Drawn under the others, wide and translucent, so an identical series on top stays visible. */
  isUnderlay?: boolean;
  isDashed?: boolean;
}

interface StepLineChartProps extends ChartSize {
  name: string;
  title: string;
  note?: ReactNode;
  rows: StepRow[];
  series: StepSeries[];
  yLabel: string;
  isLog?: boolean;
  formatValue: (value: number, key: string, row: StepRow) => string;
  formatTick?: (value: number) => string;
}

export function StepLineChart(props: StepLineChartProps) {
  const { name, title, note, width, height } = props;
  return (
    <ChartFrame name={name} title={title} note={note} width={width} height={height}>
      {(size) => <StepPlot {...props} {...size} />}
    </ChartFrame>
  );
}

type StepPlotProps = StepLineChartProps & { width: number; height: number };

function StepPlot(props: StepPlotProps) {
  const { rows, series, yLabel, isLog = false, formatValue, formatTick, width, height } = props;
  const display = useDisplay();
  const axis = axisStyle(display);
  const fontSize = axis.fontSize;
  const keys = series.map((s) => s.key);
  const points = useMemo(() => downsample(rows, MAX_POINTS), [rows]);
  const axes = stepAxes(points, keys, isLog);
  const counts = pointCounts(points, keys, isLog);
  const showDots = points.length <= MAX_DOTS;
  const area: PlotArea = {
    left: axis.yAxisWidth + 8,
    top: 10,
    width: Math.max(1, width - axis.yAxisWidth - 8 - 24),
    height: Math.max(1, height - 10 - (2 * fontSize + 26)),
  };
  const tickText = isLog ? powerOfTenLabel : (formatTick ?? ((v: number) => String(v)));
  const last = points.at(-1);
  const summary = last
    ? `${yLabel} at step ${last.step}: ` +
      series
        .filter((s) => last[s.key] !== undefined)
        .map((s) => `${s.label} ${formatValue(last[s.key]!, s.key, last)}`)
        .join(', ')
    : `${yLabel}: no steps yet`;
  return (
    <div className="step-plot">
      <ul className="step-legend" style={legendStyle(display)}>
        {series.map((s, i) => (
          <li key={s.key} data-series={s.key} data-points={counts[i]}>
            <svg width={28} height={12} aria-hidden="true">
              <line
                x1={2}
                x2={26}
                y1={6}
                y2={6}
                stroke={s.color}
                strokeWidth={lineWidthOf(s)}
                strokeOpacity={opacityOf(s)}
                strokeDasharray={s.isDashed ? DASH.join(' ') : undefined}
              />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <div className="step-plot-area" style={{ width, height }}>
        <SeriesCanvas
          points={points}
          series={series}
          axes={axes}
          area={area}
          showDots={showDots}
          width={width}
          height={height}
          summary={summary}
        />
        <svg className="step-plot-axes" width={width} height={height} aria-hidden="true">
          {axes.y.ticks.map((t) => {
            const y = yPixel(axes, area, t);
            return (
              <g key={`y${t}`} className="step-plot-tick-y">
                <line
                  x1={area.left}
                  x2={area.left + area.width}
                  y1={y}
                  y2={y}
                  stroke={axis.grid}
                  strokeDasharray="3 3"
                />
                <text
                  x={area.left - 6}
                  y={y}
                  textAnchor="end"
                  dominantBaseline="middle"
                  fill={axis.tick.fill}
                  fontSize={fontSize}
                >
                  {tickText(t)}
                </text>
              </g>
            );
          })}
          {axes.x.ticks.map((t) => {
            const x = xPixel(axes, area, t);
            return (
              <g key={`x${t}`} className="step-plot-tick-x">
                <line
                  x1={x}
                  x2={x}
                  y1={area.top}
                  y2={area.top + area.height}
                  stroke={axis.grid}
                  strokeDasharray="3 3"
                />
                <text
                  x={x}
                  y={area.top + area.height + 6 + fontSize}
                  textAnchor="middle"
                  fill={axis.tick.fill}
                  fontSize={fontSize}
                >
                  {t}
                </text>
              </g>
            );
          })}
          <path
            d={`M${area.left},${area.top}V${area.top + area.height}H${area.left + area.width}`}
            fill="none"
            stroke={axis.stroke}
          />
          <text
            className="step-plot-label"
            x={area.left + area.width / 2}
            y={area.top + area.height + 2 * fontSize + 16}
            textAnchor="middle"
            fill={axis.label.fill}
            fontSize={fontSize}
          >
            training step
          </text>
          <text
            className="step-plot-label"
            transform={`translate(${fontSize}, ${area.top + area.height / 2}) rotate(-90)`}
            textAnchor="middle"
            dominantBaseline="middle"
            fill={axis.label.fill}
            fontSize={fontSize}
          >
            {yLabel}
          </text>
        </svg>
        <StepHover
          points={points}
          series={series}
          axes={axes}
          area={area}
          width={width}
          height={height}
          formatValue={formatValue}
        />
      </div>
    </div>
  );
}

interface SeriesCanvasProps {
  points: StepRow[];
  series: StepSeries[];
  axes: StepAxes;
  area: PlotArea;
  showDots: boolean;
  width: number;
  height: number;
  summary: string;
}

/** The lines themselves; redrawn when the data, size or colours change. */
function SeriesCanvas({
  points,
  series,
  axes,
  area,
  showDots,
  width,
  height,
  summary,
}: SeriesCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  const pixelRatio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  useLayoutEffect(() => {
    const context = ref.current?.getContext('2d');
    if (!context) return;
    drawStepSeries(
      context,
      { rows: points, series, axes, area, showDots },
      { width, height, pixelRatio },
    );
  });
  return (
    <canvas
      ref={ref}
      className="step-plot-lines"
      width={Math.round(width * pixelRatio)}
      height={Math.round(height * pixelRatio)}
      style={{ width, height }}
      role="img"
      aria-label={summary}
      data-dots={showDots ? 'shown' : 'hidden'}
    />
  );
}

interface StepHoverProps {
  points: StepRow[];
  series: StepSeries[];
  axes: StepAxes;
  area: PlotArea;
  width: number;
  height: number;
  formatValue: StepLineChartProps['formatValue'];
}

/**
 * The tooltip: a pointer over the plot picks the nearest step, marks each series' point there
 * and lists the values. Its own component, so hovering re-renders only this.
 */
const StepHover = memo(function StepHover(props: StepHoverProps) {
  const { points, series, axes, area, width, height, formatValue } = props;
  const display = useDisplay();
  const [index, setIndex] = useState<number | null>(null);
  const row = index !== null ? points[index] : undefined;
  const style = tooltipStyle(display);
  const x = row ? xPixel(axes, area, row.step) : 0;
  const shown = row ? series.filter((s) => row[s.key] !== undefined) : [];
  return (
    <div
      className="step-plot-hover"
      style={{ width, height }}
      onPointerMove={(event) => {
        const box = event.currentTarget.getBoundingClientRect();
        const i = nearestRow(points, axes, area, event.clientX - box.left);
        setIndex(i >= 0 ? i : null);
      }}
      onPointerLeave={() => setIndex(null)}
    >
      {row ? (
        <>
          <svg width={width} height={height} aria-hidden="true">
            <line
              x1={x}
              x2={x}
              y1={area.top}
              y2={area.top + area.height}
              stroke={display.palette.muted}
            />
            {shown.map((s) =>
              !axes.y.isLog || row[s.key]! > 0 ? (
                <circle
                  key={s.key}
                  cx={x}
                  cy={yPixel(axes, area, row[s.key]!)}
                  r={Math.max(5, dotRadiusOf(s) + 1)}
                  fill={s.color}
                  stroke={display.palette.surface}
                  strokeWidth={2}
                />
              ) : null,
            )}
          </svg>
          <div
            className="step-tooltip"
            role="status"
            style={{
              ...style.contentStyle,
              top: area.top,
              ...(x > area.left + area.width / 2 ? { right: width - x + 12 } : { left: x + 12 }),
            }}
          >
            <p style={style.labelStyle}>step {row.step}</p>
            <ul>
              {shown.map((s) => (
                <li key={s.key} style={{ color: s.color }}>
                  {s.label}: {formatValue(row[s.key]!, s.key, row)}
                </li>
              ))}
            </ul>
          </div>
        </>
      ) : null}
    </div>
  );
});
