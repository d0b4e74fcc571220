// Your image files into the store, a batch at a time: refused by size (empty, over 20 MB) or
// type before decoding, skipped beyond the class's limit without decoding, refused by the
// decoder (not an image, over the pixel limit) after. Progress after each batch, then a pause so
// other requests are answered; a clear of the class meanwhile ends it.
import { DECODE_BATCH, SKIPPED_OVER_COUNT, fileSizeProblem } from '../core/data/imageLimits';
import type { DecodedImage, ImageDecoder } from './imageDecode';
import type { ImageStore } from './imageStore';
import type { ImageClass } from './protocol';

export interface IntakeEnvironment {
  decode: ImageDecoder;
  /** Files looked at so far (kept, refused or skipped) out of `total`. */
  progress(done: number, total: number): void;
  /** Lets queued messages in between batches. */
  pause(): Promise<void>;
}

/** The name a refusal is listed by: the path inside a picked folder, else the file's name. */
const nameOf = (file: Blob) =>
  (file as File).webkitRelativePath || (file as File).name || 'a file without a name';

function check(file: Blob, decode: ImageDecoder): Promise<DecodedImage> {
  const tooBig = fileSizeProblem(file.size);
  if (tooBig) return Promise.resolve({ ok: false, reason: tooBig });
  if (file.type && !file.type.startsWith('image/'))
    return Promise.resolve({ ok: false, reason: `not an image (its type is ${file.type})` });
  return decode(file).catch((error: unknown) => ({
    ok: false,
    reason: `could not be read (${error instanceof Error ? error.message : String(error)})`,
  }));
}

/**
 * Takes `files` into class `k` of `store` if the class is still at `generation` (not cleared
 * since they were sent). Returns true when it ran to the end and committed, false when a clear
 * made it moot.
 */
export async function takeInImages(
  store: ImageStore,
  k: ImageClass,
  files: Blob[],
  generation: number,
  env: IntakeEnvironment,
): Promise<boolean> {
  const isCurrent = () => store.generation(k) === generation;
  let done = 0;
  env.progress(done, files.length);
  while (done < files.length && isCurrent()) {
    const room = store.room(k);
    if (room === 0) {
      for (const file of files.slice(done))
        store.reject(k, { name: nameOf(file), reason: SKIPPED_OVER_COUNT });
      done = files.length;
      env.progress(done, files.length);
      break;
    }
    const batch = files.slice(done, done + Math.min(DECODE_BATCH, room));
    const results = await Promise.all(batch.map((file) => check(file, env.decode)));
    if (!isCurrent()) break;
    results.forEach((result, i) => {
      const name = nameOf(batch[i]);
      if (result.ok) store.add(k, { name, pixels: result.pixels });
      else store.reject(k, { name, reason: result.reason });
    });
    done += batch.length;
    env.progress(done, files.length);
    await env.pause();
  }
  if (!isCurrent()) return false;
  store.commit();
  return true;
}
