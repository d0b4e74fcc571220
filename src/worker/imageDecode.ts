// Decodes one of your image files in the worker: its size read from the file's header where the
// format is known (refused before decoding when over the limit), createImageBitmap, the same
// check on the decoded bitmap, then drawn scaled (stretched, as Keras'
// image_dataset_from_directory does by default) into a 64×64 OffscreenCanvas and read back as
// RGB bytes. Browser-only; the handler takes it from its environment, so Node tests can give it
// another.
import { HEADER_BYTES, imageHeaderSize } from '../core/data/imageHeader';
import { STORE_SIDE, STORE_VALUES, dimensionsProblem } from '../core/data/imageLimits';

export type DecodedImage = { ok: true; pixels: Uint8Array } | { ok: false; reason: string };

export type ImageDecoder = (file: Blob) => Promise<DecodedImage>;

export async function decodeImageFile(file: Blob): Promise<DecodedImage> {
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  const header = imageHeaderSize(head);
  const tooBigToDecode = header && dimensionsProblem(header.width, header.height);
  if (tooBigToDecode) return { ok: false, reason: tooBigToDecode };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not an image this browser can decode (${detail})` };
  }
  try {
    const tooBig = dimensionsProblem(bitmap.width, bitmap.height);
    if (tooBig) return { ok: false, reason: tooBig };
    const canvas = new OffscreenCanvas(STORE_SIDE, STORE_SIDE);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return { ok: false, reason: 'this browser gave no 2D canvas to draw it in' };
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, STORE_SIDE, STORE_SIDE);
    const rgba = context.getImageData(0, 0, STORE_SIDE, STORE_SIDE).data;
    // RGBA to RGB: transparency is dropped (a transparent pixel keeps its colour values).
    const pixels = new Uint8Array(STORE_VALUES);
    for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
      pixels[q] = rgba[p];
      pixels[q + 1] = rgba[p + 1];
      pixels[q + 2] = rgba[p + 2];
    }
    return { ok: true, pixels };
  } finally {
    bitmap.close();
  }
}
