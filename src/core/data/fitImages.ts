// One way to fit a batch of images to a model's input: bilinear resize to its height and width,
// then its channels (gray repeated into three, colour to luminance), or flattened for a vector
// model of the same number of values. MNIST and your own images both come through here.
import * as tf from '@tensorflow/tfjs';

/** Rec. 601 luma, as tf.image.rgbToGrayscale and most image libraries weigh R, G and B. */
export const LUMA_WEIGHTS = [0.299, 0.587, 0.114] as const;

/** `images` is [n, h, w, 1 or 3] in [0, 1]; `input` the model's [h, w, 1 or 3] or [h·w·c]. */
export function fitImagesToInput(images: tf.Tensor4D, input: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    const [count, height, width, channels] = images.shape;
    if (input.length === 1) return images.reshape([count, height * width * channels]);
    const [h, w, c] = input;
    const sized = h === height && w === width ? images : tf.image.resizeBilinear(images, [h, w]);
    if (c === channels) return sized;
    if (c === 3) return tf.tile(sized, [1, 1, 1, 3]);
    // Three channels to one: the weighted sum over the last axis, kept as an axis of 1.
    return tf.sum(tf.mul(sized, tf.tensor1d([...LUMA_WEIGHTS])), 3, true);
  });
}
