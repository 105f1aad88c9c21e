/**
 * The weighted layers of a run's latest checkpoint, read from its model.json (the weights manifest names
 * each weight `<layer>/<weight>`), input side first. The randomisation analysis plans its steps from them
 * before any worker call: one step per layer, so the list must come from the checkpoint that will be
 * randomised, not from what the architecture is expected to be. The worker then finds each by name.
 */
import { join } from 'node:path';
import { LabError } from '../../../../shared/result.ts';
import { readJsonFile } from '../../workspace-check.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function checkpointWeightedLayers(runDir: string): Promise<string[]> {
  const root = join(runDir, 'checkpoints');
  const ptr = (await readJsonFile(join(root, 'latest.json'), 'checkpoint pointer', (v) => (isObject(v) && typeof v.dir === 'string' && /^epoch-\d+$/.test(v.dir) ? null : 'no checkpoint folder'))) as { dir: string };
  const path = join(root, ptr.dir, 'model.json');
  const model = (await readJsonFile(path, 'checkpoint model.json', (v) => (isObject(v) && Array.isArray(v.weightsManifest) ? null : 'no weightsManifest'))) as {
    weightsManifest: Array<{ weights?: Array<{ name?: unknown }> }>;
  };
  const layers: string[] = [];
  for (const group of model.weightsManifest) {
    for (const w of group.weights ?? []) {
      const name = typeof w.name === 'string' ? w.name : '';
      const slash = name.lastIndexOf('/');
      if (slash <= 0) throw new LabError('io', `${path}: weight ${JSON.stringify(name).slice(0, 80)} is not named <layer>/<weight>`);
      const layer = name.slice(0, slash);
      if (!layers.includes(layer)) layers.push(layer);
    }
  }
  if (layers.length === 0) throw new LabError('io', `${path}: the checkpoint has no weights to randomise`);
  return layers;
}
