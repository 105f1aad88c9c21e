/**
 * What one run may hold in memory at once, in numbers, so that a config the machine cannot hold is refused
 * at the door with its arithmetic (issue 16: the largest configs the schemas accepted failed inside the
 * worker with "Invalid typed array length", or ran for minutes at 1.9 GB before a cancel was seen).
 */

/** Raw RGB bytes of a whole dataset (count × size² × 3) the worker holds at once. */
export const MAX_DATASET_BYTES = 2 ** 31;

/** Float32 model inputs of an explained image set (count × size² × 3 × 4 bytes): the ResNet50 experiment's. */
export const MAX_INPUT_BYTES = 2 ** 30;

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 2 : 1)} GiB`;

/** Null when `count` RGB images of `size`² fit in `max` bytes at `bytesPerValue`, else the refusal in numbers. */
export function imagesMemoryProblem(count: number, size: number, bytesPerValue: number, max: number, what: string): string | null {
  const bytes = count * size * size * 3 * bytesPerValue;
  if (bytes <= max) return null;
  const fit = Math.floor(max / (size * size * 3 * bytesPerValue));
  return `${count} ${what} of ${size}² pixels need ${gib(bytes)} at once, more than the ${gib(max)} a run may hold; at most ${fit} at this size, or use smaller images`;
}
