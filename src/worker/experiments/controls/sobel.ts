/**
 * Sobel edge magnitude of images [N, H, W, C], channel by channel: √(Gx² + Gy²) with the 3×3 Sobel
 * kernels. The border is replicated (the pixel outside is taken equal to its neighbour inside), so a
 * flat image has no edges anywhere, its frame included: an edge map must not light up the image border.
 */
export function sobelMagnitude(images: Float32Array, count: number, size: number, channels: number): Float32Array {
  const out = new Float32Array(images.length);
  const clamp = (v: number) => (v < 0 ? 0 : v >= size ? size - 1 : v);
  for (let n = 0; n < count; n++) {
    const base = n * size * size * channels;
    const at = (y: number, x: number, c: number) => images[base + (clamp(y) * size + clamp(x)) * channels + c];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < channels; c++) {
          const gx = at(y - 1, x + 1, c) + 2 * at(y, x + 1, c) + at(y + 1, x + 1, c) - at(y - 1, x - 1, c) - 2 * at(y, x - 1, c) - at(y + 1, x - 1, c);
          const gy = at(y + 1, x - 1, c) + 2 * at(y + 1, x, c) + at(y + 1, x + 1, c) - at(y - 1, x - 1, c) - 2 * at(y - 1, x, c) - at(y - 1, x + 1, c);
          out[base + (y * size + x) * channels + c] = Math.sqrt(gx * gx + gy * gy);
        }
      }
    }
  }
  return out;
}
