/**
 * The trained model's maps, kept in the worker between the steps of one randomisation analysis: every
 * step compares against the same maps, and the host calls once per step (so a kill loses at most one
 * step). One entry, keyed by everything the maps depend on (checkpoint folder, data, split, images,
 * methods, options): a different run or config recomputes, and memory holds one analysis' maps at most.
 * A step that misses the cache (another worker, a restarted one) computes them again, with the same result.
 */
import type { SummedMaps } from './summed-maps.ts';

let kept: { key: string; maps: SummedMaps } | null = null;

export function cachedTrainedMaps(key: string): SummedMaps | null {
  return kept !== null && kept.key === key ? kept.maps : null;
}

export function keepTrainedMaps(key: string, maps: SummedMaps): void {
  kept = { key, maps };
}
