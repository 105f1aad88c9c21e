/**
 * The typed, seq-tagged protocol between the main process and worker threads (DESIGN.md). Every call
 * is declared once: its params, its events and its result (the core's here, each kind's beside its
 * config in src/shared/experiments/<kind>.ts). Float32Array buffers are transferred.
 */
import type { BackendChoice, BackendInfo } from './engine.ts';
import type { Completeness, MethodId, SaliencyOptions } from './saliency.ts';
import type { Result } from './result.ts';
import type { KerasGraph, ModelInspection, ModelRef } from './models.ts';
import type { ProgressEvent } from './progress.ts';
import type { BlackboxWorkerCalls } from './experiments/blackbox.ts';
import type { VaeConceptWorkerCalls } from './experiments/vae-concept.ts';
import type { Resnet50WorkerCalls } from './experiments/resnet50.ts';
import type { SweepWorkerCalls } from './experiments/sweep.ts';
import type { RandomisationWorkerCalls } from './experiments/randomisation.ts';
import type { ControlsWorkerCalls } from './experiments/controls.ts';
import type { FaithfulnessWorkerCalls } from './experiments/faithfulness.ts';

export type { ProgressEvent } from './progress.ts';

export interface SaliencyFileJob {
  modelPath: string;
  inputPath: string;
  method: MethodId;
  options: SaliencyOptions;
  target?: number;
  batchSize?: number;
  /** Keras ResNet .h5 only: the graph to build (issue 15, item 3). */
  kerasGraph?: KerasGraph;
}

export interface SaliencyFileResult {
  map: Float32Array;
  /** Shape of the input as given ([H,W,C] or [N,H,W,C]); the map has the same shape. */
  shape: number[];
  targets: number[];
  timesInput: boolean;
  backend: BackendInfo;
  /** Options the model could not honour (a GraphModel has no place for the padding trick), one line each. */
  notHonoured?: string[];
  /** What was loaded (kind, architecture). */
  model?: ModelInspection;
  /** Integrated Gradients: per map, Σ attribution against f(x) − f(x₀) (issue 15); absent for other methods. */
  completeness?: Completeness[];
}

/** The core's calls: the engine, a model and input file explained (`saliency --model`), a model file inspected. */
export interface CoreWorkerCalls {
  init: { params: { backend: BackendChoice }; event: never; result: BackendInfo };
  saliencyFromFiles: { params: SaliencyFileJob; event: ProgressEvent; result: SaliencyFileResult };
  /** Issue 9: load a model file (Keras .h5, TF.js Layers or Graph model) and say what it is. */
  inspectModel: { params: ModelRef & { size?: number }; event: never; result: ModelInspection };
}

/**
 * Every call a worker answers: params, the events it may emit while running, and its result. Each kind
 * declares its own calls beside its config (src/shared/experiments/<kind>.ts); one line per kind here, and
 * the worker's entry must give every one a handler (a missing handler does not compile).
 */
export interface WorkerCalls extends CoreWorkerCalls, BlackboxWorkerCalls, VaeConceptWorkerCalls, Resnet50WorkerCalls, SweepWorkerCalls, ControlsWorkerCalls, RandomisationWorkerCalls, FaithfulnessWorkerCalls {}
export type WorkerCallName = keyof WorkerCalls;

/**
 * `cancelFlag` is a 4-byte SharedArrayBuffer the host sets to 1 to cancel: the worker reads it with
 * Atomics.load between batches, so cancelling works even while the worker is busy in synchronous
 * TF.js work and cannot receive messages.
 */
export type ToWorker = { kind: 'call'; seq: number; name: WorkerCallName; params: unknown; cancelFlag: SharedArrayBuffer };

export type FromWorker =
  | { kind: 'result'; seq: number; result: Result<unknown> }
  | { kind: 'event'; seq: number; event: unknown }
  /** 'trace' lines are only sent when SBL_TRACE is set (see src/main/host/trace.ts). */
  | { kind: 'log'; level: 'trace' | 'info' | 'warn' | 'error'; message: string };
