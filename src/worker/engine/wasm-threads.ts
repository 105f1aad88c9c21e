/**
 * Multi-threaded wasm (XNNPACK's thread pool) in Node. TF.js disables it in Node because emscripten
 * starts its pthreads from Blob URLs (the worker bootstrap and the module factory), which Node's
 * Worker cannot load. During the backend's init we record those two Blob scripts, write them to temp
 * files and hand out the file paths instead, pointing the bootstrap at emscripten's own script. This leans on
 * TF.js 4.22 internals, so callers fall back to one thread when it fails (notes/engine.md: opt-in with a
 * clean fallback).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os, { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tf } from './tf.ts';

const FACTORY_PREFIX = 'var WasmBackendModuleThreadedSimd = ';
const BOOTSTRAP_IMPORT = 'if(typeof e.data.urlOrBlob=="string"){importScripts(e.data.urlOrBlob)}else{var objectUrl=URL.createObjectURL(e.data.urlOrBlob);importScripts(objectUrl);URL.revokeObjectURL(objectUrl)}';

type BlobParts = ConstructorParameters<typeof Blob>[0];
type BlobOptions = ConstructorParameters<typeof Blob>[1];

interface PThreadPool {
  unusedWorkers: Array<{ unref(): void }>;
  runningWorkers: Array<{ unref(): void }>;
}

/**
 * XNNPACK's pool threads are Node Workers that would keep the process alive after its work is done;
 * unref them (they end with the thread that owns the backend).
 */
function unrefPthreads(): void {
  const pool = (tf.backend() as unknown as { wasm?: { PThread?: PThreadPool } }).wasm?.PThread;
  for (const w of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) w.unref();
}

/** Runs `init` (which must call tf.setBackend('wasm')) with threads enabled; restores the globals after. */
export async function initThreadedWasm(threads: number, init: () => Promise<boolean>): Promise<boolean> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = mkdtempSync(join(tmpdir(), 'sbl-wasm-threads-'));
  const RealBlob = globalThis.Blob;
  const realCreate = URL.createObjectURL;
  // The factory Blob holds a toString() of a bundled function that refers to bundler variables, so the
  // pthreads load emscripten's own script from the package instead.
  const factoryPath = join(dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm')), '..', 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  class RecordingBlob extends RealBlob {
    readonly text_: string;
    constructor(parts?: BlobParts, options?: BlobOptions) {
      super(parts ?? [], options);
      this.text_ = (parts ?? []).map((p) => (typeof p === 'string' ? p : '')).join('');
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  URL.createObjectURL = (blob: Blob) => {
    const text = (blob as RecordingBlob).text_;
    if (text === undefined) return realCreate(blob);
    if (text.startsWith(FACTORY_PREFIX)) return factoryPath;
    if (!text.includes(BOOTSTRAP_IMPORT)) throw new Error('unexpected wasm worker bootstrap (TF.js version changed?)');
    const path = join(dir, 'tfjs-wasm-pthread.cjs');
    writeFileSync(path, text.replace(BOOTSTRAP_IMPORT, `{importScripts(${JSON.stringify(factoryPath)})}`));
    return path;
  };
  // XNNPACK's pool is capped at half the logical cores (1 on a 2-core machine): report enough cores
  // for the requested count while the backend initialises.
  const realCpus = os.cpus;
  const cpus = realCpus();
  os.cpus = () => Array.from({ length: Math.max(cpus.length, 2 * threads) }, (_, i) => cpus[i % cpus.length]);
  try {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    wasm.setThreadsCount(threads);
    const ok = await init();
    unrefPthreads();
    return ok && wasm.getThreadsCount() === threads;
  } finally {
    os.cpus = realCpus;
    globalThis.Blob = RealBlob;
    URL.createObjectURL = realCreate;
  }
}
