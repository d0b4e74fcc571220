// A small picture of a traced tensor: a few channels as grayscale images for an image-shaped
// activation or gradient, a strip of signed bars for a vector. Pixels stay crisp squares.
import { useEffect, useMemo, useRef } from 'react';
import type { TensorData } from '../../worker/protocol';
import { channelImage, hasNegatives, pictureScale } from './tensorPicture';

interface TensorPictureProps {
  picture: TensorData;
  /** What it is, for the accessible name: "out_0", "g_1". */
  label: string;
}

function Channel({
  picture,
  c,
  scale,
  signed,
}: {
  picture: TensorData;
  c: number;
  scale: number;
  signed: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const image = useMemo(
    () => channelImage(picture.shape, picture.data, c, scale, signed),
    [picture, c, scale, signed],
  );
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(image.rgba, image.width, image.height), 0, 0);
  }, [image]);
  return (
    <figure className="presenter-channel">
      <canvas ref={canvas} width={image.width} height={image.height} aria-hidden="true" />
      <figcaption>channel {c}</figcaption>
    </figure>
  );
}

function Bars({ data, scale }: { data: Float32Array; scale: number }) {
  const n = data.length;
  const width = Math.max(n, 1);
  return (
    <svg
      className="presenter-bars"
      viewBox={`0 0 ${width} 100`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      <line x1={0} x2={width} y1={50} y2={50} className="presenter-bars-axis" />
      {Array.from(data, (v, i) => {
        const h = (Math.abs(v) / scale) * 48;
        return (
          <rect
            key={i}
            x={i + (n > 32 ? 0 : 0.15)}
            width={n > 32 ? 1 : 0.7}
            y={v >= 0 ? 50 - h : 50}
            height={Math.max(h, 0.5)}
            className={v >= 0 ? 'presenter-bar-up' : 'presenter-bar-down'}
          />
        );
      })}
    </svg>
  );
}

export function TensorPicture({ picture, label }: TensorPictureProps) {
  const scale = pictureScale(picture.data);
  const signed = hasNegatives(picture.data);
  const isImage = picture.shape.length === 3;
  const description = isImage
    ? `${label}: ${picture.shape[0]} channels of the first example, ${picture.shape[1]}×${picture.shape[2]}`
    : `${label}: ${picture.shape[0]} values of the first example as bars`;
  return (
    <div className="presenter-picture" role="img" aria-label={description}>
      {isImage ? (
        Array.from({ length: picture.shape[0] }, (_, c) => (
          <Channel key={c} picture={picture} c={c} scale={scale} signed={signed} />
        ))
      ) : (
        <Bars data={picture.data} scale={scale} />
      )}
    </div>
  );
}
