/** `saliency-lab dataset blackbox [--source generated|imagenette|PATH] [--size 64] [--count 4000] [--seed 1]` */
import { existsSync } from 'node:fs';
import { DEFAULT_BLACKBOX_DATASET, type BlackboxDatasetConfig, type DatasetSource } from '../../../shared/dataset.ts';
import { LabError, unwrap } from '../../../shared/result.ts';
import { type Flags, flagNumeric, given, parseFlags } from '../flags.ts';
import { BlackboxDatasetConfigSchema } from '../../../shared/schemas/dataset.ts';
import { hostFromFlags, interruptSignal } from '../host-from-flags.ts';
import { progressLine } from '../progress.ts';
import type { LabHost } from '../../host/lab-host.ts';
import type { DatasetManifest } from '../../../shared/dataset.ts';
import { createBlackboxDataset } from '../../host/experiments/blackbox/dataset.ts';

export const DATASET_FLAGS = {
  source: { type: 'string' },
  size: { type: 'string' },
  count: { type: 'string' },
  seed: { type: 'string' },
  name: { type: 'string' },
  url: { type: 'string' },
  backend: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export function parseSource(value: string | undefined, url?: string): DatasetSource {
  if (value === undefined || value === 'generated') return { kind: 'generated' };
  if (value === 'imagenette') return { kind: 'imagenette', ...(url ? { url } : {}) };
  if (!existsSync(value)) throw new LabError('bad-input', `--source: ${value}: not found (use generated, imagenette or a folder / .tgz path)`);
  if (/\.(tgz|tar\.gz)$/i.test(value)) return { kind: 'imagenette', archive: value };
  return { kind: 'folder', path: value };
}

/** The dataset config the flags ask for, parsed with the contract's schema; problems name the flag. */
export function datasetConfigFromFlags(flags: Flags, defaults: Partial<BlackboxDatasetConfig> = {}): BlackboxDatasetConfig {
  const raw = {
    ...DEFAULT_BLACKBOX_DATASET,
    ...defaults,
    source: parseSource(flags.source as string | undefined, flags.url as string | undefined),
    ...given({ size: flagNumeric(flags, 'size'), count: flagNumeric(flags, 'count'), seed: flagNumeric(flags, 'seed'), name: flags.name }),
  };
  return parseFlags(BlackboxDatasetConfigSchema, raw, { source: 'source', 'source.url': 'url', size: 'size', count: 'count', seed: 'seed', name: 'name' });
}

export async function buildDatasetWithProgress(host: LabHost, config: BlackboxDatasetConfig, signal: AbortSignal): Promise<DatasetManifest> {
  const progress = progressLine();
  try {
    return unwrap(await createBlackboxDataset(host, config, { signal, onProgress: (e) => progress.update(e.done, e.total, e.stage) }));
  } finally {
    progress.end();
  }
}

export async function datasetCommand(flags: Flags, positionals: string[]): Promise<void> {
  if (positionals[0] !== 'blackbox') throw new LabError('bad-input', `dataset: expected "blackbox", got "${positionals[0] ?? ''}"`);
  const config = datasetConfigFromFlags(flags);
  const host = await hostFromFlags(flags);
  const { signal, dispose } = interruptSignal();
  try {
    const m = await buildDatasetWithProgress(host, config, signal);
    if (flags.json === true) process.stdout.write(JSON.stringify({ datasetId: m.id, dir: host.workspace.datasetDir(m.id), counts: m.counts, skipped: m.skipped }) + '\n');
    else process.stderr.write(`dataset ${m.id}: ${m.count} images ${m.size}px (${m.counts.withBox} with a box, ${m.counts.skipped} skipped) in ${host.workspace.datasetDir(m.id)}\n`);
  } finally {
    dispose();
    await host.close();
  }
}
