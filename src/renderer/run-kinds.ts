/** Which views can read a run, told from its manifest (a leaf module: stores and views both ask). */
import type { RunManifest } from '../shared/run.ts';

export type RunLike = Pick<RunManifest, 'config' | 'experiment'>;

/** A run that trained the VAE of experiment 2. */
export function isVaeRun(r: RunLike): boolean {
  return r.config.model === 'vae' || r.experiment === 'vae-concept';
}

/** A run the black-box views (training curves, maps, metrics) can read: the 3-conv classifier. */
export function isClassifierRun(r: RunLike): boolean {
  return r.config.model === 'blackbox-cnn';
}

/** A classifier run with a checkpoint: what the sweep and the analyses explain (the host refuses any other). */
export function isTrainedClassifierRun(r: RunLike & Pick<RunManifest, 'checkpointEpoch'>): boolean {
  return isClassifierRun(r) && r.checkpointEpoch > 0;
}
