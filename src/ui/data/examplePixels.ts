// One example as pixels: an image [h, w, c] becomes RGBA (grey for one channel, colour for
// three, the first channel otherwise); a vector [n] becomes a strip of n bars whose heights are
// the values. Values are expected in [0, 1] and clamped to it.
import type { TensorData } from '../../worker/protocol';

export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** Rows of a vector's bar strip: enough to tell 0.3 from 0.35. */
export const BAR_STRIP_HEIGHT = 20;

const byte = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 255);

export function examplePixels(
  example: TensorData,
  ink: [number, number, number] = [40, 90, 160],
): Pixels {
  const { shape, data } = example;
  if (shape.length === 3) {
    const [height, width, channels] = shape;
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) {
      const at = p * channels;
      const [r, g, b] =
        channels === 3
          ? [byte(data[at]), byte(data[at + 1]), byte(data[at + 2])]
          : [byte(data[at]), byte(data[at]), byte(data[at])];
      rgba.set([r, g, b, 255], p * 4);
    }
    return { width, height, rgba };
  }
  const width = data.length;
  const height = BAR_STRIP_HEIGHT;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width; i++) {
    const filled = Math.round(Math.min(1, Math.max(0, data[i])) * height);
    for (let row = 0; row < height; row++) {
      const isBar = row >= height - filled;
      // Bars in ink on a transparent ground, so the strip reads in both themes.
      rgba.set(isBar ? [...ink, 255] : [0, 0, 0, 0], (row * width + i) * 4);
    }
  }
  return { width, height, rgba };
}
