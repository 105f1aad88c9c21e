/**
 * What the app's views of experiment 2 read (experimentView 'vae-concept' faces, run, reconstructions,
 * map; declared in definition.ts, their params in src/shared/experiments/vae-concept.ts). Every file name comes from a manifest, a metrics line or a
 * sidecar, so it is read through src/node/confine.ts: a name that leads outside its run or dataset folder reads
 * nothing. Errors are one line naming the run, dataset or file.
 */
import type { FaceItem, FacesDatasetManifest, VaeTrainEvent } from '../../../../shared/faces.ts';
import type { ConceptMapView, ConceptRunView, ReconstructionsView } from '../../../../shared/lab-api.ts';
import { LabError } from '../../../../shared/result.ts';
import { type RunManifest, isClassifierEvent } from '../../../../shared/run.ts';
import { readConfinedFileAsync, withConfinedFileAsync } from '../../../../node/confine.ts';
import { type MapReader, sharedMapReader } from '../../map-reader.ts';
import type { HostContext } from '../../host-context.ts';
import { CONCEPT_MAPS_DIR, readConceptComparisons, readConceptMapsSidecars, readConceptResult } from './concept-files.ts';
import { readFacesDataset } from './faces-dataset.ts';

const ORIGINALS = 'reconstructions/originals.bin';

/** A run this experiment made, or one line saying what it is instead. */
async function readVaeRun(host: HostContext, runId: string): Promise<RunManifest> {
  const run = await host.workspace.readRun(runId);
  if (run.config.model !== 'vae') throw new LabError('bad-input', `run "${runId}" trained a ${run.config.model}, not a VAE: open it in the black-box views`);
  return run;
}

function parseJson<T>(bytes: Buffer, name: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    throw new LabError('io', `${name}: not valid JSON (truncated or damaged)`);
  }
}

export async function facesItems(host: HostContext, datasetId: string): Promise<FaceItem[]> {
  const m = await readFacesDataset(host, datasetId);
  const items = parseJson<FaceItem[]>(await readConfinedFileAsync(host.workspace.datasetDir(datasetId), m.files.items), m.files.items);
  if (!Array.isArray(items) || items.length !== m.count) throw new LabError('io', `${m.files.items}: ${Array.isArray(items) ? items.length : 'no'} items, the manifest says ${m.count}`);
  return items;
}

async function vaeEvents(host: HostContext, runId: string): Promise<VaeTrainEvent[]> {
  return (await host.workspace.readMetrics(runId)).filter((e): e is VaeTrainEvent => !isClassifierEvent(e));
}

export async function conceptRun(host: HostContext, runId: string): Promise<ConceptRunView> {
  const manifest = await readVaeRun(host, runId);
  const dataset = await readFacesDataset(host, manifest.datasetId);
  const runDir = host.workspace.runDir(runId);
  const events = await vaeEvents(host, runId);
  const stored = await readConceptResult(runDir);
  const sidecars = await readConceptMapsSidecars(runDir, Object.keys(manifest.vae?.conceptMetrics ?? {}));
  const cfg = manifest.experimentConfig as { concept?: { latent?: 'mean' | 'sampled' } } | undefined;
  return {
    manifest,
    dataset,
    events,
    reconstructionEpochs: [...new Set(events.flatMap((e) => (e.type === 'epoch' ? [e.epoch] : [])))].sort((a, b) => a - b),
    concept:
      stored === null
        ? null
        : {
            attribute: stored.attribute,
            perGroup: stored.perGroup,
            auroc: stored.auroc,
            latent: cfg?.concept?.latent ?? 'mean',
            testIndices: stored.testIndices,
            testScores: stored.testScores,
            testLabels: stored.testLabels,
            ...(stored.testStyles ? { testStyles: stored.testStyles } : {}),
            ...(stored.aurocByStyle ? { aurocByStyle: stored.aurocByStyle } : {}),
            traversal: { indices: stored.traversal.indices, alphas: stored.traversal.alphas, size: stored.traversal.size, rgb: (await readConfinedFileAsync(runDir, stored.traversal.file)).toString('base64') },
          },
    maps:
      sidecars.length === 0
        ? null
        : {
            methods: sidecars.map((s) => ({ method: s.method, timesInput: s.timesInput, options: s.options, indices: s.indices, groups: s.groups, summary: s.summary, perImage: s.perImage, notHonoured: s.notHonoured ?? [] })),
            comparisons: await readConceptComparisons(runDir),
          },
  };
}

