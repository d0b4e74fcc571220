// Circles against squares: one filled shape per image at a random place and size, in a random
// colour, on noise. Seeded, at any image size, with any number of channels. Pure TypeScript.
import { seededRandom } from './seededRandom';

export const SHAPE_CLASSES = ['circle', 'square'] as const;

/** The background is uniform noise in [0, NOISE); a shape's pixels are its colour plus noise. */
export const SHAPES_NOISE = 0.3;

export interface DrawnImages {
  /** [count, h, w, c], row-major, values in [0, 1]. */
  pixels: Float32Array;
  /** 0 = circle, 1 = square. */
  labels: number[];
}

/**
 * `count` images of shape [h, w, c]. A circle of radius r covers πr²; a square of the same
 * area has half-side r·√π/2, so brightness alone does not tell the classes apart. r is drawn
 * between 15 % and 35 % of the shorter side (at least 1.5 pixels), the centre so the shape fits.
 */
export function drawShapes([h, w, c]: number[], count: number, seed: number): DrawnImages {
  const next = seededRandom(seed);
  const perImage = h * w * c;
  const pixels = new Float32Array(count * perImage);
  const labels: number[] = [];
  const side = Math.min(h, w);
  for (let n = 0; n < count; n++) {
    const offset = n * perImage;
    for (let i = 0; i < perImage; i++) pixels[offset + i] = next() * SHAPES_NOISE;
    const label = next() < 0.5 ? 0 : 1;
    const radius = Math.max(1.5, side * (0.15 + 0.2 * next()));
    const half = label === 0 ? radius : (radius * Math.sqrt(Math.PI)) / 2;
    // Pixel centres sit at (row + 0.5, col + 0.5); the shape stays inside the image.
    const cy = half + next() * Math.max(0, h - 2 * half);
    const cx = half + next() * Math.max(0, w - 2 * half);
    const colour = Array.from({ length: c }, () => 0.55 + 0.45 * next());
    for (let row = 0; row < h; row++)
      for (let col = 0; col < w; col++) {
        const dy = row + 0.5 - cy;
        const dx = col + 0.5 - cx;
        const inside =
          label === 0
            ? dx * dx + dy * dy <= radius * radius
            : Math.max(Math.abs(dx), Math.abs(dy)) <= half;
        if (!inside) continue;
        for (let ch = 0; ch < c; ch++) {
          const at = offset + (row * w + col) * c + ch;
          pixels[at] = Math.min(1, colour[ch] + pixels[at] - SHAPES_NOISE / 2);
        }
      }
    labels.push(label);
  }
  return { pixels, labels };
}
