/**
 * The one reader of stored maps (`.npy`) for the app's views: asynchronous (the main process serves the
 * window and must never block on disk), confined to the run folder like every run-file read (symlinks
 * and `..` refused, regular files only, opened without blocking: src/node/confine.ts), and cached in a
 * least-recently-used map bounded in *bytes*, not entries: a 224² ResNet50 run holds ~20 MB per method,
 * so an entry count let the cache grow with every run opened (issue 17). A file rewritten since it was
 * cached (new maps of a run) is read again: the key carries its size and modification time.
 */
import { join } from 'node:path';
import { decodeNpy, type NpyArray } from '../../shared/npy.ts';
import { LabError } from '../../shared/result.ts';
import { readAllAsync, withConfinedFileAsync } from '../../node/confine.ts';

/** Default bound of decoded maps kept in memory across all runs. */
export const MAP_CACHE_BYTES = 256 * 2 ** 20;

export class MapReader {
  private readonly entries = new Map<string, NpyArray>();
  private bytes = 0;

  constructor(private readonly maxBytes = MAP_CACHE_BYTES) {}

  /** Bytes of decoded maps held now (for tests and the bench). */
  get heldBytes(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  /** The .npy file `name` (relative) under `dir`, decoded; one line naming the file when it cannot be. */
  async read(dir: string, name: string): Promise<NpyArray> {
    const where = join(dir, name);
    return withConfinedFileAsync(dir, name, async (fh, st, real) => {
      const key = `${real}@${st.size}:${st.mtimeMs}`;
      const hit = this.entries.get(key);
      if (hit !== undefined) {
        // Most recently used goes last; Map keeps insertion order.
        this.entries.delete(key);
        this.entries.set(key, hit);
        return hit;
      }
      const bytes = await readAllAsync(fh, st.size);
      let array: NpyArray;
      try {
        array = decodeNpy(bytes);
      } catch (e) {
        throw new LabError('io', `${where}: ${(e as Error).message}`);
      }
      this.remember(key, array);
      return array;
    }, where);
  }

  private remember(key: string, array: NpyArray): void {
    const size = array.data.byteLength;
    if (size > this.maxBytes) return; // larger than the whole cache: served, not kept
    for (const [k, v] of this.entries) {
      if (this.bytes + size <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= v.data.byteLength;
    }
    this.entries.set(key, array);
    this.bytes += size;
  }
}

/**
 * The host's one reader: every kind's map view (experimentView KIND map) reads through it,
 * so the bound holds for the whole process however many runs, views and
 * workspaces are opened.
 */
export const sharedMapReader = new MapReader();
