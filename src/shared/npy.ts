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

/** Parses a little-endian float32 (or float64, converted) C-order .npy; throws a one-line reason. */
export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('not a .npy file (bad magic bytes)');
  const major = bytes[6];
  const headerLen = major === 1 ? bytes[8] | (bytes[9] << 8) : bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) | (bytes[11] << 24);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new Error('truncated .npy header');
  const header = String.fromCharCode(...bytes.subarray(start, start + headerLen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error('unreadable .npy header');
  if (fortran === 'True') throw new Error('Fortran-order .npy arrays are not supported (save with C order)');
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const bodyStart = start + headerLen;
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (width === 0) throw new Error(`unsupported .npy dtype ${descr} (use float32)`);
  if (bytes.length - bodyStart < count * width) throw new Error(`truncated .npy data: ${count} values of ${descr} expected`);
  // Copy into a fresh buffer: a Node Buffer's slice() is a view into a shared pool.
  const body = new Uint8Array(count * width);
  body.set(bytes.subarray(bodyStart, bodyStart + count * width));
  const data = width === 4 ? new Float32Array(body.buffer) : Float32Array.from(new Float64Array(body.buffer));
  return { data, shape };
}