export async function reconstructions(host: HostContext, runId: string, epoch: number): Promise<ReconstructionsView> {
  await readVaeRun(host, runId);
  const runDir = host.workspace.runDir(runId);
  // The last event of that epoch: a resumed epoch replaces the interrupted one.
  const e = (await vaeEvents(host, runId))
    .reverse()
    .find((x): x is Extract<VaeTrainEvent, { type: 'epoch' }> => x.type === 'epoch' && x.epoch === epoch);
  if (e === undefined) throw new LabError('not-found', `run "${runId}" has no reconstructions of epoch ${epoch} yet`);
  const originals = await readConfinedFileAsync(runDir, ORIGINALS);
  const recon = await readConfinedFileAsync(runDir, e.reconstructionsFile);
  const k = e.reconstructionIndices.length;
  const size = Math.round(Math.sqrt(recon.length / 3 / Math.max(1, k)));
  if (k === 0 || size * size * 3 * k !== recon.length || originals.length !== recon.length) throw new LabError('io', `${e.reconstructionsFile}: ${recon.length} bytes, not ${k} RGB images the size of ${ORIGINALS}`);
  return { epoch, indices: e.reconstructionIndices, size, originals: originals.toString('base64'), reconstructions: recon.toString('base64') };
}

/**
 * One concept map at a time, through the host's one map reader (map-reader.ts): decoded maps are kept by
 * file and modification, byte-bounded, so stepping through faces does not re-read a method's .npy.
 */
export class ConceptMapReader {
  constructor(private readonly reader: MapReader = sharedMapReader) {}

  async read(host: HostContext, runId: string, method: string, index: number): Promise<ConceptMapView> {
    const run = await readVaeRun(host, runId);
    const runDir = host.workspace.runDir(runId);
    const sidecar = (await readConceptMapsSidecars(runDir, [method]))[0];
    if (sidecar === undefined) throw new LabError('not-found', `run "${runId}" has no ${method} concept maps`);
    const pos = sidecar.indices.indexOf(index);
    if (pos < 0) throw new LabError('not-found', `face ${index} was not explained in run "${runId}"`);
    const file = `${CONCEPT_MAPS_DIR}/${method}.npy`;
    const maps = (await this.reader.read(runDir, file)).data;
    const [n, h, w] = sidecar.shape;
    if (h !== w || maps.length < n * h * w * 3) throw new LabError('io', `${file}: shape ${sidecar.shape.join('×')} does not match the stored maps`);
    const size = h;
    const pixels = size * size;
    const values = new Array<number>(pixels);
    for (let p = 0; p < pixels; p++) {
      const o = (pos * pixels + p) * 3;
      values[p] = maps[o] + maps[o + 1] + maps[o + 2];
    }
    const dataset = await readFacesDataset(host, run.datasetId);
    if (dataset.size !== size) throw new LabError('io', `${file}: maps of ${size}², the dataset's faces are ${dataset.size}²`);
    const { rgb, mask } = await readFace(host.workspace.datasetDir(dataset.id), dataset, index);
    const inputMean = new Array<number>(pixels);
    for (let p = 0; p < pixels; p++) inputMean[p] = (rgb[p * 3] + rgb[p * 3 + 1] + rgb[p * 3 + 2]) / (3 * 255);
    return { method, index, group: sidecar.groups[pos], size, values, inputMean, mask: Array.from(mask), metrics: sidecar.perImage[pos] };
  }
}

async function readFace(dir: string, m: FacesDatasetManifest, index: number): Promise<{ rgb: Uint8Array; mask: Uint8Array }> {
  if (!(index >= 0 && index < m.count)) throw new LabError('not-found', `face ${index} is not in dataset "${m.id}" (${m.count} faces)`);
  const per = m.size * m.size;
  const rgb = new Uint8Array(per * 3);
  const mask = new Uint8Array(per);
  await withConfinedFileAsync(dir, m.files.images, (fh) => fh.read(rgb, 0, rgb.length, index * per * 3));
  await withConfinedFileAsync(dir, m.files.masks, (fh) => fh.read(mask, 0, mask.length, index * per));
  return { rgb, mask };
}
