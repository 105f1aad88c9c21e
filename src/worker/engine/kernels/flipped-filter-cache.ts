/**
 * The input gradient of a conv is a conv with the filter rotated 180° and its in/out channels swapped.
 * Flipping with wasm's `Reverse` is slow, so we flip in a JS loop and keep the result for filters that
 * do not change (saliency on a fixed model). The cache lives on the wasm heap, invisible to
 * `tf.memory()`, so it is bounded and cleared when a model is dropped (`clearFlippedFilterCache`).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { type BackendWasm, heapF32 } from './wasm-kit.ts';

const MAX_CACHE_BYTES = 192 * 1024 * 1024;
const cache = new Map<object, { info: TensorInfo; bytes: number; backend: BackendWasm }>();
let cachedBytes = 0;

function flip(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [fh, fw, ci, co] = filter.shape;
  const out = backend.makeOutput([fh, fw, co, ci], 'float32');
  const src = heapF32(backend, filter);
  const dst = heapF32(backend, out);
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const srcBase = ((fh - 1 - i) * fw + (fw - 1 - j)) * ci * co;
      const dstBase = (i * fw + j) * co * ci;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) dst[dstBase + o * ci + c] = src[srcBase + c * co + o];
      }
    }
  }
  return out;
}

/** Returns the flipped filter; `owned` says whether the caller must free it. */
export function flippedFilter(backend: BackendWasm, filter: TensorInfo, cacheable: boolean): { info: TensorInfo; owned: boolean } {
  const hit = cache.get(filter.dataId);
  if (hit !== undefined) {
    cache.delete(filter.dataId); // re-insert: most recently used last
    cache.set(filter.dataId, hit);
    return { info: hit.info, owned: false };
  }
  const info = flip(backend, filter);
  if (!cacheable) return { info, owned: true };
  const bytes = info.shape.reduce((a, b) => a * b, 4);
  cache.set(filter.dataId, { info, bytes, backend });
  cachedBytes += bytes;
  for (const [key, entry] of cache) {
    if (cachedBytes <= MAX_CACHE_BYTES) break;
    if (key === filter.dataId) continue;
    entry.backend.disposeData(entry.info.dataId);
    cachedBytes -= entry.bytes;
    cache.delete(key);
  }
  return { info, owned: false };
}

export function clearFlippedFilterCache(): void {
  for (const entry of cache.values()) entry.backend.disposeData(entry.info.dataId);
  cache.clear();
  cachedBytes = 0;
}

export function flippedFilterCacheBytes(): number {
  return cachedBytes;
}
