// One example drawn into a small canvas at its own resolution and scaled up with
// image-rendering: pixelated, so every input pixel stays a crisp square.
import { useEffect, useMemo, useRef } from 'react';
import type { TensorData } from '../../worker/protocol';
import { useDisplay } from '../theme/DisplayContext';
import { examplePixels } from './examplePixels';

interface ExampleThumbnailProps {
  example: TensorData;
  label: string;
  /** Displayed width in CSS pixels (the canvas keeps the example's own resolution). */
  displayWidth: number;
}

const hexToRgb = (hex: string): [number, number, number] => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];

export function ExampleThumbnail({ example, label, displayWidth }: ExampleThumbnailProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { palette } = useDisplay();
  const ink = palette.series.reference;
  const pixels = useMemo(() => examplePixels(example, hexToRgb(ink)), [example, ink]);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(pixels.rgba, pixels.width, pixels.height), 0, 0);
  }, [pixels]);
  const displayHeight = Math.max(
    12,
    Math.round((displayWidth * pixels.height) / Math.max(pixels.width, 1)),
  );
  return (
    <figure className="thumbnail">
      <canvas
        ref={canvas}
        width={pixels.width}
        height={pixels.height}
        style={{ width: displayWidth, height: Math.min(displayHeight, displayWidth) }}
        role="img"
        aria-label={`example [${example.shape.join('×')}], ${label}`}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
