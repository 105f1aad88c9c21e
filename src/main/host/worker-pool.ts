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
import { trace } from './trace.ts';

/**
 * A worker normally starts its engine in 1-5 s. Past this, we assume it is stuck (a CLI run that hung
 * before its first output has been seen once in CI), replace it and try once more.
 */
const INIT_TIMEOUT_MS = 30_000;
/** terminate() of a worker with wasm pthreads has been seen to take 0.2 s; never wait on it forever. */
const TERMINATE_TIMEOUT_MS = 5_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

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
  private static nextId = 1;
  readonly id = WorkerHandle.nextId++;
  alive = true;
  backend: BackendInfo | null = null;

  constructor(onLog: (level: string, message: string) => void, entry?: URL) {
    const { script, workerData } = workerEntry(entry);
    this.worker = new Worker(fileURLToPath(script), { workerData, stdout: false, stderr: false });
    trace(`worker ${this.id}: spawned`);
    this.worker.on('message', (msg: FromWorker) => {
      if (msg.kind === 'log') {
        if (msg.level === 'trace') return trace(`worker ${this.id} says: ${msg.message}`);
        return onLog(msg.level, msg.message);
      }
      const p = this.pending.get(msg.seq);
      if (p === undefined) return;
      if (msg.kind === 'event') p.onEvent?.(msg.event);
      else {
        this.pending.delete(msg.seq);
        trace(`worker ${this.id}: call ${msg.seq} ${msg.result.ok ? 'ok' : 'failed'}`);
        p.resolve(msg.result);
      }
    });
    const die = (why: string) => {
      trace(`worker ${this.id}: stopped (${why})`);
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
      trace(`worker ${this.id}: call ${seq} ${name} sent`);
      this.worker.postMessage({ kind: 'call', seq, name, params, cancelFlag } satisfies ToWorker, transfer);
    }).finally(() => opts.signal?.removeEventListener('abort', onAbort));
  }

  /** Ends the thread; resolves within TERMINATE_TIMEOUT_MS even if the thread does not say it ended. */
  async terminate(): Promise<void> {
    this.alive = false;
    trace(`worker ${this.id}: terminating`);
    const r = await withTimeout(this.worker.terminate(), TERMINATE_TIMEOUT_MS);
    trace(`worker ${this.id}: ${r === 'timeout' ? `terminate did not finish in ${TERMINATE_TIMEOUT_MS} ms; moving on` : 'terminated'}`);
  }
}

export interface WorkerPoolOptions {
  onLog?: (level: string, message: string) => void;
  /** The built worker script, for bundled apps (Electron); defaults to the sources or worker.js. */
  entry?: URL;
  /** How long a worker may take to start its engine before it is replaced (default 30 s). */
  initTimeoutMs?: number;
}

export class WorkerPool {
  private readonly workers: WorkerHandle[] = [];
  private readonly onLog: (level: string, message: string) => void;
  private readonly entry?: URL;
  private readonly initTimeoutMs: number;
  /** The start in progress, shared by concurrent calls so they do not each spawn workers. */
  private starting: Promise<Result<BackendInfo>> | null = null;
  /** Workers spawned but not yet started: close() ends them too, or a closed host keeps a thread alive. */
  private readonly spawning = new Set<WorkerHandle>();
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly backend: BackendChoice,
    opts: WorkerPoolOptions = {},
  ) {
    this.onLog = opts.onLog ?? (() => {});
    this.entry = opts.entry;
    this.initTimeoutMs = opts.initTimeoutMs ?? INIT_TIMEOUT_MS;
  }

  /** Starts (or restarts) workers and their engines; returns the backend the first one chose. */
  start(): Promise<Result<BackendInfo>> {
    if (this.closed) return Promise.resolve(fail('engine', 'the compute workers were closed'));
    this.starting ??= this.startMissing().finally(() => (this.starting = null));
    return this.starting;
  }

  private async startMissing(): Promise<Result<BackendInfo>> {
    for (let i = 0; i < this.workers.length; i++) if (!this.workers[i].alive) this.workers.splice(i--, 1);
    while (this.workers.length < this.size) {
      const started = await this.startOne();
      if (!started.ok) return started;
      this.workers.push(started.value);
    }
    return { ok: true, value: this.workers[0].backend! };
  }

  /** One worker with its engine started; a worker stuck in init is replaced once. */
  private async startOne(): Promise<Result<WorkerHandle>> {
    for (let attempt = 1; ; attempt++) {
      const w = new WorkerHandle(this.onLog, this.entry);
      this.spawning.add(w);
      const r = await withTimeout(w.call('init', { backend: this.backend }, {}) as Promise<Result<BackendInfo>>, this.initTimeoutMs).finally(() => this.spawning.delete(w));
      if (this.closed) {
        // Closed while this one started (a host closed during its first call): it must not outlive the pool.
        await w.terminate();
        return fail('engine', 'the compute workers were closed');
      }
      if (r !== 'timeout' && r.ok) {
        w.backend = r.value;
        return { ok: true, value: w };
      }
      await w.terminate();
      if (r !== 'timeout') return r;
      const why = `the compute worker did not start its engine within ${this.initTimeoutMs / 1000} s`;
      if (attempt === 2) return fail('engine', `${why}, twice (set SBL_TRACE=FILE to trace it)`);
      this.onLog('warn', `${why}; starting a new one`);
    }
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
    this.closed = true;
    await Promise.all([...this.workers, ...this.spawning].map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
