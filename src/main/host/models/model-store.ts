/**
 * The workspace's model cache (issue 9): `models/<id>/` with the model's files and a manifest (name,
 * kind, input size, preprocessing, class names). Imports copy a local file or folder, or download a URL,
 * into a staging folder, let a worker load it (a model that does not load is refused, one line), and only
 * then publish it.
 */
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { LabError } from '../../../shared/result.ts';
import { KERAS_GRAPHS, MODEL_KINDS, type KerasGraph, type ModelInspection, type ModelKind, type ModelManifest, type ModelRef } from '../../../shared/models.ts';
import { PREPROCESSING_IDS } from '../../../shared/preprocessing.ts';
import type { PreprocessingId } from '../../../shared/preprocessing.ts';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { downloadWithResume } from '../download.ts';
import { confinedPathAsync, copyRegularFile, readRegularFileAsync } from '../../../node/confine.ts';
import type { HostContext } from '../host-context.ts';
import { newId } from '../workspace.ts';
import { exists, oneLine, readJsonFile } from '../workspace-check.ts';
import { KERAS_RESNET50, downloadVerified } from './keras-weights.ts';

export interface ImportHooks {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, stage: string) => void;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** A weight path from a model.json that may be copied or fetched: a plain relative name inside the folder. */
function safeWeightName(p: unknown, source: string): string {
  if (typeof p !== 'string' || p === '' || p.includes('\0') || p.startsWith('/') || p.startsWith('\\') || /^[a-zA-Z]:/.test(p) || p.split(/[\\/]/).includes('..')) {
    throw new LabError('bad-input', `${source}: weight path ${JSON.stringify(String(p).slice(0, 200))} must be a relative name inside the model folder`);
  }
  return p;
}

