/**
 * Reads Keras HDF5 weight files (`model.save_weights(...)` / keras.applications downloads) with h5wasm,
 * the maintained HDF5 reader for JavaScript. The layout, as Keras' legacy HDF5 saving writes it: the root
 * (or the `model_weights` group of a whole-model file) has an attribute `layer_names` listing every layer
 * in the model's order, weighted or not; each layer is a group with an attribute `weight_names`, and each
 * weight is the dataset `<layer>/<weight name>` (a name may hold `/`: nested groups). Every problem is one
 * line naming the file.
 *
 * The file is read from nothing but its own bytes (issue 16). HDF5 can reach other files: an external
 * link, a virtual dataset, or "external storage" (a dataset whose values lie in another file, read from
 * wherever it names). So h5wasm's in-memory build runs here, not its Node build (which opens any path on
 * disk): the file's bytes are copied into its private in-memory file system, every open of another path is
 * refused there (and noticed, so the error can say why), and links and virtual datasets are refused by
 * name before anything follows them.
 */
import h5wasm, { ExternalLink } from 'h5wasm';
import { LabError } from '../../shared/result.ts';
import { readRegularFile } from '../../node/confine.ts';
import { firstNonFinite } from '../../shared/finite.ts';

export interface H5Weight {
  /** As the file names it, e.g. `conv1_conv/kernel:0` or `conv1_W:0`. */
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface H5Layer {
  name: string;
  weights: H5Weight[];
}

export interface KerasH5File {
  path: string;
  /** Every layer the file lists, in its order (weighted or not). */
  layerNames: string[];
  /** The layers with weights, in the file's order (Keras loads only these). */
  layers: H5Layer[];
  kerasVersion: string | null;
}

const SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The most values one weight may declare (512 MiB of float32; VGG16's largest has 103 M, ResNets' 2 M). */
export const MAX_WEIGHT_VALUES = 2 ** 27;
/**
 * Values all weights of a file may declare together (2 GiB as float32; ResNet50 holds 25.6 M): a small
 * compressed file with many zero-filled weights, each under the per-weight cap, would otherwise inflate
 * without bound (compressed datasets cannot be checked against the file's size).
 */
export const MAX_TOTAL_WEIGHT_VALUES = 2 ** 29;
/** The largest weight file read (its bytes are held in memory while it is read). */
const MAX_FILE_BYTES = 2 ** 31;

/** HDF5's superblock signature sits at byte 0, 512, 1024, 2048, … (after an optional user block). */
export function hasHdf5Signature(bytes: Uint8Array): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.equals(bytes.subarray(at, at + 8))) return true;
  }
  return false;
}

type H5Group = InstanceType<typeof h5wasm.Group>;
type H5Module = Awaited<typeof h5wasm.ready>;

/** The innermost reason of an HDF5 error stack (h5wasm's throwing handler puts the whole stack in the message). */
export function hdf5Reason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const calls = lines.map((l) => /^#\d+: .* in [\w.]+\(\): (.+)$/.exec(l)?.[1]).filter((m): m is string => m !== undefined);
  return (calls.at(-1) ?? lines[0] ?? 'unknown error').slice(0, 200);
}

let module: H5Module | null = null;

async function h5(): Promise<H5Module> {
  if (module === null) {
    module = await h5wasm.ready;
    // HDF5 errors become exceptions carrying the stack, never text printed to the terminal.
    module.activate_throwing_error_handler();
  }
  return module;
}

let sandboxes = 0;

/**
 * Runs `use` on the HDF5 file made of `bytes`, alone in h5wasm's in-memory file system. While it runs,
 * any open of another path fails (ENOENT) and is recorded in `foreign`: that is how external storage
 * shows itself. h5wasm's own error handler writes through `tmpfile()`, which is let through.
 */
