/**
 * What a worker call's handler is: the call's params in, its events out while it runs, its result back
 * (src/shared/worker-protocol.ts declares each). Core handlers live in handlers/, each kind's in
 * experiments/<kind>/handlers.ts; entry.ts composes them and a call without a handler does not compile.
 */
import type { WorkerCallName, WorkerCalls } from '../shared/worker-protocol.ts';

export type Handler<K extends WorkerCallName> = (
  params: WorkerCalls[K]['params'],
  emit: (e: WorkerCalls[K]['event']) => void,
  isCancelled: () => boolean,
) => Promise<WorkerCalls[K]['result']>;

/** Handlers for some of the worker calls, each typed by its own call. */
export type Handlers<K extends WorkerCallName> = { readonly [P in K]: Handler<P> };
