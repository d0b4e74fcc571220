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

/** A short vector reads better as numbers than as bars. */
const SHORT_VECTOR = 16;

function Values({ data }: { data: Float32Array }) {
  return (
    <ol className="presenter-values">
      {Array.from(data, (v, i) => (
        <li key={i} className={v >= 0 ? 'is-up' : 'is-down'}>
          {v.toPrecision(3)}
        </li>
      ))}
    </ol>
  );
}

export function TensorPicture({ picture, label }: TensorPictureProps) {
  const scale = pictureScale(picture.data);
  const signed = hasNegatives(picture.data);
  const isImage = picture.shape.length === 3;
  const n = picture.shape[0];
  const description = isImage
    ? `${label}: ${n} channels of the first example, ${picture.shape[1]}×${picture.shape[2]}`
    : `${label}: ${n} values of the first example${n > SHORT_VECTOR ? ' as bars' : ''}`;
  return (
    <div className="presenter-picture-frame">
      <div className="presenter-picture" role="img" aria-label={description}>
        {isImage ? (
          Array.from({ length: n }, (_, c) => (
            <Channel key={c} picture={picture} c={c} scale={scale} signed={signed} />
          ))
        ) : n > SHORT_VECTOR ? (
          <Bars data={picture.data} scale={scale} />
        ) : (
          <Values data={picture.data} />
        )}
      </div>
      <p className="presenter-picture-note">
        {isImage
          ? `the batch's first example, ${n} channel${n === 1 ? '' : 's'}${signed ? ' (mid-gray is 0)' : ' (black is 0)'}`
          : `the batch's first example${n > SHORT_VECTOR ? `, ${n} values` : ''}`}
      </p>
    </div>
  );
}
