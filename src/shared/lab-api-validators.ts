/**
 * Runtime validation of every LabApi payload at the host's edge (DESIGN.md: validate every payload).
 * Each validator returns null when the params are acceptable, else a one-line problem.
 */
import { checkDatasetConfig, type BlackboxDatasetConfig } from './dataset.ts';
import type { LabCallName } from './lab-api.ts';
import { checkSaliencyOptions, DEFAULT_SALIENCY_OPTIONS, isMethodId } from './saliency.ts';
import { isBackendChoice } from './engine.ts';

type Check = (p: Record<string, unknown>) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (field: string): Check => (p) => (typeof p[field] === 'string' && (p[field] as string).length > 0 && (p[field] as string).length < 300 ? null : `${field} must be a non-empty string`);
const none: Check = () => null;
const all = (...checks: Check[]): Check => (p) => checks.map((c) => c(p)).find((x) => x !== null) ?? null;

const datasetConfig: Check = (p) => {
  const c = p.config;
  if (!isObj(c) || !isObj(c.source)) return 'config must be an object with a source';
  const kind = c.source.kind;
  if (kind !== 'generated' && kind !== 'imagenette' && kind !== 'folder') return `unknown dataset source "${String(kind)}"`;
  if (kind === 'folder' && typeof c.source.path !== 'string') return 'a folder source needs a path';
  const numbers = ['size', 'count', 'seed', 'boxMinFraction', 'boxMaxFraction'];
  for (const n of numbers) if (typeof c[n] !== 'number') return `config.${n} must be a number`;
  return checkDatasetConfig(c as unknown as BlackboxDatasetConfig);
};

const trainConfig: Check = (p) => {
  const c = p.config;
  if (!isObj(c)) return 'config must be an object';
  for (const [k, lo, hi] of [
    ['epochs', 1, 1000],
    ['batchSize', 1, 4096],
    ['seed', -2147483648, 2147483647],
  ] as const) {
    if (c[k] !== undefined && !(Number.isInteger(c[k]) && (c[k] as number) >= lo && (c[k] as number) <= hi)) return `config.${k} must be an integer in [${lo}, ${hi}]`;
  }
  if (c.learningRate !== undefined && !(typeof c.learningRate === 'number' && c.learningRate > 0 && c.learningRate < 1)) return 'config.learningRate must be in (0, 1)';
  if (c.backend !== undefined && !(typeof c.backend === 'string' && isBackendChoice(c.backend))) return 'config.backend must be auto, tensorflow, wasm or cpu';
  return null;
};

const mapsRequest: Check = (p) => {
  if (!Array.isArray(p.methods) || p.methods.length === 0 || !p.methods.every((m) => typeof m === 'string' && isMethodId(m))) return 'methods must be a non-empty list of method ids';
  if (!isObj(p.options)) return 'options must be an object';
  const problem = checkSaliencyOptions({ ...DEFAULT_SALIENCY_OPTIONS, ...(p.options as object) });
  if (problem !== null) return problem;
  if (p.limit !== undefined && !(Number.isInteger(p.limit) && (p.limit as number) > 0)) return 'limit must be a positive integer';
  return null;
};

const index: Check = (p) => (Number.isInteger(p.index) && (p.index as number) >= 0 ? null : 'index must be a non-negative integer');

const VALIDATORS: Record<LabCallName, Check> = {
  getInfo: none,
  openWorkspace: str('path'),
  listDatasets: none,
  getDatasetItems: str('datasetId'),
  createDataset: datasetConfig,
  deleteDataset: str('datasetId'),
  listRuns: none,
  getRun: str('runId'),
  startTraining: all(str('datasetId'), trainConfig),
  resumeTraining: str('runId'),
  computeMaps: all(str('runId'), mapsRequest),
  getMap: all(str('runId'), str('method'), index),
  writeReport: str('runId'),
  deleteRun: str('runId'),
  listJobs: none,
  cancelJob: str('jobId'),
};

export function validateParams(call: LabCallName, params: unknown): string | null {
  if (!isObj(params)) return `${call}: params must be an object`;
  const problem = VALIDATORS[call](params);
  return problem === null ? null : `${call}: ${problem}`;
}
