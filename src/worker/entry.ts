/**
 * The worker thread's message loop: every call of the protocol is dispatched to one handler; results
 * go back as Result<T> with Float32Array buffers transferred; unknown messages are rejected loudly.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerCallName } from '../shared/worker-protocol.ts';
import { fail, ok, serializeError } from '../shared/result.ts';
import { initEngine } from './engine/backend.ts';
import { saliencyFromFiles } from './handlers/saliency-from-files.ts';
import { inspectModel } from './handlers/inspect-model.ts';
import type { Handler, Handlers } from './handler.ts';
import { blackboxHandlers } from './experiments/blackbox/handlers.ts';
import { vaeConceptHandlers } from './experiments/vae-concept/handlers.ts';
import { resnet50Handlers } from './experiments/resnet50/handlers.ts';
import { sweepHandlers } from './experiments/sweep/handlers.ts';
import { randomisationHandlers } from './experiments/randomisation/handlers.ts';
import { controlsHandlers } from './experiments/controls/handlers.ts';
import { faithfulnessHandlers } from './experiments/faithfulness/handlers.ts';
import { SerialCalls } from './serial-calls.ts';

/** The core's calls, then one line per kind (experiments/<kind>/handlers.ts): a call without a handler does not compile. */
const handlers = {
  init: (p) => initEngine(p.backend, trace),
  saliencyFromFiles,
  inspectModel,
  ...blackboxHandlers,
  ...vaeConceptHandlers,
  ...resnet50Handlers,
  ...sweepHandlers,
  ...randomisationHandlers,
  ...controlsHandlers,
  ...faithfulnessHandlers,
} satisfies Handlers<WorkerCallName>;

/** A call this worker answers: the names are the handlers' keys, not a second list. */
function isWorkerCallName(name: unknown): name is WorkerCallName {
  return typeof name === 'string' && Object.hasOwn(handlers, name);
}

const port = parentPort;
if (port === null) throw new Error('src/worker/entry.ts must run in a worker thread');

function post(msg: FromWorker): void {
  port!.postMessage(msg, collectTransferables(msg));
}

/** Float32Array buffers in a result are transferred, not copied (they own their buffers). */
function collectTransferables(value: unknown, out: ArrayBuffer[] = [], depth = 0): ArrayBuffer[] {
  if (depth > 4 || value === null || typeof value !== 'object') return out;
  if (value instanceof Float32Array) {
    if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength && value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) {
      out.push(value.buffer);
    }
    return out;
  }
  for (const v of Object.values(value)) collectTransferables(v, out, depth + 1);
  return out;
}

/** Lifecycle lines for the host's SBL_TRACE file (worker threads share the process environment). */
const tracing = (process.env.SBL_TRACE ?? '') !== '';
function trace(message: string): void {
  if (tracing) post({ kind: 'log', level: 'trace', message });
}

/** One call at a time per worker (serial-calls.ts). */
const calls = new SerialCalls();

port.on('message', (msg: ToWorker) => {
  trace(`call ${msg.seq} ${msg.name} received`);
  if (msg.kind !== 'call' || !isWorkerCallName(msg.name) || !(msg.cancelFlag instanceof SharedArrayBuffer)) {
    post({ kind: 'result', seq: msg.seq, result: fail('internal', `worker: unknown message ${JSON.stringify(msg).slice(0, 200)}`) });
    return;
  }
  const handler = handlers[msg.name] as Handler<WorkerCallName>;
  const emit = (event: unknown) => post({ kind: 'event', seq: msg.seq, event });
  const flag = new Int32Array(msg.cancelFlag);
  if (calls.queued > 0) trace(`call ${msg.seq} waits behind ${calls.queued} queued call(s)`);
  calls
    .run(() => handler(msg.params as never, emit as never, () => Atomics.load(flag, 0) === 1))
    .then((value) => {
      trace(`call ${msg.seq} done`);
      post({ kind: 'result', seq: msg.seq, result: ok(value) });
    })
    .catch((e: unknown) => post({ kind: 'result', seq: msg.seq, result: { ok: false, error: serializeError(e) } }));
});

trace('entry loaded');
