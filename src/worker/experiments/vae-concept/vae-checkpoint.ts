/** The trained VAE of a run (its last checkpoint) and its concept vector (concept.json). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../../../shared/result.ts';
import { loadLayersModelFromDisk } from '../../engine/model-io.ts';
import { tf, tfl } from '../../engine/tf.ts';
import type { LayersModel } from '../../engine/tf.ts';
import { checkpointsDir, readLatestCheckpoint } from '../../training/checkpoint.ts';
import { type Vae, splitVae } from '../../models/vae.ts';

export const CONCEPT_FILE = 'concept.json';

export interface StoredConcept {
  attribute: string;
  vector: number[];
  perGroup: number;
  latent: 'mean' | 'sampled';
  seed: number;
  auroc: number;
}

export async function loadTrainedVae(runDir: string): Promise<Vae> {
  const ptr = readLatestCheckpoint(runDir);
  if (ptr === null) throw new LabError('not-found', `${runDir}: no trained VAE checkpoint (train first)`);
  return splitVae(await loadLayersModelFromDisk(join(checkpointsDir(runDir), ptr.dir)));
}

export function readConcept(runDir: string): StoredConcept {
  const p = join(runDir, CONCEPT_FILE);
  if (!existsSync(p)) throw new LabError('not-found', `${p}: no concept vector (run the concept step first)`);
  return JSON.parse(readFileSync(p, 'utf8')) as StoredConcept;
}

/** Disposes the weights of a VAE: encoder and decoder (the container itself holds none). */
export function disposeVae(v: Vae): void {
  v.vae.dispose();
}

/**
 * A copy of the trained encoder with its own weights, for an explaining adapter to own: a nested model
 * shares its weights and reference count with its container, so disposing one of them alone either
 * leaks the other's weights or disposes them twice.
 */
export async function loadStandaloneEncoder(runDir: string): Promise<LayersModel> {
  const v = await loadTrainedVae(runDir);
  try {
    let artifacts: tf.io.ModelArtifacts | null = null;
    await v.encoder.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    return await tfl.loadLayersModel(tf.io.fromMemory(artifacts!));
  } finally {
    disposeVae(v);
  }
}
