/**
 * What a report's first page says about where its numbers came from (issue 19): the run, its configs
 * and seeds, the dataset and model by content hash (so two reports can be told to come from the same
 * data and weights, whatever their ids), versions and the engine. Hashes are SHA-256, first 16 hex digits.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { exists } from '../workspace-check.ts';
import { join } from 'node:path';
import type { RunManifest } from '../../../shared/run.ts';
import type { Workspace } from '../workspace.ts';
import { esc } from './report-page.ts';

async function fileHash(path: string): Promise<string | null> {
  if (!(await exists(path))) return null;
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex').slice(0, 16);
}

/** The run's latest checkpoint's weights, hashed; null when it has none (a ResNet50 run's model is in the cache). */
async function modelHash(runDir: string): Promise<string | null> {
  const pointer = join(runDir, 'checkpoints', 'latest.json');
  if (!(await exists(pointer))) return null;
  try {
    const { dir } = JSON.parse(await readFile(pointer, 'utf8')) as { dir: string };
    return typeof dir === 'string' && /^epoch-\d+$/.test(dir) ? fileHash(join(runDir, 'checkpoints', dir, 'weights.bin')) : null;
  } catch {
    return null;
  }
}

const seedsOf = (v: unknown, path = ''): string[] =>
  typeof v !== 'object' || v === null ? [] : Object.entries(v).flatMap(([k, x]) => (k === 'seed' && typeof x === 'number' ? [`${path}${k} ${x}`] : seedsOf(x, `${path}${k}.`)));

export async function provenanceRows(workspace: Workspace, run: RunManifest): Promise<Array<[string, string]>> {
  const runDir = workspace.runDir(run.id);
  // A ResNet50 run reads an image folder, not a workspace dataset: it has no dataset id to hash.
  const datasetHash = run.datasetId === '' ? null : await fileHash(join(workspace.datasetDir(run.datasetId), 'images.bin'));
  const model = await modelHash(runDir);
  const engine = run.backend === null ? 'not recorded' : `${run.backend.name}${run.backend.threads === undefined ? '' : ` (${run.backend.threads} threads${run.backend.simd ? ', SIMD' : ''})`} · TF.js ${run.backend.tfjsVersion}`;
  const seeds = [...new Set([...seedsOf(run.experimentConfig), ...seedsOf({ train: run.config })])];
  return [
    ['run', `${run.id} · ${run.experiment ?? run.kind} · ${run.status} · created ${run.createdAt.slice(0, 19).replace('T', ' ')} UTC`],
    ['seeds', seeds.length > 0 ? seeds.join(', ') : 'none recorded'],
    ['dataset', run.datasetId === '' ? 'none in the workspace (the images are listed below)' : `${run.datasetId}${datasetHash === null ? '' : ` · images sha256 ${datasetHash}`}`],
    ['model weights', model === null ? 'no checkpoint in the run (see the model above)' : `sha256 ${model} (epoch ${run.checkpointEpoch})`],
    ['training config', JSON.stringify(run.config)],
    ...(run.experimentConfig === undefined ? [] : [['experiment config', JSON.stringify(run.experimentConfig)] as [string, string]]),
    ['versions', Object.entries(run.versions ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['engine', engine],
  ];
}

/** The provenance block: a small table that stays on the first page. */
export function provenanceBlock(rows: Array<[string, string]>): string {
  return `<details class="provenance" open><summary>Provenance</summary><table class="kv prov">${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table></details>`;
}
