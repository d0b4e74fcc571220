// Your own images as the worker holds them for this tab: per class the decoded images and the
// files refused with their reasons. Nothing here is saved; a reload starts empty. A class's
// generation changes when it is cleared, so a decode still running for it knows to stop.
import { IMAGE_LIMITS } from '../core/data/imageLimits';
import type { OwnImages, StoredImage } from '../core/data/ownImages';
import type { ImageClass, ImageRejection, ImagesState } from './protocol';

export class ImageStore {
  private readonly images: [StoredImage[], StoredImage[]] = [[], []];
  private readonly rejected: [ImageRejection[], ImageRejection[]] = [[], []];
  private readonly generations = [0, 0];
  /** Bumped by every change; the page reconfigures a session on your images when it moves. */
  private revision = 0;

  get all(): OwnImages {
    return this.images;
  }

  count(k: ImageClass): number {
    return this.images[k].length;
  }

  total(): number {
    return this.images[0].length + this.images[1].length;
  }

  /** Images the class can still take. */
  room(k: ImageClass): number {
    return Math.max(0, IMAGE_LIMITS.perClass - this.images[k].length);
  }

  generation(k: ImageClass): number {
    return this.generations[k];
  }

  add(k: ImageClass, image: StoredImage): void {
    this.images[k].push(image);
  }

  reject(k: ImageClass, rejection: ImageRejection): void {
    this.rejected[k].push(rejection);
  }

  clear(k: ImageClass): void {
    this.images[k] = [];
    this.rejected[k] = [];
    this.generations[k]++;
    this.revision++;
  }

  /** Marks the end of an addition: one revision for a whole drop. */
  commit(): void {
    this.revision++;
  }

  state(): ImagesState {
    return {
      counts: [this.images[0].length, this.images[1].length],
      rejected: [this.rejected[0].slice(), this.rejected[1].slice()],
      revision: this.revision,
    };
  }
}
