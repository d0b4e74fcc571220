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
    // Byte by byte, with no array per pixel: a batch of MNIST digits is ~25 000 pixels, drawn
    // while the page loads.
    const colour = channels === 3 ? [0, 1, 2] : [0, 0, 0];
    for (let p = 0; p < width * height; p++) {
      const at = p * channels;
      rgba[p * 4] = byte(data[at + colour[0]]);
      rgba[p * 4 + 1] = byte(data[at + colour[1]]);
      rgba[p * 4 + 2] = byte(data[at + colour[2]]);
      rgba[p * 4 + 3] = 255;
    }
    return { width, height, rgba };
  }
  const width = data.length;
  const height = BAR_STRIP_HEIGHT;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const bar = [...ink, 255];
  for (let i = 0; i < width; i++) {
    const filled = Math.round(Math.min(1, Math.max(0, data[i])) * height);
    // Bars in ink on a transparent ground (the array starts at 0), so the strip reads in both
    // themes.
    for (let row = height - filled; row < height; row++) rgba.set(bar, (row * width + i) * 4);
  }
  return { width, height, rgba };
}
