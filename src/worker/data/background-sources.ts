/**
 * Where backgrounds come from: the built-in generator, the Imagenette archive (.tgz) or any folder of
 * images (including an extracted Imagenette). Images are drawn in a seeded order; unreadable ones are
 * skipped, counted and listed, and the draw moves on to the next candidate.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import sharp from 'sharp';
import type { DatasetSource, SkippedFile } from '../../shared/dataset.ts';
import { LabError } from '../../shared/result.ts';
import { type ReadLimits, readLimits } from '../../node/archive-limits.ts';
import { BACKGROUND_GENERATOR_VERSION, generateBackground } from './backgrounds.ts';
import { readRegularFile } from '../../node/confine.ts';
import { makeRng, permutation, subSeed } from './prng.ts';
import { readTarGz } from '../../node/tar-gz-reader.ts';

const IMAGE_EXT = new Set(['.jpg', '.jpeg', '.png', '.webp', '.jpe']);

export interface BackgroundSet {
  description: string;
  /** Returns RGB uint8 [size, size, 3] for draw i, or null when the candidate is unreadable. */
  draw(i: number): Promise<Uint8Array | null>;
  /** Number of candidates available (the generator has no limit). */
  available: number;
  originOf(i: number): string;
  skipped: SkippedFile[];
}

async function decodeToSquare(data: Buffer | string, size: number): Promise<Uint8Array> {
  const { data: raw } = await sharp(data, { failOn: 'error' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'cover', position: 'centre' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
}

/**
 * The images under `root`, following symlinks; a dangling link, a link loop (a folder met twice by its
 * real path) or an unreadable folder is skipped and listed like an unreadable image (issue 7).
 */
function listImages(root: string, skipped: SkippedFile[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const why = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'dangling symbolic link' : code === 'ELOOP' ? 'symbolic link loop' : `unreadable (${code ?? (e as Error).message.split('\n')[0]})`;
  };
  const walk = (dir: string) => {
    let real: string;
    let names: string[];
    try {
      real = realpathSync(dir);
      names = readdirSync(dir).sort();
    } catch (e) {
      skipped.push({ file: relative(root, dir) || '.', reason: why(e) });
      return;
    }
    if (seen.has(real)) {
      skipped.push({ file: relative(root, dir), reason: 'symbolic link loop (folder already read)' });
      return;
    }
    seen.add(real);
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch (e) {
        skipped.push({ file: relative(root, p), reason: why(e) });
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && IMAGE_EXT.has(extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(root);
  return out;
}

function fileSet(label: string, names: string[], read: (name: string) => Buffer, size: number, seed: number, skipped: SkippedFile[] = []): BackgroundSet {
  const order = permutation(names.length, makeRng(subSeed(seed, 1, 0)));
  return {
    description: label,
    available: names.length,
    skipped,
    originOf: (i) => names[order[i]],
    async draw(i) {
      const name = names[order[i]];
      try {
        return await decodeToSquare(read(name), size);
      } catch (e) {
        skipped.push({ file: name, reason: (e as Error).message.split('\n')[0] });
        return null;
      }
    },
  };
}

export interface BackgroundOptions {
  /** Checked at each archive entry: reading a large .tgz stops on cancel. */
  isCancelled?: () => boolean;
  /** Lower caps than READ_LIMITS (tests). */
  limits?: Partial<ReadLimits>;
}

export async function openBackgrounds(
  source: DatasetSource,
  size: number,
  seed: number,
  onProgress: (done: number, total: number, stage: string) => void,
  options: BackgroundOptions = {},
): Promise<BackgroundSet> {
  const limits = readLimits(options.limits);
  if (source.kind === 'generated') {
    return {
      description: `generated (${BACKGROUND_GENERATOR_VERSION}: fractal colour noise, gradients, soft shapes, textures, dark regions)`,
      available: Number.POSITIVE_INFINITY,
      skipped: [],
      originOf: (i) => `generated:${i}`,
      draw: async (i) => generateBackground(size, subSeed(seed, 0, i)),
    };
  }
  const path = source.kind === 'folder' ? source.path : source.archive;
  if (path === undefined) throw new LabError('bad-input', 'imagenette: no archive path given (download it first or pass --source PATH)');
  if (!existsSync(path)) throw new LabError('bad-input', `${path}: not found`);
  if (statSync(path).isDirectory()) {
    const skipped: SkippedFile[] = [];
    const files = listImages(path, skipped);
    if (files.length === 0) throw new LabError('bad-input', `${path}: no images found (looked for ${[...IMAGE_EXT].join(', ')})`);
    return fileSet(`folder ${path} (${files.length} images)`, files.map((f) => relative(path, f)), (n) => readRegularFile(join(path, n), 'image', limits.entryBytes), size, seed, skipped);
  }
  if (!/\.(tgz|tar\.gz)$/i.test(path)) throw new LabError('bad-input', `${path}: expected a folder of images or a .tgz archive`);
  const total = statSync(path).size;
  const entries = new Map<string, Buffer>();
  let read = 0;
  // Only images are held (the caps of archive-limits.ts bound what that can take).
  await readTarGz(path, (e) => entries.set(e.name, e.data), {
    want: (name) => IMAGE_EXT.has(extname(name).toLowerCase()),
    onBytes: (n) => {
      read += n;
      onProgress(read, total, 'reading archive');
    },
    isCancelled: options.isCancelled,
    limits: options.limits,
  });
  if (entries.size === 0) throw new LabError('bad-input', `${path}: the archive holds no images`);
  const names = [...entries.keys()].sort();
  return fileSet(`archive ${path} (${names.length} images, ${total} bytes)`, names, (n) => entries.get(n)!, size, seed);
}
