/**
 * The black-box kind's datasets (issue 17: nothing black-box-shaped left in LabHost): Imagenette
 * downloaded with resume into the workspace cache, and a dataset of backgrounds with black boxes built in
 * the worker into a staging folder and published whole. Every door ends here (the Datasets view, `dataset
 * create`, the experiment's first stage), so the config is parsed here, once: what the manifest records
 * is what was built.
 */
import { rm } from 'node:fs/promises';
import { exists } from '../../workspace-check.ts';
import { join } from 'node:path';
import type { BlackboxDatasetConfig, DatasetManifest } from '../../../../shared/dataset.ts';
import { parseOrThrow } from '../../../../shared/schemas/check.ts';
import { BlackboxDatasetConfigSchema } from '../../../../shared/schemas/dataset.ts';
import { type Result, attempt, unwrap } from '../../../../shared/result.ts';
import type { HostContext, JobHooks } from '../../host-context.ts';
import { downloadWithResume } from '../../download.ts';
import { newId } from '../../workspace.ts';

export const IMAGENETTE_URL = 'https://s3.amazonaws.com/fast-ai-imageclas/imagenette2-160.tgz';

/** Downloads Imagenette (resumable) into the workspace cache; returns the archive path. */
export function downloadImagenette(host: HostContext, hooks: JobHooks & { url?: string; sha256?: string } = {}): Promise<Result<string>> {
  return attempt(async () => {
    await host.workspace.open();
    const url = hooks.url ?? IMAGENETTE_URL;
    const dest = join(host.workspace.cacheDir, new URL(url).pathname.split('/').pop() || 'download.tgz');
    if (await exists(dest)) return dest;
    const r = await downloadWithResume(url, dest, {
      signal: hooks.signal,
      sha256: hooks.sha256,
      offline: { command: 'without a network, build it from a local copy of Imagenette: --source PATH (a folder or .tgz)', inApp: 'without a network, build it from a local copy of Imagenette: Datasets → Source "folder" or ".tgz archive" with its path' },
      onProgress: (done, total) => hooks.onProgress?.({ type: 'progress', done, total, stage: 'downloading' }),
    });
    return r.path;
  });
}

export function createBlackboxDataset(host: HostContext, request: BlackboxDatasetConfig, hooks: JobHooks = {}): Promise<Result<DatasetManifest>> {
  return attempt(async () => {
    const config = parseOrThrow(BlackboxDatasetConfigSchema, request, 'createDataset');
    await host.workspace.open();
    let source = config.source;
    if (source.kind === 'imagenette' && source.archive === undefined) {
      source = { ...source, archive: unwrap(await downloadImagenette(host, { ...hooks, url: source.url })) };
    }
    const id = newId('ds');
    const finalDir = host.workspace.datasetDir(id);
    const staging = await host.workspace.staging(finalDir);
    try {
      const built = unwrap(await host.callWorker('buildDataset', { config: { ...config, source }, stagingDir: staging }, { onEvent: hooks.onProgress, signal: hooks.signal }));
      const manifest: DatasetManifest = {
        id,
        kind: 'blackbox',
        name: config.name ?? `${config.source.kind} ${config.size}px × ${config.count}`,
        createdAt: new Date().toISOString(),
        config: { ...config, source },
        sourceDescription: built.sourceDescription,
        size: config.size,
        count: config.count,
        counts: { withBox: built.withBox, withoutBox: built.withoutBox, skipped: built.skipped.length },
        skipped: built.skipped,
        files: { images: 'images.bin', items: 'items.json' },
        seed: config.seed,
      };
      await host.workspace.writeDatasetManifest(staging, manifest);
      await host.workspace.publish(staging, finalDir);
      return manifest;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  });
}
