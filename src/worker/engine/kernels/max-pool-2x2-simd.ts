/**
 * MaxPoolGrad of the common case (2×2 windows, stride 2, no padding, even sizes, channels a multiple of
 * 4) in WebAssembly SIMD, four channels at a time, on the backend's own heap: the rule of max-pool-grad.ts
 * (the first maximum in row-major window order wins, by strict '>' from -Infinity, so an all-NaN window
 * passes nothing) as compare-and-select masks. Every input value is written once, either its window's
 * gradient or 0, so the result is bit for bit the JS loop's (tested against it and the brute force). On
 * the classifier's pools the JS loop was a tenth of a training step (issue 20).
 *
 * (func $grad (param $x $g $out $bytes $cs $rs i32)  ;; cs = C·4 (one pixel), rs = W·C·4 (one input row)
 *   for each pooled row (top input row at p; the bottom one at p + rs):
 *     for each pooled column (left pixel at p, right at p + cs):
 *       for each 4 channels: a, b, c, d = the window; ga = a > -∞; m = ga ? a : -∞; gb = b > m; m = gb ? b : m;
 *                            gc = c > m; m = gc ? c : m; gd = d > m; write g where each is the last true mask
 *       p += cs (past the right pixel)
 *     p += rs (past the bottom row))
 */
import type { BackendWasm } from './wasm-kit.ts';
import { OP, bindToBackend, moduleBytes, simd } from './wasm-module.ts';

type Grad = (x: number, g: number, out: number, bytes: number, pixelBytes: number, rowBytes: number) => void;

const V = {
  load: 0x00,
  store: 0x0b,
  const: 0x0c,
  gt: 0x44, // f32x4.gt
  and: 0x4e,
  andnot: 0x4f, // a & ~b
  or: 0x50,
  bitselect: 0x52, // (a & m) | (b & ~m)
} as const;
const I32_SUB = 0x6b;
const NEG_INF_X4 = [0, 0, 0x80, 0xff, 0, 0, 0x80, 0xff, 0, 0, 0x80, 0xff, 0, 0, 0x80, 0xff];

function body(): number[] {
  const { get, set, i32const, i32add, i32geU, brIf, br, block, loop, void: empty, end } = OP;
  // params 0–5, then i32 locals 6–10, then v128 locals 11–20
  const [X, G, OUT, BYTES, CS, RS] = [0, 1, 2, 3, 4, 5];
  const [P, END, ROW_END, COL_END, DELTA] = [6, 7, 8, 9, 10];
  const [A, B, C, D, M, GA, GB, GC, GD, GR] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const load = [...simd(V.load, 2, 0)];
  const store = [...simd(V.store, 2, 0)];
  const negInf = simd(V.const, ...NEG_INF_X4);
  const at = (...adds: number[]) => [get, P, get, DELTA, i32add, ...adds.flatMap((l) => [get, l, i32add])];
  const whileBelow = (limit: number, inner: number[]) => [block, empty, loop, empty, get, P, get, limit, i32geU, brIf, 1, ...inner, br, 0, end, end];
  const channels = [
    get, P, ...load, set, A,
    get, P, get, CS, i32add, ...load, set, B,
    get, P, get, RS, i32add, ...load, set, C,
    get, P, get, RS, i32add, get, CS, i32add, ...load, set, D,
    get, G, ...load, set, GR,
    get, A, ...negInf, ...simd(V.gt), set, GA,
    get, A, ...negInf, get, GA, ...simd(V.bitselect), set, M,
    get, B, get, M, ...simd(V.gt), set, GB,
    get, B, get, M, get, GB, ...simd(V.bitselect), set, M,
    get, C, get, M, ...simd(V.gt), set, GC,
    get, C, get, M, get, GC, ...simd(V.bitselect), set, M,
    get, D, get, M, ...simd(V.gt), set, GD,
    // d wins where gd; c where gc and not gd; b where gb and neither later; a where ga and none later.
    ...at(RS, CS), get, GR, get, GD, ...simd(V.and), ...store,
    ...at(RS), get, GR, get, GC, ...simd(V.and), get, GD, ...simd(V.andnot), ...store,
    get, GC, get, GD, ...simd(V.or), set, GD,
    ...at(CS), get, GR, get, GB, ...simd(V.and), get, GD, ...simd(V.andnot), ...store,
    get, GB, get, GD, ...simd(V.or), set, GD,
    ...at(), get, GR, get, GA, ...simd(V.and), get, GD, ...simd(V.andnot), ...store,
    get, P, i32const, 16, i32add, set, P,
    get, G, i32const, 16, i32add, set, G,
  ];
  const columns = [get, P, get, CS, i32add, set, COL_END, ...whileBelow(COL_END, channels), get, P, get, CS, i32add, set, P];
  const rows = [get, P, get, RS, i32add, set, ROW_END, ...whileBelow(ROW_END, columns), get, P, get, RS, i32add, set, P];
  return [
    0x02, 0x05, 0x7f, 0x0a, 0x7b, // locals: 5 × i32, 10 × v128
    get, X, set, P,
    get, X, get, BYTES, i32add, set, END,
    get, OUT, get, X, I32_SUB, set, DELTA, // out and x have one layout: out address = p + delta (mod 2³²)
    ...whileBelow(END, rows),
    end,
  ];
}

const made = new WeakMap<object, Grad | null>();

/** The SIMD 2×2 max-pool gradient bound to this backend's heap, or null (no SIMD or no reachable memory). */
export function maxPool2x2GradSimd(backend: BackendWasm): Grad | null {
  return bindToBackend(backend, made, (shared) => moduleBytes(shared, [0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f], [{ name: 'grad', body: body() }]), (e) => e.grad as Grad);
}