async function withSandboxedFile<T>(bytes: Uint8Array, use: (file: InstanceType<typeof h5wasm.File>, foreign: string[]) => T): Promise<{ value: T } | { openError: unknown }> {
  const M = await h5();
  const FS = M.FS as unknown as {
    mkdir(p: string): void;
    writeFile(p: string, d: Uint8Array): void;
    unlink(p: string): void;
    rmdir(p: string): void;
    open: (path: string, ...rest: unknown[]) => unknown;
    ErrnoError: new (errno: number) => Error;
  };
  const dir = `/sbl-h5-${++sandboxes}`;
  const own = `${dir}/weights.h5`;
  FS.mkdir(dir);
  FS.writeFile(own, bytes);
  const foreign: string[] = [];
  const open = FS.open;
  FS.open = (path: string, ...rest: unknown[]) => {
    if (path !== own && !path.startsWith('/tmp/tmpfile_')) {
      foreign.push(path);
      throw new FS.ErrnoError(44); // ENOENT
    }
    return open(path, ...rest);
  };
  try {
    let file: InstanceType<typeof h5wasm.File>;
    try {
      file = new h5wasm.File(own, 'r');
    } catch (e) {
      return { openError: e };
    }
    try {
      return { value: use(file, foreign) };
    } finally {
      file.close();
    }
  } finally {
    FS.open = open;
    FS.unlink(own);
    FS.rmdir(dir);
  }
}

function attrStrings(node: H5Group, name: string): string[] | null {
  if (!(name in node.attrs)) return null;
  const v = node.get_attribute(name, true) as unknown;
  const list = Array.isArray(v) ? v : [v];
  return list.map((s) => String(s));
}

/**
 * The object at `name` below `group`, one path component at a time, so an external link anywhere on
 * the way is seen (and refused) before HDF5 follows it into another file.
 */
function walk(group: H5Group, name: string, refuse: (why: string) => LabError): unknown {
  let node: unknown = group;
  for (const part of name.split('/').filter((p) => p !== '')) {
    if (!(node instanceof h5wasm.Group)) return null;
    let next: unknown;
    try {
      next = node.get(part);
    } catch (e) {
      throw refuse(`cannot be read (${hdf5Reason(e)})`);
    }
    if (next instanceof ExternalLink) throw refuse('is an external link into another file; weights are read from this file only');
    node = next;
  }
  return node;
}

/**
 * Before any weight is inflated: the values all weights declare together, from their shapes alone (a
 * weight whose metadata cannot be read is left to readWeight, which names why).
 */
function refuseTooManyValues(path: string, groups: ReadonlyArray<{ name: string; group: H5Group; weightNames: string[] }>): void {
  let total = 0;
  for (const { name, group, weightNames } of groups) {
    for (const w of weightNames) {
      let shape: number[];
      try {
        const node = walk(group, w, () => new LabError('bad-input', ''));
        shape = node instanceof h5wasm.Dataset ? (node.metadata.shape ?? []) : [];
      } catch {
        continue;
      }
      const values = shape.reduce((a, b) => a * b, 1);
      // One weight over its own cap is refused by readWeight, in its own words.
      if (values > MAX_WEIGHT_VALUES) return;
      total += values;
      if (total > MAX_TOTAL_WEIGHT_VALUES) {
        throw new LabError('bad-input', `${path}: layer "${name}" weight "${w}" brings the file's weights to ${total.toExponential(2)} values, more than the ${MAX_TOTAL_WEIGHT_VALUES.toLocaleString('en')} a model may hold`);
      }
    }
  }
}

function readWeight(path: string, fileBytes: number, layer: string, group: H5Group, name: string, foreign: string[]): H5Weight {
  const refuse = (why: string) => new LabError('bad-input', `${path}: layer "${layer}" weight "${name}" ${why}`);
  const node = walk(group, name, refuse);
  if (!(node instanceof h5wasm.Dataset)) throw new LabError('bad-input', `${path}: layer "${layer}" names weight "${name}", which is not a dataset in the file`);
  let meta: InstanceType<typeof h5wasm.Dataset>['metadata'];
  try {
    meta = node.metadata;
  } catch (e) {
    throw refuse(`cannot be read (${hdf5Reason(e)})`);
  }
  if ((meta.virtual_sources ?? []).length > 0) throw refuse('is a virtual dataset whose values come from other files; weights are read from this file only');
  const shape = meta.shape ?? [];
  const values = shape.reduce((a: number, b: number) => a * b, 1);
  if (values > MAX_WEIGHT_VALUES) throw refuse(`declares shape [${shape.join(',')}] (${values.toExponential(2)} values), more than the ${MAX_WEIGHT_VALUES.toLocaleString('en')} a weight may hold`);
  const isFloat = meta.type === 1; // H5T_FLOAT
  if (isFloat && meta.size === 2) throw refuse('is float16; the lab reads float32 or float64 Keras weights (save the model in float32)');
  if (!isFloat || (meta.size !== 4 && meta.size !== 8)) throw refuse(`is not a float array (dtype ${JSON.stringify(node.dtype)})`);
  let filters: unknown[];
  try {
    filters = node.filters;
  } catch {
    filters = [];
  }
  if (filters.length === 0 && values * meta.size > fileBytes) {
    throw refuse(`declares shape [${shape.join(',')}] (${values * meta.size} bytes) in a file of ${fileBytes} bytes (truncated or damaged)`);
  }
  let value: unknown;
  try {
    value = node.value;
  } catch (e) {
    if (foreign.length > 0) throw refuse('keeps its values in another file (HDF5 external storage); weights are read from this file only');
    throw refuse(`cannot be read (${hdf5Reason(e)}; truncated or damaged file?)`);
  }
  // External storage that HDF5 read nothing from (a missing slot) still tried to open another file.
  if (foreign.length > 0) throw refuse('keeps its values in another file (HDF5 external storage); weights are read from this file only');
  let data: Float32Array;
  if (value instanceof Float32Array) data = value;
  else if (value instanceof Float64Array) data = Float32Array.from(value);
  else throw refuse(`is not a float array (dtype ${JSON.stringify(node.dtype)})`);
  if (data.length !== values) throw new LabError('bad-input', `${path}: weight "${layer}/${name}" holds ${data.length} values for shape [${shape.join(',')}]`);
  const bad = firstNonFinite(data);
  if (bad !== null) throw refuse(`holds ${bad.value} (value ${bad.index + 1} of ${data.length}); non-finite weights are refused`);
  return { name, shape, data };
}