/** A model.json's text, parsed: its weight paths (each checked) and its kind. */
function parseModelJson(text: string, source: string): { weights: string[]; kind: ModelKind } {
  let json: { weightsManifest?: Array<{ paths?: unknown[] }>; format?: unknown };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    throw new LabError('bad-input', `${source}: not a model.json (invalid JSON)`);
  }
  if (typeof json !== 'object' || json === null || !Array.isArray(json.weightsManifest)) throw new LabError('bad-input', `${source}: not a TF.js model.json (no weightsManifest)`);
  const weights = json.weightsManifest.flatMap((g) => (Array.isArray(g?.paths) ? g.paths : []).map((p) => safeWeightName(p, source)));
  // A weight named like model.json would replace the checked model.json with an unchecked download, and
  // a name given twice would be fetched twice over itself.
  const clash = weights.find((w, i) => w.replace(/^\.\//, '') === 'model.json' || weights.indexOf(w) !== i);
  if (clash !== undefined) throw new LabError('bad-input', `${source}: weight path ${JSON.stringify(clash.slice(0, 200))} ${weights.indexOf(clash) !== weights.lastIndexOf(clash) ? 'is named twice' : 'is the model.json itself'}`);
  return { weights, kind: json.format === 'graph-model' ? 'graph' : 'layers' };
}

/** model.json is small; anything this large is not one (and would sit in the host's memory). */
const MAX_MODEL_JSON_BYTES = 64 * 2 ** 20;

/**
 * The URL of a weight file named in a model.json fetched from `jsonUrl`: the name is checked once as
 * written and once percent-decoded (`%2e%2e` is `..` to a server), and the result must be on the same
 * origin as model.json, below its folder.
 */
export function weightUrl(p: string, jsonUrl: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(p);
  } catch {
    throw new LabError('bad-input', `${jsonUrl}: weight path ${JSON.stringify(p.slice(0, 200))} is not a valid URL path`);
  }
  safeWeightName(p, jsonUrl);
  try {
    safeWeightName(decoded, jsonUrl);
  } catch {
    throw new LabError('bad-input', `${jsonUrl}: weight path ${JSON.stringify(p.slice(0, 200))} must be a relative name inside the model folder (decoded: ${JSON.stringify(decoded.slice(0, 200))})`);
  }
  if (/[?#]/.test(p) || /^[a-z][a-z0-9+.-]*:/i.test(decoded)) throw new LabError('bad-input', `${jsonUrl}: weight path ${JSON.stringify(p.slice(0, 200))} must be a file name relative to model.json`);
  const base = new URL(jsonUrl);
  const url = new URL(p, base);
  const folder = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
  if (url.origin !== base.origin || !url.pathname.startsWith(folder)) {
    throw new LabError('bad-input', `${jsonUrl}: weight path ${JSON.stringify(p.slice(0, 200))} leads outside the model's folder on ${base.origin}`);
  }
  return url.href;
}

/** What is wrong with a parsed model manifest, or null: the fields the lab reads before it loads a model. */
function manifestProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not an object';
  const m = v as Partial<ModelManifest>;
  if (typeof m.id !== 'string' || typeof m.name !== 'string' || typeof m.createdAt !== 'string') return 'no id, name or date';
  if (!MODEL_KINDS.includes(m.kind as ModelKind)) return `unknown kind ${JSON.stringify(m.kind)}`;
  if (typeof m.entry !== 'string' || m.entry === '' || m.entry.includes('/') || m.entry.includes('\\') || m.entry.startsWith('.')) return 'no entry file name';
  if (!Array.isArray(m.inputSize) || m.inputSize.length !== 3 || !m.inputSize.every((n) => Number.isInteger(n) && n > 0)) return 'inputSize is not [H, W, C]';
  if (!PREPROCESSING_IDS.includes(m.preprocessing as PreprocessingId)) return `unknown preprocessing ${JSON.stringify(m.preprocessing)}`;
  if (!Number.isInteger(m.outputCount) || !Array.isArray(m.notes)) return 'no output count or notes';
  if (m.kerasGraph !== undefined && !KERAS_GRAPHS.includes(m.kerasGraph)) return `unknown graph ${JSON.stringify(m.kerasGraph)}`;
  return null;
}

/** What `model list` shows for a model folder that cannot be used. */
function brokenModel(id: string, problem: string, when: string): ModelManifest {
  return { id, name: `${id} (broken)`, kind: 'layers', createdAt: when, source: '', entry: '', files: [], inputSize: [0, 0, 0], preprocessing: 'unit', classNames: null, outputCount: 0, architecture: '', notes: [], broken: problem };
}

export class ModelStore {
  constructor(private readonly host: HostContext) {}

  get dir(): string {
    return join(this.host.workspace.root, 'models');
  }

  modelDir(id: string): string {
    if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) throw new LabError('bad-input', `"${id}" is not a valid model id`);
    return join(this.dir, id);
  }

  entryPath(m: ModelManifest): string {
    return join(this.modelDir(m.id), m.entry);
  }

  /** What a worker loads for a cached model: its entry file, and for a Keras .h5 the graph chosen at import. */
  refOf(m: ModelManifest): ModelRef {
    return { kind: m.kind, path: this.entryPath(m), ...(m.kerasGraph ? { kerasGraph: m.kerasGraph } : {}) };
  }

  /** A model's manifest, checked enough that using it cannot go wrong silently; one line naming the file if not. */
  async read(id: string): Promise<ModelManifest> {
    const p = join(this.modelDir(id), 'manifest.json');
    if (!(await exists(p))) throw new LabError('not-found', `model "${id}" not found in ${this.dir}`);
    const m = (await readJsonFile(p, 'model manifest', (v) => manifestProblem(v) ?? ((v as ModelManifest).id !== id ? `its id is "${String((v as ModelManifest).id)}", the folder's "${id}"` : null))) as ModelManifest;
    if (!(await exists(this.entryPath(m)))) throw new LabError('io', `${this.entryPath(m)}: the model's ${m.entry} is missing`);
    return m;
  }

  /** Every model in the cache, newest first; a folder whose manifest or entry file is damaged is listed as broken. */
  async list(): Promise<ModelManifest[]> {
    if (!(await exists(this.dir))) return [];
    const found = await Promise.all(
      (await readdir(this.dir)).map(async (id): Promise<ModelManifest[]> => {
        if (id.includes('.staging') || !/^[a-z0-9][a-z0-9-]{0,80}$/.test(id)) return [];
        const st = await stat(join(this.dir, id));
        if (!st.isDirectory()) return [];
        const manifestPath = join(this.dir, id, 'manifest.json');
        if (!(await exists(manifestPath))) return [brokenModel(id, `${manifestPath}: the model manifest is missing`, st.mtime.toISOString())];
        try {
          return [await this.read(id)];
        } catch (e) {
          return [brokenModel(id, oneLine(e), st.mtime.toISOString())];
        }
      }),
    );
    return found.flat().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** A usable model by id or by name (names are not unique: the newest wins); broken ones are not found. */
  async find(idOrName: string): Promise<ModelManifest | undefined> {
    const usable = (await this.list()).filter((m) => m.broken === undefined);
    return usable.find((m) => m.id === idOrName) ?? usable.find((m) => m.name === idOrName);
  }

  /** Imports a Keras .h5 file, a TF.js model folder / model.json, or a URL of either. */
  async import(source: string, opts: ImportHooks & { name?: string; id?: string; preprocessing?: PreprocessingId; kerasGraph?: KerasGraph } = {}): Promise<ModelManifest> {
    const id = opts.id ?? newId('model');
    const finalDir = this.modelDir(id);
    if (await exists(finalDir)) throw new LabError('bad-input', `model "${id}" already exists`);
    const staging = `${finalDir}.staging-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    try {
      const { kind, entry, files } = isUrl(source) ? await this.fetch(source, staging, opts) : await this.copy(source, staging);
      opts.onProgress?.(0, 1, 'loading the model');
      const size = kind === 'keras-h5' ? 224 : undefined;
      const inspected = await this.host.callWorker('inspectModel', { kind, path: join(staging, entry), size, ...(opts.kerasGraph ? { kerasGraph: opts.kerasGraph } : {}) }, { signal: opts.signal });
      // A refusal names the file the user gave, not its staged copy.
      if (!inspected.ok) throw new LabError(inspected.error.kind, inspected.error.message.split(join(staging, entry)).join(source).split(staging).join(source), inspected.error.details);
      const inspection = inspected.value;
      const manifest = this.manifestFor(id, source, kind, entry, files, inspection, opts);
      await writeFileAtomic(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
      await rename(staging, finalDir);
      return manifest;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** The Keras ResNet50 ImageNet weights in the cache, downloaded (resumable, MD5-checked) on first use. */
  async ensureKerasResnet50(hooks: ImportHooks = {}): Promise<ModelManifest> {
    if (await exists(join(this.modelDir(KERAS_RESNET50.id), 'manifest.json'))) return this.read(KERAS_RESNET50.id);
    const cache = join(this.host.workspace.root, 'cache');
    await mkdir(cache, { recursive: true });
    const file = await downloadVerified({
      url: KERAS_RESNET50.url,
      dest: join(cache, KERAS_RESNET50.fileName),
      md5: KERAS_RESNET50.md5,
      signal: hooks.signal,
      onProgress: (done, total) => hooks.onProgress?.(done, total, 'downloading ResNet50 weights'),
    });
    const m = await this.import(file, { ...hooks, id: KERAS_RESNET50.id, name: 'Keras ResNet50 (ImageNet)', preprocessing: 'caffe' });
    await rm(file, { force: true }); // the cache copy is the model's own now
    return m;
  }

  private manifestFor(id: string, source: string, kind: ModelKind, entry: string, files: string[], inspection: ModelInspection, opts: { name?: string; preprocessing?: PreprocessingId }): ModelManifest {
    const [h, w, c] = inspection.inputShape;
    return {
      id,
      name: opts.name ?? (basename(source.replace(/[\\/]model\.json$/, '')) || id),
      kind,
      createdAt: new Date().toISOString(),
      source: id === KERAS_RESNET50.id ? KERAS_RESNET50.url : source,
      entry,
      files,
      inputSize: [h ?? 224, w ?? 224, c ?? 3],
      // A Keras ResNet .h5 was trained with caffe preprocessing; for anything else the user says (default [0, 1]).
      preprocessing: opts.preprocessing ?? (kind === 'keras-h5' ? 'caffe' : 'unit'),
      classNames: inspection.outputCount === 1000 ? 'imagenet' : null,
      outputCount: inspection.outputCount,
      architecture: inspection.architecture,
      ...(inspection.kerasNaming ? { kerasNaming: inspection.kerasNaming } : {}),
      ...(inspection.kerasGraph ? { kerasGraph: inspection.kerasGraph } : {}),
      notes: inspection.notes,
    };
  }

  /**
   * Copies a local model into staging, off the main thread and never blocking on it: only regular files
   * (a FIFO or device is refused at once), and a model folder's files only from inside that folder after
   * symlinks are resolved (a symlinked weights.bin pointing elsewhere is refused, not copied).
   */
  private async copy(source: string, staging: string): Promise<{ kind: ModelKind; entry: string; files: string[] }> {
    let st;
    try {
      st = await stat(source);
    } catch {
      throw new LabError('bad-input', `${source}: not found`);
    }
    const ext = extname(source).toLowerCase();
    if (!st.isDirectory() && (ext === '.h5' || ext === '.hdf5')) {
      await copyRegularFile(source, join(staging, 'weights.h5'), source);
      return { kind: 'keras-h5', entry: 'weights.h5', files: ['weights.h5'] };
    }
    if (!st.isDirectory() && !basename(source).toLowerCase().endsWith('.json')) {
      throw new LabError('bad-input', `${source}: not a model (expected a Keras .h5 file, or a TF.js model folder / model.json)`);
    }
    const folder = st.isDirectory() ? source : dirname(source);
    const modelJson = st.isDirectory() ? join(source, 'model.json') : source;
    const inside = async (name: string, label: string) => {
      try {
        return await confinedPathAsync(folder, name);
      } catch (e) {
        if (e instanceof LabError && e.kind === 'not-found') throw new LabError('bad-input', `${label} not found`);
        throw new LabError('bad-input', `${label} leads outside the model folder`);
      }
    };
    // A folder's model.json is the folder's; a model.json the user named is taken as named.
    const jsonReal = st.isDirectory() ? await inside('model.json', `${source}: model.json`) : source;
    const text = (await readRegularFileAsync(jsonReal, modelJson, { noFollow: st.isDirectory(), maxBytes: MAX_MODEL_JSON_BYTES })).toString('utf8');
    const { weights, kind } = parseModelJson(text, modelJson);
    await writeFile(join(staging, 'model.json'), text);
    for (const p of weights) {
      const label = `${modelJson}: weight file "${p}"`;
      const real = await inside(p, label);
      await mkdir(dirname(join(staging, p)), { recursive: true });
      await copyRegularFile(real, join(staging, p), label, { noFollow: true });
    }
    return { kind, entry: 'model.json', files: ['model.json', ...weights] };
  }

  private async fetch(url: string, staging: string, hooks: ImportHooks): Promise<{ kind: ModelKind; entry: string; files: string[] }> {
    const get = (from: string, to: string, sameOrigin: string | undefined) =>
      downloadWithResume(from, to, {
        signal: hooks.signal,
        sameOrigin,
        offline: { command: 'without a network: saliency-lab model import PATH (a local folder, model.json or .h5 file)', inApp: 'without a network, import the model from a local folder, model.json or .h5 file instead (Models → Import with its path)' },
        onProgress: (done, total) => hooks.onProgress?.(done, total, `downloading ${basename(to)}`),
      });
    if (/\.(h5|hdf5)(\?.*)?$/i.test(url)) {
      await get(url, join(staging, 'weights.h5'), undefined);
      return { kind: 'keras-h5', entry: 'weights.h5', files: ['weights.h5'] };
    }
    const jsonUrl = /\.json(\?.*)?$/i.test(url) ? url : `${url.replace(/\/$/, '')}/model.json`;
    await get(jsonUrl, join(staging, 'model.json'), undefined);
    const text = (await readRegularFileAsync(join(staging, 'model.json'), jsonUrl, { maxBytes: MAX_MODEL_JSON_BYTES })).toString('utf8');
    const { weights, kind } = parseModelJson(text, jsonUrl);
    // Every weight URL is checked before any is fetched: a model.json cannot make the lab ask other hosts.
    const urls = weights.map((p) => weightUrl(p, jsonUrl));
    for (const [i, p] of weights.entries()) {
      await mkdir(dirname(join(staging, p)), { recursive: true });
      await get(urls[i], join(staging, p), new URL(jsonUrl).origin);
    }
    return { kind, entry: 'model.json', files: ['model.json', ...weights] };
  }
}
