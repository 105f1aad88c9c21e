/** Writes a float array as `.json` (nested, same shape as the input) or `.npy` (float32). */
import { extname } from 'node:path';
import { encodeNpy } from '../../shared/npy.ts';
import { LabError } from '../../shared/result.ts';
import { writeFileAtomicSync } from '../../node/atomic-write.ts';

export function nest(data: Float32Array, shape: readonly number[], offset = 0): unknown {
  if (shape.length === 0) return data[offset];
  const [n, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(data, rest, offset + i * stride));
}

export function checkOutputPath(path: string): void {
  const ext = extname(path).toLowerCase();
  if (ext !== '.json' && ext !== '.npy') throw new LabError('bad-input', `${path}: output must end in .json or .npy`);
}

export function writeArray(path: string, data: Float32Array, shape: readonly number[]): void {
  checkOutputPath(path);
  try {
    if (extname(path).toLowerCase() === '.npy') writeFileAtomicSync(path, encodeNpy(data, shape));
    else writeFileAtomicSync(path, JSON.stringify(nest(data, shape)));
  } catch (e) {
    throw new LabError('io', `${path}: cannot write (${(e as Error).message})`);
  }
}
