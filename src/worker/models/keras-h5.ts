/**
 * Reads Keras HDF5 weight files (`model.save_weights(...)` / keras.applications downloads) with h5wasm,
 * the maintained HDF5 reader for JavaScript. The layout, as Keras' legacy HDF5 saving writes it: the root
 * (or the `model_weights` group of a whole-model file) has an attribute `layer_names` listing every layer
 * in the model's order, weighted or not; each layer is a group with an attribute `weight_names`, and each
 * weight is the dataset `<layer>/<weight name>` (a name may hold `/`: nested groups). Every problem is one
 * line naming the file.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import h5wasm from 'h5wasm/node';
import { LabError } from '../../shared/result.ts';

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

/** HDF5's superblock signature sits at byte 0, 512, 1024, 2048, … (after an optional user block). */
export function hasHdf5Signature(path: string): boolean {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(8);
    for (let at = 0; at + 8 <= size; at = at === 0 ? 512 : at * 2) {
      if (readSync(fd, buf, 0, 8, at) === 8 && buf.equals(SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

type H5Group = InstanceType<typeof h5wasm.Group>;

function attrStrings(node: H5Group, name: string): string[] | null {
  if (!(name in node.attrs)) return null;
  const v = node.get_attribute(name, true) as unknown;
  const list = Array.isArray(v) ? v : [v];
  return list.map((s) => String(s));
}

function readWeight(path: string, layer: string, group: H5Group, name: string): H5Weight {
  let node: unknown;
  try {
    node = group.get(name);
  } catch {
    node = null;
  }
  if (!(node instanceof h5wasm.Dataset)) throw new LabError('bad-input', `${path}: layer "${layer}" names weight "${name}", which is not a dataset in the file`);
  const shape = node.shape ?? [];
  const value = node.value as unknown;
  let data: Float32Array;
  if (value instanceof Float32Array) data = value;
  else if (value instanceof Float64Array) data = Float32Array.from(value);
  else throw new LabError('bad-input', `${path}: weight "${layer}/${name}" is not a float array (dtype ${JSON.stringify(node.dtype)})`);
  if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new LabError('bad-input', `${path}: weight "${layer}/${name}" holds ${data.length} values for shape [${shape.join(',')}]`);
  return { name, shape, data };
}

/**
 * Every weighted layer of a Keras .h5 weight file, in the file's order.
 * @example (await readKerasH5('resnet50_weights_tf_dim_ordering_tf_kernels.h5')).layers[0].name // 'conv1_conv' (or 'conv1')
 */
export async function readKerasH5(path: string): Promise<KerasH5File> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new LabError('bad-input', `${path}: file not found`);
  }
  if (!st.isFile()) throw new LabError('bad-input', `${path}: not a regular file`);
  if (!hasHdf5Signature(path)) throw new LabError('bad-input', `${path}: not an HDF5 file (no HDF5 signature); expected Keras .h5 weights`);
  await h5wasm.ready;
  let file: InstanceType<typeof h5wasm.File>;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (e) {
    throw new LabError('bad-input', `${path}: HDF5 file cannot be opened (${(e as Error).message.split('\n')[0]})`);
  }
  try {
    let root: H5Group = file;
    if (!('layer_names' in file.attrs) && file.keys().includes('model_weights')) root = file.get('model_weights') as H5Group;
    const layerNames = attrStrings(root, 'layer_names');
    if (layerNames === null) throw new LabError('bad-input', `${path}: an HDF5 file but not Keras weights (no layer_names attribute)`);
    const keys = new Set(root.keys());
    const layers: H5Layer[] = [];
    for (const name of layerNames) {
      if (!keys.has(name)) throw new LabError('bad-input', `${path}: layer "${name}" is listed in layer_names but has no group`);
      const group = root.get(name) as H5Group;
      const weightNames = attrStrings(group, 'weight_names') ?? [];
      if (weightNames.length === 0) continue;
      layers.push({ name, weights: weightNames.map((w) => readWeight(path, name, group, w)) });
    }
    const version = 'keras_version' in file.attrs ? String(file.get_attribute('keras_version', true)) : null;
    return { path, layerNames, layers, kerasVersion: version };
  } finally {
    file.close();
  }
}
