/**
 * The input gradient of a conv is a conv with the filter rotated 180° and its in/out channels swapped
 * (split into polyphase sub-filters for strided convs). Flipping with wasm's `Reverse` is slow, so we
 * rearrange in a JS loop and keep the result for filters that do not change (saliency on a fixed
 * model). The cache lives on the wasm heap, invisible to `tf.memory()`, so it is bounded and cleared
 * when a model is dropped (`clearFilterTransformCache`).
 */
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from './wasm-kit.ts';

const MAX_CACHE_BYTES = 256 * 1024 * 1024;
interface Entry {
  info: TensorInfo;
  bytes: number;
  backend: BackendWasm;
}
/** filter dataId → variant ("phase 0,1 of stride 2,2") → transformed filter; Map order is LRU order. */
const cache = new Map<object, Map<string, Entry>>();
let cachedBytes = 0;

function evict(keep: object): void {
  for (const [key, variants] of cache) {
    if (cachedBytes <= MAX_CACHE_BYTES) return;
    if (key === keep) continue;
    for (const e of variants.values()) {
      e.backend.disposeData(e.info.dataId);
      cachedBytes -= e.bytes;
    }
    cache.delete(key);
  }
}

/**
 * Returns make()'s result for this filter and variant, cached when `cacheable`; `owned` says whether
 * the caller must free it.
 */
export function transformedFilter(
  backend: BackendWasm,
  filter: TensorInfo,
  variant: string,
  cacheable: boolean,
  make: () => TensorInfo,
): { info: TensorInfo; owned: boolean } {
  const variants = cache.get(filter.dataId);
  const hit = variants?.get(variant);
  if (variants !== undefined && hit !== undefined) {
    cache.delete(filter.dataId); // re-insert: most recently used last
    cache.set(filter.dataId, variants);
    return { info: hit.info, owned: false };
  }
  const info = make();
  if (!cacheable) return { info, owned: true };
  const bytes = info.shape.reduce((a, b) => a * b, 4);
  const map = variants ?? new Map<string, Entry>();
  map.set(variant, { info, bytes, backend });
  cache.set(filter.dataId, map);
  cachedBytes += bytes;
  evict(filter.dataId);
  return { info, owned: false };
}

export function clearFilterTransformCache(): void {
  for (const variants of cache.values()) for (const e of variants.values()) e.backend.disposeData(e.info.dataId);
  cache.clear();
  cachedBytes = 0;
}

export function filterTransformCacheBytes(): number {
  return cachedBytes;
}
