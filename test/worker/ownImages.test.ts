// Your own images through the worker's handler: decoded in batches with progress between, files
// refused by size before decoding, by the decoder after, skipped over the count limit, cleared
// at once; a session configured on them trains and holds out 20 % of each class. Node has no
// createImageBitmap: the decoder here reads a colour from the file's text (the browser's real
// decoder runs in test/e2e/ownImages.test.ts).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { IMAGE_LIMITS, STORE_VALUES } from '../../src/core/data/imageLimits';
import type { DecodedImage } from '../../src/worker/imageDecode';
import { PRESETS } from '../../src/core/presets';
import { config, makeHandler } from './harness';

/** A "file" whose text is `gray:<0–255>` decodes to that gray; anything else fails as a browser's would. */
async function decodeGray(file: Blob): Promise<DecodedImage> {
  const text = await file.text();
  const match = /^gray:(\d+)$/.exec(text);
  if (!match) return { ok: false, reason: 'not an image this browser can decode (bad bytes)' };
  return { ok: true, pixels: new Uint8Array(STORE_VALUES).fill(Number(match[1])) };
}

const image = (name: string, gray: number) =>
  new File([`gray:${gray}`], name, { type: 'image/png' });

const imagesConfig = () =>
  config({
    spec: PRESETS['seed-toy'].spec,
    cuts: [0],
    dataset: { kind: 'images', classes: ['bright', 'dark'] },
    hyper: { ...config().hyper, batchSize: 4, twins: ['reference', 'vjp'] },
  });

describe('your images in the worker', () => {
  it('decodes in batches with progress, lists refusals by name and reason, and trains on the rest', async () => {
    const { handler, of } = makeHandler({ decodeImage: decodeGray });
    const before = tf.memory().numTensors;
    const bright = Array.from({ length: 12 }, (_, i) => image(`bright-${i}.png`, 230));
    const bad = [
      new File(['just some notes'], 'bad.jpg', { type: 'image/jpeg' }),
      new File([], 'empty.png', { type: 'image/png' }),
      new File(['hello'], 'notes.txt', { type: 'text/plain' }),
    ];
    await handler.handle({ type: 'addImages', classIndex: 0, files: [...bright, ...bad] });
    const progress = of('imageProgress');
    expect(progress.map((p) => p.done)).toEqual([0, 8, 15]);
    expect(progress.every((p) => p.total === 15 && p.classIndex === 0)).toBe(true);
    let state = of('images').at(-1)!.images;
    expect(state.counts).toEqual([12, 0]);
    expect(state.rejected[0]).toEqual([
      { name: 'bad.jpg', reason: 'not an image this browser can decode (bad bytes)' },
      { name: 'empty.png', reason: 'empty file (0 bytes)' },
      { name: 'notes.txt', reason: 'not an image (its type is text/plain)' },
    ]);

    // No images of class B yet: the configure is refused in the data cell, in words.
    await handler.handle({ type: 'configure', config: imagesConfig() });
    expect(of('error').at(-1)).toMatchObject({ where: 'data' });
    expect(of('error').at(-1)!.message).toMatch(/'dark' has 0 images: each class needs at least 2/);

    const dark = Array.from({ length: 10 }, (_, i) => image(`dark-${i}.png`, 20));
    await handler.handle({ type: 'addImages', classIndex: 1, files: dark });
    state = of('images').at(-1)!.images;
    expect(state.counts).toEqual([12, 10]);
    expect(state.revision).toBe(2);

    await handler.handle({ type: 'configure', config: imagesConfig() });
    const preview = of('configured').at(-1)!.dataset;
    expect(preview.kind).toBe('images');
    expect(preview.classNames).toEqual(['bright', 'dark']);
    expect(preview.classCounts).toEqual({ train: [10, 8], test: [2, 2] });
    expect(preview.size).toBe(18);
    expect(preview.testSize).toBe(4);
    expect(preview.examples[0].shape).toEqual([10, 10, 1]);
    await handler.handle({ type: 'step' });
    expect(of('progress').at(-1)!.records.at(-1)!.step).toBe(0);

    // Clearing acts at once: the counts and refusals of the class are gone.
    await handler.handle({ type: 'clearImages', classIndex: 0 });
    expect(of('images').at(-1)!.images).toMatchObject({ counts: [0, 10], rejected: [[], []] });
    await handler.handle({ type: 'dispose' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips files over the count limit without decoding them, and refuses files over the byte limit', async () => {
    let decoded = 0;
    const { handler, of } = makeHandler({
      decodeImage: (file) => {
        decoded++;
        return decodeGray(file);
      },
    });
    const files = Array.from({ length: IMAGE_LIMITS.perClass + 3 }, (_, i) => image(`${i}.png`, 1));
    // A file claiming more bytes than the limit, without holding them.
    const huge = image('huge.png', 1);
    Object.defineProperty(huge, 'size', { value: IMAGE_LIMITS.bytes + 1 });
    await handler.handle({ type: 'addImages', classIndex: 1, files: [huge, ...files] });
    const state = of('images').at(-1)!.images;
    expect(state.counts).toEqual([0, IMAGE_LIMITS.perClass]);
    expect(decoded).toBe(IMAGE_LIMITS.perClass);
    expect(state.rejected[1][0]).toEqual({
      name: 'huge.png',
      reason: '20.0 MB is over the 20 MB limit for one file',
    });
    expect(state.rejected[1].slice(1).map((r) => r.name)).toEqual([
      '2000.png',
      '2001.png',
      '2002.png',
    ]);
    expect(state.rejected[1][1].reason).toBe('skipped: a class keeps at most 2000 images');
    expect(of('imageProgress').at(-1)).toMatchObject({ done: 2004, total: 2004 });
  });

  it('a clear during a decode stops it; other requests are answered between its batches', async () => {
    const { handler, of, events } = makeHandler({ decodeImage: decodeGray });
    const files = Array.from({ length: 64 }, (_, i) => image(`${i}.png`, 100));
    const adding = handler.handle({ type: 'addImages', classIndex: 0, files });
    // Answered while the decode is still going: the configure's error arrives before it ends.
    await handler.handle({ type: 'configure', config: imagesConfig() });
    const configuredAt = events.findIndex((e) => e.type === 'error');
    expect(configuredAt).toBeGreaterThan(0);
    expect(of('imageProgress').at(-1)!.done).toBeLessThan(64);
    void handler.handle({ type: 'clearImages', classIndex: 0 });
    await adding;
    expect(of('images').at(-1)!.images.counts).toEqual([0, 0]);
    expect(of('imageProgress').at(-1)!.done).toBeLessThan(64);
  });
});
