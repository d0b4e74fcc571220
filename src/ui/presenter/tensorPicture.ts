// A traced tensor's picture as pixels: each channel of [channels, h, w] a grayscale image, or a
// vector as signed bars. Gray levels: 0..max → black..white for tensors without negatives
// (ReLU activations); −max..max → black..white around mid-gray for gradients.

export interface GrayImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** The scale a picture is drawn at: its own largest |value| (never 0). */
export const pictureScale = (data: Float32Array) => {
  let max = 0;
  for (const v of data) max = Math.max(max, Math.abs(v));
  return max > 0 ? max : 1;
};

export const hasNegatives = (data: Float32Array) => data.some((v) => v < 0);

/** Channel `c` of a [channels, h, w] picture as grayscale RGBA. */
export function channelImage(
  shape: number[],
  data: Float32Array,
  c: number,
  scale: number,
  signed: boolean,
): GrayImage {
  const [, height, width] = shape;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const offset = c * width * height;
  for (let i = 0; i < width * height; i++) {
    const v = data[offset + i] / scale;
    const level = signed ? 127.5 * (1 + v) : 255 * v;
    rgba.set([level, level, level, 255], i * 4);
  }
  return { width, height, rgba };
}
