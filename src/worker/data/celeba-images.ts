/**
 * Where CelebA's aligned images come from: the `img_align_celeba/` folder (also the Kaggle copy that
 * nests it in itself) or the official `img_align_celeba.zip`, read in place with yauzl (no unpacking:
 * the zip is 1.4 GB, its 202,599 files would be another 1.4 GB). Entries are found by file name
 * (`img_align_celeba/000001.jpg` and `000001.jpg` both answer to `000001.jpg`); a broken entry fails
 * that image only, which the import skips and lists.
 *
 * Issue 16: an image is read like every other file of the user's folder (src/node/confine.ts): inside the
 * image folder after symlinks, a regular file, opened without blocking, at most `entryBytes`. A zip is
 * opened the same way, and refused whole, naming the entry, when an entry declares more than
 * `entryBytes` or expands more than `ratio` : 1 (a zip bomb), or when two entries share a file name (a
 * decoy in another folder must not silently stand in for a face). Bytes are also counted while an
 * entry streams, so no entry can exceed the caps whatever its header says.
 */
import { closeSync, existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { escapeText, quoteText } from '../../shared/quote-text.ts';
import { LabError } from '../../shared/result.ts';
import { type ReadLimits, bytesText, checkExpansion } from '../../node/archive-limits.ts';
import { confinedRealPath, openRegularFile, readRegularFileInside } from '../../node/confine.ts';

export interface CelebaImages {
  /** The folder or zip, for messages. */
  where: string;
  /** The encoded bytes of one image; throws (one line) when it is missing or unreadable. */
  read(file: string): Promise<Buffer>;
  close(): void;
}

const entryWhere = (zip: string, name: string) => `${zip}: entry ${quoteText(name, 120)}`;

/** Refuses an entry whose central-directory sizes break the caps, before anything is inflated. */
function checkDeclared(zip: string, entry: yauzl.Entry, limits: ReadLimits): void {
  if (entry.uncompressedSize > limits.entryBytes) {
    throw new LabError('bad-input', `${entryWhere(zip, entry.fileName)} declares ${bytesText(entry.uncompressedSize)}, more than the ${bytesText(limits.entryBytes)} the lab reads for an image; refused`);
  }
  checkExpansion(entryWhere(zip, entry.fileName), entry.uncompressedSize, entry.compressedSize, limits);
}

/** Images per file name in a zip: the central directory is read once, entries opened on demand. */
async function zipImages(root: string, path: string, limits: ReadLimits): Promise<CelebaImages> {
  const { fd } = openRegularFile(confinedRealPath(root, path, 'image zip'), 'image zip', Number.MAX_SAFE_INTEGER, path);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromFdPromise(fd, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
  } catch (e) {
    closeSync(fd);
    throw new LabError('bad-input', `${path}: not a readable zip (${escapeText((e as Error).message.split('\n')[0])})`);
  }
  const entries = new Map<string, yauzl.Entry>();
  const duplicates: string[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      checkDeclared(path, entry, limits);
      const name = basename(entry.fileName);
      const first = entries.get(name);
      if (first === undefined) entries.set(name, entry);
      else duplicates.push(`${quoteText(first.fileName, 80)} and ${quoteText(entry.fileName, 80)}`);
    }
  } catch (e) {
    zip.close();
    if (e instanceof LabError) throw e;
    throw new LabError('bad-input', `${path}: damaged zip (${escapeText((e as Error).message.split('\n')[0])})`);
  }
  if (duplicates.length > 0) {
    zip.close();
    throw new LabError('bad-input', `${path}: ${duplicates.length} file name${duplicates.length === 1 ? '' : 's'} appear${duplicates.length === 1 ? 's' : ''} twice (first: ${duplicates[0]}); images are found by file name, so the zip is refused rather than one silently chosen`);
  }
  return {
    where: path,
    async read(file) {
      const entry = entries.get(file);
      if (entry === undefined) throw new Error(`not in ${basename(path)}`);
      const where = entryWhere(path, entry.fileName);
      const stream: Readable = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        for await (const chunk of stream) {
          total += (chunk as Buffer).length;
          if (total > Math.min(limits.entryBytes, entry.uncompressedSize)) {
            throw new LabError('bad-input', `${where} streams more than the ${bytesText(Math.min(limits.entryBytes, entry.uncompressedSize))} it declares or the lab reads; refused`);
          }
          checkExpansion(where, total, entry.compressedSize, limits);
          chunks.push(chunk as Buffer);
        }
      } catch (e) {
        stream.destroy();
        throw e;
      }
      return Buffer.concat(chunks);
    },
    close: () => zip.close(),
  };
}

function folderImages(dir: string, limits: ReadLimits): CelebaImages {
  return {
    where: dir,
    // `file` is a plain name (celeba-lists.ts refuses paths); a symlink out of the folder, a folder, a
    // FIFO or a device named like an image, or an oversized file fails that image, which is skipped.
    read: async (file) => readRegularFileInside(dir, join(dir, file), 'image', limits.entryBytes),
    close: () => {},
  };
}

/**
 * Opens the images under a CelebA root: `find` looks a name up in the root and its usual subfolders.
 * A folder wins over a zip when both are there (it is what the user unpacked). The folder or zip must
 * lie inside `root` (no symlink out of it).
 */
export async function openCelebaImages(root: string, find: (names: string[]) => string | null, limits: ReadLimits): Promise<CelebaImages> {
  const dir = find(['img_align_celeba']);
  if (dir !== null && statSync(dir).isDirectory()) {
    const nested = join(dir, 'img_align_celeba');
    const isNested = existsSync(nested) && statSync(nested).isDirectory();
    return folderImages(confinedRealPath(root, isNested ? nested : dir, 'image folder'), limits);
  }
  const zip = find(['img_align_celeba.zip']);
  if (zip !== null) return zipImages(root, zip, limits);
  throw new LabError('bad-input', `${join(root, 'img_align_celeba')}: image folder (or img_align_celeba.zip) not found`);
}
