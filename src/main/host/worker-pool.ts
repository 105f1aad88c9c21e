/**
 * The only way main reaches the worker (DESIGN.md): a pool of worker threads speaking the typed,
 * seq-tagged protocol of src/shared/worker-protocol.ts. Each call resolves to a Result (never throws),
 * can stream events, and can be cancelled. A worker that dies fails its pending calls with a clear
 * message and is replaced on the next call.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { BackendChoice, BackendInfo } from '../../shared/engine.ts';
import type { FromWorker, ToWorker, WorkerCallName, WorkerCalls } from '../../shared/worker-protocol.ts';
import { type Result, fail } from '../../shared/result.ts';

export interface CallOptions<E> {
  onEvent?: (e: E) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve: (r: Result<unknown>) => void;
  onEvent?: (e: unknown) => void;
}

/** Where the worker entry lives: the .ts source (run through tsx) or a built .js next to this file. */
function workerEntry(override?: URL): { script: URL; workerData?: { entry: string } } {
  if (override !== undefined) return { script: override };
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    return { script: new URL('../../worker/ts-entry.mjs', here), workerData: { entry: new URL('../../worker/entry.ts', here).href } };
  }
  return { script: new URL('./worker.js', here) };
}

class WorkerHandle {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextSeq = 1;
  alive = true;
  backend: BackendInfo | null = null;

  constructor(onLog: (level: string, message: string) => void, entry?: URL) {
    const { script, workerData } = workerEntry(entry);
    this.worker = new Worker(fileURLToPath(script), { workerData, stdout: false, stderr: false });
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.kind === 'log') return onLog(msg.level, msg.message);
      const p = this.pending.get(msg.seq);
      if (p === undefined) return;
      if (msg.kind === 'event') p.onEvent?.(msg.event);
      else {
        this.pending.delete(msg.seq);
        p.resolve(msg.result);
      }
    });
    const die = (why: string) => {
      this.alive = false;
      for (const p of this.pending.values()) p.resolve(fail('engine', `the compute worker stopped: ${why}`));
      this.pending.clear();
    };
    this.worker.on('error', (e) => die(e.message));
    this.worker.on('exit', (code) => die(`exit code ${code}`));
  }

  get busy(): number {
    return this.pending.size;
  }

  call(name: WorkerCallName, params: unknown, opts: CallOptions<unknown>, transfer: ArrayBuffer[] = []): Promise<Result<unknown>> {
    if (!this.alive) return Promise.resolve(fail('engine', 'the compute worker is not running'));
    const seq = this.nextSeq++;
    const cancelFlag = new SharedArrayBuffer(4);
    const onAbort = () => Atomics.store(new Int32Array(cancelFlag), 0, 1);
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    return new Promise<Result<unknown>>((resolve) => {
      this.pending.set(seq, { resolve, onEvent: opts.onEvent });
      this.worker.postMessage({ kind: 'call', seq, name, params, cancelFlag } satisfies ToWorker, transfer);
    }).finally(() => opts.signal?.removeEventListener('abort', onAbort));
  }

  terminate(): Promise<number> {
    this.alive = false;
    return this.worker.terminate();
  }
}

export class WorkerPool {
  private readonly workers: WorkerHandle[] = [];

  constructor(
    private readonly size: number,
    private readonly backend: BackendChoice,
    private readonly onLog: (level: string, message: string) => void = () => {},
    /** The built worker script, for bundled apps (Electron); defaults to the sources or worker.js. */
    private readonly entry?: URL,
  ) {}

  /** Starts (or restarts) workers and their engines; returns the backend the first one chose. */
  async start(): Promise<Result<BackendInfo>> {
    for (let i = 0; i < this.workers.length; i++) if (!this.workers[i].alive) this.workers.splice(i--, 1);
    while (this.workers.length < this.size) {
      const w = new WorkerHandle(this.onLog, this.entry);
      const r = (await w.call('init', { backend: this.backend }, {})) as Result<BackendInfo>;
      if (!r.ok) {
        await w.terminate();
        return r;
      }
      w.backend = r.value;
      this.workers.push(w);
    }
    return { ok: true, value: this.workers[0].backend! };
  }

  /** Runs a call on the least busy worker. */
  async call<K extends Exclude<WorkerCallName, 'init'>>(
    name: K,
    params: WorkerCalls[K]['params'],
    opts: CallOptions<WorkerCalls[K]['event']> = {},
    transfer: ArrayBuffer[] = [],
  ): Promise<Result<WorkerCalls[K]['result']>> {
    const started = await this.start();
    if (!started.ok) return started;
    const w = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    return (await w.call(name, params, opts as CallOptions<unknown>, transfer)) as Result<WorkerCalls[K]['result']>;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
