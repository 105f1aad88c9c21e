/**
 * Experiments are one thing (DESIGN.md): each kind is one definition in the host
 * (src/main/host/experiments/<kind>/) with its config schema (src/shared/experiments/<kind>.ts), its
 * stages, its summary and its report section. Every front door starts a kind by name and shows the
 * stages it reports, so the CLI, the web app and the desktop app run the same thing.
 */
import type { RunProgress } from '../progress.ts';

/** Kinds that make (or explain into) a run of their own. */
export const RUN_EXPERIMENT_KINDS = ['blackbox', 'vae-concept', 'resnet50', 'sweep'] as const;
/** Analyses of a trained black-box run (issue 18): `saliency-lab analyse KIND --run ID`. */
export const ANALYSIS_KINDS = ['q-sweep', 'controls', 'control-arm', 'seeds', 'randomisation', 'faithfulness'] as const;
export type AnalysisKind = (typeof ANALYSIS_KINDS)[number];
export const EXPERIMENT_KINDS = [...RUN_EXPERIMENT_KINDS, ...ANALYSIS_KINDS] as const;
export type ExperimentKind = (typeof EXPERIMENT_KINDS)[number];

export function isAnalysisKind(s: unknown): s is AnalysisKind {
  return typeof s === 'string' && (ANALYSIS_KINDS as readonly string[]).includes(s);
}

export function isExperimentKind(s: unknown): s is ExperimentKind {
  return typeof s === 'string' && (EXPERIMENT_KINDS as readonly string[]).includes(s);
}

/** What a front door needs to offer a kind: its name in words and the stages it goes through. */
export interface ExperimentInfo {
  kind: ExperimentKind;
  title: string;
  /**
   * `experiment` makes a run of its own; `analysis` reads a trained run and adds its results to it
   * (runs/<id>/analyses/<kind>.json, a report section), started with `saliency-lab analyse KIND --run ID`.
   */
  role?: 'experiment' | 'analysis';
  /** One sentence: what the experiment shows (the paper figure it reproduces). */
  summary: string;
  stages: readonly string[];
  /**
   * The kind's config as JSON Schema (draft 2020-12, the input side: what a front door may send), with
   * every default the host would fill in; set by the host's listing (registry.ts), so a front door can
   * build a form without importing the host's schemas.
   */
  configSchema?: JsonSchema;
  /** What `quick: true` sets (under whatever the config gives), for the form to show. */
  quickPreset?: Record<string, unknown>;
}

/** The part of JSON Schema that experiment configs use (zod's z.toJSONSchema output). */
export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  title?: string;
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: readonly unknown[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
}

/** Progress of a running experiment: which stage, and how far that stage is. */
export interface ExperimentProgress {
  stage: string;
  /** 0-based index into the kind's stages. */
  stageIndex: number;
  stageCount: number;
  done: number;
  total: number;
  etaSeconds: number | null;
  /** What the count is of and where inside the stage ("batches", "epoch 3 / 8"). */
  unit?: string;
  detail?: string;
  /** The whole run over every stage, for kinds that know each stage's expected share. */
  run?: RunProgress;
}
