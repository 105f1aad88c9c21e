/**
 * Where CelebA's aligned images come from: the `img_align_celeba/` folder (also the Kaggle copy that
 * nests it in itself) or the official `img_align_celeba.zip`, read in place with yauzl (no unpacking:
 * the zip is 1.4 GB, its 202,599 files would be another 1.4 GB). Entries are found by file name
 * (`img_align_celeba/000001.jpg` and `000001.jpg` both answer to `000001.jpg`); a broken entry fails
 * that image only, which the import skips and lists.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { LabError } from '../../shared/result.ts';

export interface CelebaImages {
  /** The folder or zip, for messages. */
  where: string;
  /** The encoded bytes of one image; throws (one line) when it is missing or unreadable. */
  read(file: string): Promise<Buffer>;
  close(): void;
}

/** Images per file name in a zip: the central directory is read once, entries opened on demand. */
async function zipImages(path: string): Promise<CelebaImages> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true });
  } catch (e) {
    throw new LabError('bad-input', `${path}: not a readable zip (${(e as Error).message.split('\n')[0]})`);
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      const name = basename(entry.fileName);
      if (!entries.has(name)) entries.set(name, entry);
    }
  } catch (e) {
    zip.close();
    throw new LabError('bad-input', `${path}: damaged zip (${(e as Error).message.split('\n')[0]})`);
  }
  return {
    where: path,
    async read(file) {
      const entry = entries.get(file);
      if (entry === undefined) throw new Error(`not in ${basename(path)}`);
      const stream: Readable = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    close: () => zip.close(),
  };
}

function folderImages(dir: string): CelebaImages {
  return {
    where: dir,
    read: async (file) => readFileSync(join(dir, file)),
    close: () => {},
  };
}

/**
 * Opens the images under a CelebA root: `find` looks a name up in the root and its usual subfolders.
 * A folder wins over a zip when both are there (it is what the user unpacked).
 */
export async function openCelebaImages(root: string, find: (names: string[]) => string | null): Promise<CelebaImages> {
  const dir = find(['img_align_celeba']);
  if (dir !== null && statSync(dir).isDirectory()) {
    const nested = join(dir, 'img_align_celeba');
    return folderImages(existsSync(nested) && statSync(nested).isDirectory() ? nested : dir);
  }
  const zip = find(['img_align_celeba.zip']);
  if (zip !== null && statSync(zip).isFile()) return zipImages(zip);
  throw new LabError('bad-input', `${join(root, 'img_align_celeba')}: image folder (or img_align_celeba.zip) not found`);
}
