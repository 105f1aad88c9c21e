/** Test helpers: start the engine, switch backends, compare arrays, check for tensor leaks. */
import assert from 'node:assert/strict';
import { initEngine } from '../../src/worker/engine/backend.ts';
import { tf } from '../../src/worker/engine/tf.ts';

let started = false;

/** Starts wasm (with our kernel fixes) once; cpu is always registered alongside. */
export async function useBackend(name: 'wasm' | 'cpu'): Promise<void> {
  if (!started) {
    await initEngine('wasm');
    started = true;
  }
  await tf.setBackend(name);
}

/** max |a − b| / max(1e-6, max |b|): relative error against a reference. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

export function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  const e = relError(a, b);
  assert.ok(e <= tol, `${what}: relative error ${e.toExponential(2)} > ${tol}`);
}

/** Runs fn and asserts that tf.memory().numTensors is where it was. */
export async function noLeak<T>(fn: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const out = await fn();
  assert.equal(tf.memory().numTensors, before, 'tensor leak: numTensors changed');
  return out;
}

/** Deterministic pseudo-random floats in [lo, hi). */
export function seededArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = lo + ((s >>> 0) / 4294967296) * (hi - lo);
  }
  return out;
}

export interface KernelCall {
  kernel: string;
  /** The fused activation a fused conv / matMul kernel was called with ('linear', 'relu', …). */
  activation?: string;
  /** > 0 while a gradient is being recorded (tf.grad and friends). */
  gradientDepth: number;
}

/**
 * Runs fn with the named kernels of the active backend wrapped so that every call is recorded (a
 * kernel-call spy: `tf.profile` names kernels but not their attributes); the registry is restored after.
 */
export function spyKernels<T>(names: readonly string[], fn: () => T): { out: T; calls: KernelCall[] } {
  const backend = tf.getBackend();
  const originals = names.map((n) => tf.getKernel(n, backend)).filter((k) => k !== undefined);
  const calls: KernelCall[] = [];
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backend);
    tf.registerKernel({
      ...k,
      kernelFunc: (args) => {
        const activation = (args.attrs as { activation?: unknown } | undefined)?.activation;
        calls.push({ kernel: k.kernelName, ...(typeof activation === 'string' ? { activation } : {}), gradientDepth: tf.engine().state.gradientDepth });
        return k.kernelFunc(args);
      },
    });
  }
  try {
    return { out: fn(), calls };
  } finally {
    for (const k of originals) {
      tf.unregisterKernel(k.kernelName, backend);
      tf.registerKernel(k);
    }
  }
}