/**
 * Every weighted layer of a Keras .h5 weight file, in the file's order.
 * @example (await readKerasH5('resnet50_weights_tf_dim_ordering_tf_kernels.h5')).layers[0].name // 'conv1_conv' (or 'conv1')
 */
export async function readKerasH5(path: string): Promise<KerasH5File> {
  const bytes = readRegularFile(path, 'Keras weight file', MAX_FILE_BYTES);
  if (!hasHdf5Signature(bytes)) throw new LabError('bad-input', `${path}: not an HDF5 file (no HDF5 signature); expected Keras .h5 weights`);
  const out = await withSandboxedFile(bytes, (file, foreign) => {
    let root: H5Group = file;
    if (!('layer_names' in file.attrs) && file.keys().includes('model_weights')) {
      const weights = walk(file, 'model_weights', (why) => new LabError('bad-input', `${path}: model_weights ${why}`));
      if (!(weights instanceof h5wasm.Group)) throw new LabError('bad-input', `${path}: model_weights is not a group`);
      root = weights;
    }
    const layerNames = attrStrings(root, 'layer_names');
    if (layerNames === null) throw new LabError('bad-input', `${path}: an HDF5 file but not Keras weights (no layer_names attribute)`);
    const keys = new Set(root.keys());
    const groups: Array<{ name: string; group: H5Group; weightNames: string[] }> = [];
    for (const name of layerNames) {
      if (!keys.has(name)) throw new LabError('bad-input', `${path}: layer "${name}" is listed in layer_names but has no group`);
      const group = walk(root, name, (why) => new LabError('bad-input', `${path}: layer "${name}" ${why}`));
      if (!(group instanceof h5wasm.Group)) throw new LabError('bad-input', `${path}: layer "${name}" is not a group`);
      const weightNames = attrStrings(group, 'weight_names') ?? [];
      if (weightNames.length > 0) groups.push({ name, group, weightNames });
    }
    refuseTooManyValues(path, groups);
    const layers: H5Layer[] = groups.map(({ name, group, weightNames }) => ({ name, weights: weightNames.map((w) => readWeight(path, bytes.length, name, group, w, foreign)) }));
    const version = 'keras_version' in file.attrs ? String(file.get_attribute('keras_version', true)) : null;
    return { path, layerNames, layers, kerasVersion: version };
  }).catch((e: unknown) => {
    if (e instanceof LabError) throw e;
    throw new LabError('bad-input', `${path}: cannot be read as Keras weights (${hdf5Reason(e)})`);
  });
  if ('openError' in out) {
    const reason = hdf5Reason(out.openError);
    const cut = /^truncated file: eof = (\d+),.*stored_eof = (\d+)/.exec(reason);
    if (cut !== null) throw new LabError('bad-input', `${path}: truncated HDF5 file (${cut[1]} of the ${cut[2]} bytes it declares)`);
    throw new LabError('bad-input', `${path}: HDF5 file cannot be opened (${reason}; damaged?)`);
  }
  return out.value;
}
