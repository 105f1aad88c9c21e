/**
 * Reads a model input for the CLI: `.json` (nested array [H,W,C] or [N,H,W,C] in model space), `.npy`
 * (float32) or an image (`.png`/`.jpg`, scaled to [0,1] and resized to the model's input). NaN and
 * ±Infinity are refused naming the element (issue 7): they would silently poison every map.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { decodeNpy, describeBadElement } from '../../shared/npy.ts';
import { LabError } from '../../shared/result.ts';
import { decodeImageFile } from './image-codec.ts';

export interface InputArray {
  data: Float32Array;
  /** As given: [...inputShape] or [N, ...inputShape]. */
  shape: number[];
}

/** More axes than any model input here ([N,H,W,C]); also keeps the walk below from recursing deeply. */
const MAX_DIMS = 8;

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/**
 * A nested JSON array to a flat float32 array, refusing with one line naming the first problem: a
 * ragged or too deep nesting, a non-number, or a value that is not a finite float32 (`1e999` parses to
 * Infinity; `NaN` is not JSON at all).
 */
function flattenNested(value: unknown, path: string): InputArray {
  if (!Array.isArray(value)) throw new LabError('bad-input', `${path}: expected a nested array ([H,W,C] or [N,H,W,C]), got ${kindOf(value)}`);
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    if (shape.length === MAX_DIMS) throw new LabError('bad-input', `${path}: expected a nested array of at most ${MAX_DIMS} dimensions`);
    shape.push(probe.length);
    probe = probe[0];
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  let k = 0;
  const walk = (node: unknown, depth: number, at: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') throw new LabError('bad-input', `${path}: expected a rectangular nested array of numbers; element ${k} is ${kindOf(node)}`);
      const bad = describeBadElement(k, node, shape);
      if (bad !== null) throw new LabError('bad-input', `${path}: ${bad}`);
      data[k++] = node;
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new LabError('bad-input', `${path}: expected a rectangular nested array of shape [${shape.join(',')}]; at ${at === '' ? 'the top' : at} found ${Array.isArray(node) ? `length ${node.length}` : kindOf(node)}`);
    }
    for (let i = 0; i < node.length; i++) walk(node[i], depth + 1, `${at}[${i}]`);
  };
  walk(value, 0, '');
  return { data, shape };
}

export async function readInputFile(path: string, modelInputShape: readonly number[]): Promise<InputArray> {
  if (!existsSync(path)) throw new LabError('bad-input', `${path}: file not found`);
  const ext = extname(path).toLowerCase();
  if (ext === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new LabError('bad-input', `${path}: invalid JSON (${(e as Error).message})`);
    }
    return flattenNested(parsed, path);
  }
  if (ext === '.npy') {
    try {
      return decodeNpy(readFileSync(path), { finite: true });
    } catch (e) {
      throw new LabError('bad-input', `${path}: ${(e as Error).message}`);
    }
  }
  if (['.png', '.jpg', '.jpeg', '.webp'].includes(ext)) {
    const [h, w, c] = modelInputShape;
    if (modelInputShape.length !== 3 || c !== 3) {
      throw new LabError('bad-input', `${path}: an image needs a model with input [H,W,3], this one takes [${modelInputShape.join(',')}]`);
    }
    try {
      const img = await decodeImageFile(path, h, w);
      return { data: img.data, shape: [h, w, 3] };
    } catch (e) {
      throw new LabError('bad-input', `${path}: unreadable image (${(e as Error).message.split('\n')[0]})`);
    }
  }
  throw new LabError('bad-input', `${path}: unsupported input type "${ext}" (use .json, .npy, .png or .jpg)`);
}

/** Adds the batch axis when the input is a single example; rejects shapes that fit neither way. */
export function asBatch(input: InputArray, modelInputShape: readonly number[], path: string): { data: Float32Array; shape: number[] } {
  const fits = (s: readonly number[]) => s.length === modelInputShape.length && s.every((v, i) => modelInputShape[i] == null || modelInputShape[i] === v);
  if (fits(input.shape)) return { data: input.data, shape: [1, ...input.shape] };
  if (fits(input.shape.slice(1))) return { data: input.data, shape: input.shape };
  throw new LabError('bad-input', `${path}: wrong shape [${input.shape.join(',')}]; the model takes [${modelInputShape.join(',')}] or [N,${modelInputShape.join(',')}]`);
}
