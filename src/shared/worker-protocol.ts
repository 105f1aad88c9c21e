/**
 * The typed, seq-tagged protocol between the main process and worker threads (DESIGN.md). Every call
 * is declared once here: its params, its events and its result. Float32Array buffers are transferred.
 */
import type { BackendChoice, BackendInfo } from './engine.ts';
import type { MethodId, SaliencyOptions } from './saliency.ts';
import type { Result } from './result.ts';

export interface SaliencyFileJob {
  modelPath: string;
  inputPath: string;
  method: MethodId;
  options: SaliencyOptions;
  target?: number;
  batchSize?: number;
}

export interface SaliencyFileResult {
  map: Float32Array;
  /** Shape of the input as given ([H,W,C] or [N,H,W,C]); the map has the same shape. */
  shape: number[];
  targets: number[];
  timesInput: boolean;
  backend: BackendInfo;
}

export interface ProgressEvent {
  type: 'progress';
  done: number;
  total: number;
  stage: string;
}

/** Every call a worker answers: params, the events it may emit while running, and its result. */
export interface WorkerCalls {
  init: { params: { backend: BackendChoice }; event: never; result: BackendInfo };
  saliencyFromFiles: { params: SaliencyFileJob; event: ProgressEvent; result: SaliencyFileResult };
}
export type WorkerCallName = keyof WorkerCalls;

export type ToWorker =
  | { kind: 'call'; seq: number; name: WorkerCallName; params: unknown }
  | { kind: 'cancel'; seq: number };

export type FromWorker =
  | { kind: 'result'; seq: number; result: Result<unknown> }
  | { kind: 'event'; seq: number; event: unknown }
  | { kind: 'log'; level: 'info' | 'warn' | 'error'; message: string };

export const WORKER_CALL_NAMES: readonly WorkerCallName[] = ['init', 'saliencyFromFiles'];

export function isWorkerCallName(s: unknown): s is WorkerCallName {
  return typeof s === 'string' && (WORKER_CALL_NAMES as readonly string[]).includes(s);
}
