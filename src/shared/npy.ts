/**
 * NumPy .npy (format 1.0/2.0) for float32 arrays: maps are stored and exchanged in it so that a
 * researcher can `np.load` them. Pure functions on bytes, usable in every process.
 */
export interface NpyArray {
  data: Float32Array;
  shape: number[];
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function encodeNpy(data: Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`shape [${shape.join(',')}] holds ${count} values, got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  out.set(body, 10 + header.length);
  return out;
}

export interface DecodeNpyOptions {
  /** Refuse NaN, ±Infinity and float64 values beyond float32's range, naming the first (model inputs). */
  finite?: boolean;
}

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** "element 17 is NaN (at [0, 1, 5, 2])": where a bad value is, flat C-order index and per axis. */
export function describeBadElement(index: number, value: number, shape: readonly number[]): string | null {
  let what: string;
  if (Number.isNaN(value)) what = 'is NaN';
  else if (value === Infinity || value === -Infinity) what = `is ${value}`;
  else if (Math.abs(value) > FLOAT32_MAX) what = `(${value}) does not fit in float32`;
  else return null;
  const at: number[] = [];
  let rest = index;
  for (let d = shape.length - 1; d >= 0; d--) {
    at.unshift(shape[d] > 0 ? rest % shape[d] : 0);
    rest = shape[d] > 0 ? Math.floor(rest / shape[d]) : 0;
  }
  return `element ${index} ${what}${shape.length > 1 ? ` (at [${at.join(', ')}])` : ''}`;
}

/** Most values a decoded array may hold (2³¹ − 1 bytes of float32 is beyond any model input here). */
const MAX_VALUES = 2 ** 29;

/**
 * Parses a little-endian float32 (or float64, converted) C-order .npy; throws a one-line reason for
 * anything else: bad magic or version, a truncated header or body, a dimension that is negative or
 * not an integer, an unsupported dtype, and (with `finite`) the first NaN/Inf element.
 */
export function decodeNpy(bytes: Uint8Array, opts: DecodeNpyOptions = {}): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file (bad magic bytes)');
  const major = bytes[6];
  if (major !== 1 && major !== 2 && major !== 3) throw new Error(`unsupported .npy format version ${major}`);
  if (major !== 1 && bytes.length < 12) throw new Error('truncated .npy header');
  const headerLen = major === 1 ? bytes[8] + bytes[9] * 256 : bytes[8] + bytes[9] * 256 + bytes[10] * 65536 + bytes[11] * 16777216;
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error('truncated .npy header');
  let header = '';
  for (let i = start; i < start + headerLen; i += 4096) header += String.fromCharCode(...bytes.subarray(i, Math.min(i + 4096, start + headerLen)));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error('unreadable .npy header');
  if (fortran === 'True') throw new Error('Fortran-order .npy arrays are not supported (save with C order)');
  const dims = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const d of dims) {
    if (/^-\d+$/.test(d)) throw new Error(`negative dimension ${d} in shape (${shapeText})`);
    if (!/^\d+$/.test(d)) throw new Error(`dimension "${d}" in shape (${shapeText}) is not a non-negative integer`);
  }
  const shape = dims.map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > MAX_VALUES) throw new Error(`shape (${shapeText}) holds ${count} values, more than the ${MAX_VALUES} supported`);
  const bodyStart = start + headerLen;
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (width === 0) throw new Error(`unsupported .npy dtype ${descr} (use float32)`);
  if (bytes.length - bodyStart < count * width) throw new Error(`truncated .npy data: ${count} values of ${descr} expected`);
  // Copy into a fresh buffer: a Node Buffer's slice() is a view into a shared pool.
  const body = new Uint8Array(count * width);
  body.set(bytes.subarray(bodyStart, bodyStart + count * width));
  const raw = width === 4 ? new Float32Array(body.buffer) : new Float64Array(body.buffer);
  if (opts.finite === true) {
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      if (!(Math.abs(v) <= FLOAT32_MAX)) throw new Error(describeBadElement(i, v, shape) ?? `element ${i} is not finite`);
    }
  }
  const data = raw instanceof Float32Array ? raw : Float32Array.from(raw);
  return { data, shape };
}
