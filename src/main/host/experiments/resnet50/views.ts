/**
 * What the app's views of experiment 3 read (experimentView resnet50 run, map, input; declared in
 * definition.ts, their params in src/shared/experiments/resnet50.ts). A `resnet50` run's maps stage writes model-maps.json (names, top-5, zero-point
 * numbers, Fig. 3b points), saliency/<method>.npy ([N, H, W, 3], the model's channel order) and
 * inputs.npy (raw RGB in [0, 1]); files are read through src/node/confine.ts, errors are one line naming the run
 * or file. Maps and inputs travel as base64 float32 (a 224² map as JSON numbers is ~1 MB).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { edgesFromCentres } from '../../../../shared/binning.ts';
import type { ModelInputView, ModelMapView, ModelRunResults, ModelRunView } from '../../../../shared/lab-api.ts';
import type { ModelMapsResult } from '../../../../shared/models.ts';
import type { PreprocessingId } from '../../../../shared/preprocessing.ts';
import { LabError } from '../../../../shared/result.ts';
import type { RunManifest } from '../../../../shared/run.ts';
import type { SaliencyOptions } from '../../../../shared/saliency.ts';
import { type MapReader, sharedMapReader } from '../../map-reader.ts';
import type { HostContext } from '../../host-context.ts';
import { className } from '../../models/imagenet-classes.ts';
import { readJsonFile } from '../../workspace-check.ts';

export const MODEL_MAPS_FILE = 'model-maps.json';
const INPUTS_FILE = 'inputs.npy';

/** model-maps.json as the worker writes it (src/worker/experiments/resnet50/pipeline.ts). */
export type StoredModelMaps = ModelMapsResult & { preset: PreprocessingId; size: number; options: SaliencyOptions; scatter: Record<string, Array<{ x: number[]; s: number[] }>> };

/**
 * The distance bins of a stored run (src/shared/binning.ts): centres, edges, elements per bin (the same
 * for every method) and the minimum count. Files from before the minimum let every non-empty bin be the
 * lowest (1); their edges follow from the centres.
 */
export function storedBinning(r: ModelMapsResult): { bins: number[]; binEdges: number[]; binCounts: number[]; minBinCount: number } {
  const old = r as Partial<Pick<ModelMapsResult, 'binEdges' | 'minBinCount'>>;
  return {
    bins: r.bins,
    binEdges: old.binEdges ?? edgesFromCentres(r.bins),
    binCounts: Object.values(r.methods)[0]?.counts ?? r.bins.map(() => 0),
    minBinCount: old.minBinCount ?? 1,
  };
}

function checkStored(v: unknown): string | null {
  const r = v as Partial<StoredModelMaps> | null;
  if (typeof r !== 'object' || r === null) return 'not an object';
  if (!Array.isArray(r.names) || !Array.isArray(r.top5) || r.top5.length !== r.names.length) return 'names and top-5 missing or of different lengths';
  if (typeof r.methods !== 'object' || r.methods === null || !Array.isArray(r.bins)) return 'no methods or bins';
  if (!(Number.isInteger(r.size) && (r.size as number) > 0)) return 'no image size';
  return null;
}

/** A run experiment 3 made, or one line saying what it is instead. */
async function readModelRun(host: HostContext, runId: string): Promise<RunManifest> {
  const run = await host.workspace.readRun(runId);
  if (run.experiment !== 'resnet50') throw new LabError('bad-input', `run "${runId}" is a ${run.experiment ?? 'blackbox'} run, not a resnet50 run: open it in its own view`);
  return run;
}

async function readStored(host: HostContext, runId: string): Promise<StoredModelMaps | null> {
  const runDir = host.workspace.runDir(runId);
  try {
    await stat(join(runDir, MODEL_MAPS_FILE));
  } catch {
    return null;
  }
  return (await readJsonFile(join(runDir, MODEL_MAPS_FILE), 'experiment-3 results', checkStored)) as StoredModelMaps;
}

export async function modelRun(host: HostContext, runId: string): Promise<ModelRunView> {
  const manifest = await readModelRun(host, runId);
  const r = await readStored(host, runId);
  if (r === null) return { manifest, results: null };
  const classes = r.inspection.outputCount;
  const cfg = manifest.experimentConfig as { target?: number | null } | undefined;
  const results: ModelRunResults = {
    inspection: r.inspection,
    backend: r.backend,
    preset: r.preset,
    zeroPoint: r.zeroPoint,
    size: r.size,
    options: r.options,
    names: r.names,
    skipped: r.skipped,
    top5: r.top5.map((t) => t.map((c) => ({ ...c, name: className(c.index, classes) }))),
    targets: r.targets.map((index) => ({ index, name: className(index, classes) })),
    targetFixed: typeof cfg?.target === 'number',
    ...storedBinning(r),
    methods: Object.entries(r.methods).map(([method, v]) => ({ method, ...v })),
    notHonoured: r.notHonoured,
  };
  return { manifest, results };
}

const base64 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

/** A run's maps and inputs, one image at a time, through the host's one map reader (map-reader.ts). */
export class ModelMapReader {
  constructor(private readonly reader: MapReader = sharedMapReader) {}

  private async stored(host: HostContext, runId: string, index: number): Promise<{ r: StoredModelMaps; runDir: string }> {
    await readModelRun(host, runId);
    const r = await readStored(host, runId);
    if (r === null) throw new LabError('not-found', `run "${runId}" has no maps yet`);
    if (!(index < r.names.length)) throw new LabError('not-found', `image ${index} is not in run "${runId}" (${r.names.length} images)`);
    return { r, runDir: host.workspace.runDir(runId) };
  }

  async map(host: HostContext, runId: string, method: string, index: number): Promise<ModelMapView> {
    const { r, runDir } = await this.stored(host, runId, index);
    if (!(method in r.methods)) throw new LabError('not-found', `run "${runId}" has no ${method} maps (it has ${Object.keys(r.methods).join(', ')})`);
    const file = `saliency/${method}.npy`;
    const { data, shape } = await this.reader.read(runDir, file);
    const size = r.size;
    const pixels = size * size;
    if (shape[1] !== size || shape[2] !== size || data.length < (index + 1) * pixels * 3) throw new LabError('io', `${file}: shape ${shape.join('×')} does not match ${r.names.length} images of ${size}²`);
    const values = new Float32Array(pixels);
    for (let p = 0; p < pixels; p++) {
      const o = (index * pixels + p) * 3;
      values[p] = data[o] + data[o + 1] + data[o + 2];
    }
    return { method, index, size, values: base64(values), scatter: { ...(r.scatter[method]?.[index] ?? { x: [], s: [] }), pixels } };
  }

  async input(host: HostContext, runId: string, index: number): Promise<ModelInputView> {
    const { r, runDir } = await this.stored(host, runId, index);
    const { data, shape } = await this.reader.read(runDir, INPUTS_FILE);
    const per = r.size * r.size * 3;
    if (shape[1] !== r.size || data.length < (index + 1) * per) throw new LabError('io', `${INPUTS_FILE}: shape ${shape.join('×')} does not match ${r.names.length} images of ${r.size}²`);
    return { index, name: r.names[index], size: r.size, raw: base64(data.subarray(index * per, (index + 1) * per)) };
  }
}
