/**
 * The one way the host reads a file of a run (or any workspace folder) whose name a run file wrote:
 * confined to the folder (symlinks and `..` refused, regular files only, never blocking: src/node/confine.ts),
 * and parsed with one line naming the file when it is truncated or corrupt, never a raw parser error.
 * A name read from `model-maps.json`, a concept result or a metrics line is data, not a path to trust.
 */
import { join } from 'node:path';
import { decodeNpy, type NpyArray } from '../../shared/npy.ts';
import { LabError } from '../../shared/result.ts';
import { readAllAsync, readConfinedFileAsync, withConfinedFileAsync } from '../../node/confine.ts';

function where(dir: string, name: string): string {
  return join(dir, typeof name === 'string' ? name : String(name));
}

/** The bytes of `name` under `dir`, confined. */
export function readRunFile(dir: string, name: string): Promise<Buffer> {
  return readConfinedFileAsync(dir, name);
}

/** A JSON file under `dir`, confined; a truncated or invalid one is one line naming it. */
export async function readRunJson<T>(dir: string, name: string, what: string): Promise<T> {
  const text = (await readConfinedFileAsync(dir, name)).toString('utf8');
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LabError('io', `${where(dir, name)}: the ${what} is corrupt (${text.length === 0 ? 'empty' : 'truncated or not valid JSON'})`);
  }
}

/** A .npy file under `dir`, confined; a truncated or malformed one is one line naming it. */
export async function readRunNpy(dir: string, name: string): Promise<NpyArray> {
  const bytes = await readConfinedFileAsync(dir, name);
  try {
    return decodeNpy(bytes);
  } catch (e) {
    throw new LabError('io', `${where(dir, name)}: ${(e as Error).message}`);
  }
}

/**
 * readRunJson for request paths of the main process (fs/promises: it serves the window and must not
 * block on disk); null when the file does not exist, one line naming it when it is corrupt.
 */
export async function readRunJsonIfAny<T>(dir: string, name: string, what: string): Promise<T | null> {
  let text: string;
  try {
    text = (await withConfinedFileAsync(dir, name, (fh, st) => readAllAsync(fh, st.size))).toString('utf8');
  } catch (e) {
    if (e instanceof LabError && e.kind === 'not-found') return null;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LabError('io', `${where(dir, name)}: the ${what} is corrupt (${text.length === 0 ? 'empty' : 'truncated or not valid JSON'})`);
  }
}

/** readRunNpy for request paths of the main process (fs/promises), confined; one line naming a bad file. */
export async function readRunNpyAsync(dir: string, name: string): Promise<NpyArray> {
  const bytes = await withConfinedFileAsync(dir, name, (fh, st) => readAllAsync(fh, st.size));
  try {
    return decodeNpy(bytes);
  } catch (e) {
    throw new LabError('io', `${where(dir, name)}: ${(e as Error).message}`);
  }
}
