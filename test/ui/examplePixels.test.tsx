// How examples become thumbnails: grey and colour images pixel for pixel, vectors as bars.
import { describe, expect, it } from 'vitest';
import { classCounts, classIndexOf, classNameOf } from '../../src/ui/data/classes';
import { BAR_STRIP_HEIGHT, examplePixels } from '../../src/ui/data/examplePixels';

describe('examplePixels', () => {
  it('draws a one-channel image in grey, clamped to [0, 1]', () => {
    const { width, height, rgba } = examplePixels({
      shape: [1, 2, 1],
      data: new Float32Array([0.5, 2]),
    });
    expect([width, height]).toEqual([2, 1]);
    expect([...rgba]).toEqual([128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('draws a three-channel image in colour', () => {
    const { rgba } = examplePixels({ shape: [1, 1, 3], data: new Float32Array([1, 0, 0.2]) });
    expect([...rgba]).toEqual([255, 0, 51, 255]);
  });

  it('draws a vector as a strip of bars as tall as the values', () => {
    const { width, height, rgba } = examplePixels(
      { shape: [2], data: new Float32Array([1, 0]) },
      [10, 20, 30],
    );
    expect([width, height]).toEqual([2, BAR_STRIP_HEIGHT]);
    const alpha = (x: number, y: number) => rgba[(y * width + x) * 4 + 3];
    expect(alpha(0, 0)).toBe(255);
    expect(alpha(1, BAR_STRIP_HEIGHT - 1)).toBe(0);
  });
});

describe('classes of labels', () => {
  it('reads 0/1 labels by threshold and one-hot or soft rows by their largest value', () => {
    expect([[1], [0], [0.7], [0.2]].map(classIndexOf)).toEqual([1, 0, 1, 0]);
    expect(classIndexOf([0, 0, 1])).toBe(2);
    expect(classIndexOf([0.25, 0.75])).toBe(1);
    expect(classNameOf(1, ['3', '8'])).toBe('8');
    expect(classNameOf(4, undefined)).toBe('4');
  });

  it('counts each class, including classes no example has', () => {
    expect(classCounts([[1], [1], [0]], 2)).toEqual([1, 2]);
    expect(classCounts([[0, 0, 1]], 3)).toEqual([0, 0, 1]);
  });
});
