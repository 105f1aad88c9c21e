/**
 * Tiny WebAssembly modules written out byte by byte (no toolchain needed) that import the wasm backend's
 * own memory, so their functions work on tensors where they lie in the backend's heap: the pieces every
 * such module needs (LEB128, sections, names, SIMD opcodes) and binding one to a backend. A module is
 * only made when that memory is reachable (the threaded build exposes `wasmMemory`); else null, and the
 * caller keeps its fallback.
 */
import type { BackendWasm } from './wasm-kit.ts';

export function leb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

export const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
export const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
/** A SIMD instruction: the 0xfd prefix, its LEB128 opcode, then its immediates. */
export const simd = (op: number, ...rest: number[]) => [0xfd, ...leb(op), ...rest];
/** Instruction bytes used by the modules here. */
export const OP = { get: 0x20, set: 0x21, i32const: 0x41, i32add: 0x6a, i32mul: 0x6c, i32shl: 0x74, i32geU: 0x4f, brIf: 0x0d, br: 0x0c, block: 0x02, loop: 0x03, if: 0x04, void: 0x40, end: 0x0b } as const;

/**
 * A module of functions that all share one type, importing `env.memory` (shared when the backend's is):
 * `params` are the value types of the one signature (no results), `funcs` each export's name and body
 * (locals declaration, instructions, end).
 */
export function moduleBytes(shared: boolean, params: number[], funcs: Array<{ name: string; body: number[] }>): Uint8Array {
  const limits = shared ? [0x03, 0x00, ...leb(65536)] : [0x00, 0x00];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, params.length, ...params, 0x00]),
    ...section(2, [0x01, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [funcs.length, ...funcs.map(() => 0x00)]),
    ...section(7, [funcs.length, ...funcs.flatMap((f, i) => [...name(f.name), 0x00, i])]),
    ...section(10, [funcs.length, ...funcs.flatMap((f) => [...leb(f.body.length), ...f.body])]),
  ]);
}

/** The parts of the WebAssembly JS API used here (this project's type libraries do not declare it). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The module's exports bound to this backend's heap, made once per backend module and kind; null where
 * the memory is not reachable or the engine has no SIMD.
 */
export function bindToBackend<T>(backend: BackendWasm, cache: WeakMap<object, T | null>, make: (shared: boolean) => Uint8Array, pick: (exports: Record<string, unknown>) => T): T | null {
  const module = (backend as unknown as { wasm: Record<string, unknown> }).wasm;
  if (cache.has(module)) return cache.get(module)!;
  let bound: T | null = null;
  try {
    const memory = module.wasmMemory;
    if (wasmApi !== undefined && memory instanceof wasmApi.Memory) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      bound = pick(new wasmApi.Instance(new wasmApi.Module(make(shared)), { env: { memory } }).exports);
    }
  } catch {
    bound = null; // no SIMD or an unexpected memory: the caller's fallback does the same work
  }
  cache.set(module, bound);
  return bound;
}
