/**
 * How much an archive (CelebA's img_align_celeba.zip, an Imagenette .tgz) or a dataset file may hold
 * before the lab refuses it (issue 16: a 1.6 MB zip with one 1.5 GiB entry drove the process to 4 GB).
 * The numbers leave room far beyond the real data: CelebA's aligned JPEGs are ~10 KB and compress about
 * 1 : 1, Imagenette's JPEGs are at most a few MB, imagenette2-160.tgz is 94 MB and the full imagenette2.tgz
 * 1.6 GB. A zip bomb's deflate reaches ~1000 : 1; 100 : 1 is the usual guard (Apache POI's 0.01 minimum
 * inflate ratio), and it is only applied past a grace size so a tiny entry of padding cannot trip it.
 * Tests pass lower limits; the defaults are what the README documents.
 */
import { LabError } from '../shared/result.ts';

export interface ReadLimits {
  /** The largest image file or archive entry read into memory. */
  entryBytes: number;
  /** The largest uncompressed : compressed ratio of a zip entry, or of a .tgz stream so far. */
  ratio: number;
  /** Bytes an entry (or stream) may expand to before the ratio is checked. */
  ratioGraceBytes: number;
  /** The most bytes kept in memory from one .tgz (its images, held for the seeded draw). */
  totalBytes: number;
}

const MiB = 2 ** 20;

export const READ_LIMITS: Readonly<ReadLimits> = { entryBytes: 64 * MiB, ratio: 100, ratioGraceBytes: 1 * MiB, totalBytes: 2048 * MiB };

export const readLimits = (over?: Partial<ReadLimits>): ReadLimits => ({ ...READ_LIMITS, ...over });

/** A size as the messages give it: bytes, and MiB when large. */
export function bytesText(n: number): string {
  return n >= MiB ? `${n} bytes (${(n / MiB).toFixed(1)} MiB)` : `${n} bytes`;
}

/**
 * Refuses `expanded` bytes from `compressed` once past the grace size when the ratio is over the cap;
 * `where` names the archive and entry (`archive.zip: entry "a/b.jpg"`).
 */
export function checkExpansion(where: string, expanded: number, compressed: number, limits: ReadLimits): void {
  if (expanded > limits.ratioGraceBytes && expanded > limits.ratio * Math.max(compressed, 1)) {
    throw new LabError('bad-input', `${where} expands ${bytesText(compressed)} to ${bytesText(expanded)}, more than ${limits.ratio} : 1 (a zip bomb?); refused`);
  }
}
