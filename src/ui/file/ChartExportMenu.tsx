// A chart's "Export" menu: PNG and SVG of whatever its frame holds. A canvas chart has no SVG
// to give, and says so; a chart not drawn yet offers nothing.
import { useState, type RefObject } from 'react';
import {
  chartContent,
  chartPng,
  downloadBlob,
  fileNameOf,
  serializeChartSvg,
  type ChartContent,
} from '../charts/exportChart';

interface ChartExportMenuProps {
  /** The element the chart is drawn in. */
  target: RefObject<HTMLElement | null>;
  name: string;
}

export function ChartExportMenu({ target, name }: ChartExportMenuProps) {
  const [kind, setKind] = useState<ChartContent['kind']>('none');
  const [problem, setProblem] = useState<string | null>(null);
  const content = (): ChartContent =>
    target.current ? chartContent(target.current) : { kind: 'none' };
  const file = `splittape-${fileNameOf(name)}`;

  const onPng = async () => {
    try {
      setProblem(null);
      if (!target.current) throw new Error('the chart is not drawn yet');
      downloadBlob(await chartPng(target.current), `${file}.png`);
    } catch (error) {
      setProblem(`PNG: ${(error as Error).message}`);
    }
  };
  const onSvg = () => {
    const current = content();
    if (current.kind !== 'svg') return;
    setProblem(null);
    const text = serializeChartSvg(current.svg);
    downloadBlob(new Blob([text], { type: 'image/svg+xml' }), `${file}.svg`);
  };

  return (
    <details
      className="chart-export"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) setKind(content().kind);
      }}
    >
      <summary>Export</summary>
      <div className="chart-export-menu">
        <button type="button" disabled={kind === 'none'} onClick={() => void onPng()}>
          PNG
        </button>
        <button
          type="button"
          disabled={kind !== 'svg'}
          title={kind === 'canvas' ? 'not available: this chart is drawn on a canvas' : undefined}
          onClick={onSvg}
        >
          SVG
        </button>
        {kind === 'canvas' ? (
          <span className="chart-export-note">SVG is not available for a canvas chart.</span>
        ) : null}
        {kind === 'none' ? (
          <span className="chart-export-note">The chart is not drawn yet.</span>
        ) : null}
        {problem ? (
          <span className="chart-export-note" role="alert">
            {problem}
          </span>
        ) : null}
      </div>
    </details>
  );
}
