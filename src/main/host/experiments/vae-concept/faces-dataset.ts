/** Builds a faces dataset (experiment 2) in the worker and publishes it into the workspace. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FacesDatasetConfig, FacesDatasetManifest } from '../../../../shared/faces.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import type { ProgressEvent } from '../../../../shared/worker-protocol.ts';
import { writeFileAtomic } from '../../../../node/atomic-write.ts';
import type { HostContext } from '../../host-context.ts';
import { newId } from '../../workspace.ts';
import { exists, readJsonFile } from '../../workspace-check.ts';

export async function createFacesDataset(host: HostContext, config: FacesDatasetConfig, hooks: { signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void }): Promise<FacesDatasetManifest> {
  await host.workspace.open();
  const id = newId('ds');
  const finalDir = host.workspace.datasetDir(id);
  const staging = await host.workspace.staging(finalDir);
  try {
    const built = unwrap(await host.callWorker('buildFaces', { config, stagingDir: staging }, { signal: hooks.signal, onEvent: hooks.onProgress }));
    const manifest: FacesDatasetManifest = {
      id,
      kind: 'faces',
      name: config.name ?? `${config.source.kind === 'generated' ? 'generated faces' : 'CelebA'} ${config.size}px × ${built.count}`,
      createdAt: new Date().toISOString(),
      config,
      sourceDescription: built.sourceDescription,
      size: config.size,
      count: built.count,
      attributeNames: built.attributeNames,
      attributeCounts: built.attributeCounts,
      splitCounts: built.splitCounts,
      eyeglassesStyles: built.eyeglassesStyles,
      eyeglassesSplit: built.eyeglassesSplit,
      skipped: built.skipped,
      files: { images: 'images.bin', items: 'items.json', masks: 'masks.bin' },
      seed: config.seed,
    };
    await writeFileAtomic(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await host.workspace.publish(staging, finalDir);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** A faces dataset's manifest, or one line saying why the dataset is not one. */
export async function readFacesDataset(host: HostContext, id: string): Promise<FacesDatasetManifest> {
  const p = join(host.workspace.datasetDir(id), 'manifest.json');
  if (!(await exists(p))) throw new LabError('not-found', `dataset "${id}" not found in ${host.workspace.datasetsDir}`);
  const m = (await readJsonFile(p, 'dataset manifest')) as { kind?: string };
  if (m.kind !== 'faces') throw new LabError('bad-input', `dataset "${id}" is a ${m.kind ?? 'black-box'} dataset, not faces`);
  return m as FacesDatasetManifest;
}
