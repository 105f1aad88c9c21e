/**
 * Chooses and starts the compute backend. Order for `auto` (DESIGN.md): tfjs-node-gpu → tfjs-node →
 * wasm (SIMD) → cpu. Native packages are optionalDependencies and may be missing or broken (their install
 * downloads libtensorflow), so *any* error from loading them means "not available", with the reason kept.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendChoice, BackendInfo } from '../../shared/engine.ts';
import { LabError } from '../../shared/result.ts';
import { tf } from './tf.ts';
import { installWasmKernelFixes } from './kernels/install-wasm-fixes.ts';
import { installGradientFixes } from './gradients/install-gradient-fixes.ts';
import { initThreadedWasm } from './wasm-threads.ts';
import { availableParallelism } from 'node:os';

const requireFromHere = createRequire(import.meta.url);
let current: BackendInfo | null = null;

export function activeBackend(): BackendInfo {
  if (current === null) throw new LabError('internal', 'the compute engine was used before initEngine()');
  return current;
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

function tryNative(reasons: string[]): BackendInfo['nativePackage'] | null {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      requireFromHere(pkg);
      if (tf.findBackend('tensorflow') === null) throw new Error('loaded but registered no "tensorflow" backend');
      reasons.push(`${pkg}: loaded`);
      return pkg;
    } catch (e) {
      const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      reasons.push(`${pkg}: not available (${first})`);
    }
  }
  return null;
}

/**
 * Emscripten adds process-wide 'uncaughtException' / 'unhandledRejection' handlers that rethrow and
 * print the whole minified wasm glue; our front doors report errors themselves, so we remove them.
 */
type ProcessErrorEvent = 'uncaughtException' | 'unhandledRejection';
const PROCESS_ERROR_EVENTS: ProcessErrorEvent[] = ['uncaughtException', 'unhandledRejection'];

function snapshotProcessHandlers(): Map<ProcessErrorEvent, Function[]> {
  return new Map(PROCESS_ERROR_EVENTS.map((e) => [e, [...process.listeners(e as 'uncaughtException')]]));
}

function dropEmscriptenProcessHandlers(before: Map<ProcessErrorEvent, Function[]>): void {
  for (const [event, listeners] of before) {
    for (const l of process.listeners(event as 'uncaughtException')) {
      if (!listeners.includes(l)) process.removeListener(event as 'uncaughtException', l);
    }
  }
}

/**
 * Threads for XNNPACK: SBL_WASM_THREADS if set, else one per core (at most 8). 1 means the plain,
 * single-threaded module.
 */
export function wantedWasmThreads(): number {
  const env = Number(process.env.SBL_WASM_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 16);
  return Math.max(1, Math.min(8, availableParallelism()));
}

async function startWasm(reasons: string[], note: (stage: string) => void): Promise<number | null> {
  const before = snapshotProcessHandlers();
  try {
    const wasmEntry = requireFromHere.resolve('@tensorflow/tfjs-backend-wasm');
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(join(dirname(wasmEntry), '/'));
    const threads = wantedWasmThreads();
    note(`wasm: starting with ${threads} thread(s)`);
    const start = async () => (await tf.setBackend('wasm')) && (await tf.ready(), true);
    const ok = threads > 1 ? await initThreadedWasm(threads, start) : await start();
    if (tf.getBackend() !== 'wasm') throw new Error('tf.setBackend("wasm") did not take effect');
    note('wasm: module ready');
    dropEmscriptenProcessHandlers(before);
    installWasmKernelFixes();
    const actual = wasm.getThreadsCount();
    const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off';
    reasons.push(`wasm: started (SIMD ${simd}, ${actual} thread${actual > 1 ? 's' : ''}${threads > 1 && !ok ? `; ${threads} were asked` : ''})`);
    return actual;
  } catch (e) {
    reasons.push(`wasm: failed (${e instanceof Error ? e.message : String(e)})`);
    return null;
  }
}

/**
 * Starts the engine once per thread. Calling it again with another choice switches backends. `note`
 * hears each stage, for tracing a start that hangs.
 * @example const info = await initEngine('auto'); console.log(info.name, info.reasons.join('; '))
 */
export async function initEngine(choice: BackendChoice = 'auto', note: (stage: string) => void = () => {}): Promise<BackendInfo> {
  installGradientFixes();
  const reasons: string[] = [];
  const info = (name: BackendInfo['name'], extra: Partial<BackendInfo> = {}): BackendInfo => ({
    name,
    reasons,
    tfjsVersion: tf.version_core,
    ...extra,
  });

  if (choice === 'auto' || choice === 'tensorflow') {
    const pkg = tryNative(reasons);
    if (pkg !== null && (await tf.setBackend('tensorflow'))) {
      await tf.ready();
      return (current = info('tensorflow', { nativePackage: pkg }));
    }
    if (choice === 'tensorflow') {
      throw new LabError('engine', `backend "tensorflow" is not available: ${reasons.join('; ')}`);
    }
  }
  if (choice === 'auto' || choice === 'wasm') {
    const threads = await startWasm(reasons, note);
    if (threads !== null) {
      return (current = info('wasm', { threads, simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT') }));
    }
    if (choice === 'wasm') throw new LabError('engine', `backend "wasm" failed to start: ${reasons.join('; ')}`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  reasons.push(choice === 'cpu' ? 'cpu: chosen' : 'cpu: fallback');
  return (current = info('cpu'));
}
