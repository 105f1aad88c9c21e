/**
 * Worker handler: builds a faces dataset (experiment 2) into a staging folder that the host publishes:
 * generated faces (default, offline) or a CelebA import. Writes images.bin, masks.bin and items.json.
 */
import type { BuildFacesJob, BuildFacesResult, EyeglassesStyle, FaceItem, FaceSplit } from '../../../shared/faces.ts';
import { DARK_LENS_THRESHOLD, GENERATED_FACE_ATTRIBUTES, LENS_DARKNESS_RULE, checkFacesDatasetConfig } from '../../../shared/faces.ts';
import type { ProgressEvent } from '../../../shared/worker-protocol.ts';
import { LabError } from '../../../shared/result.ts';
import { generateFaces } from '../../data/faces/generate-faces.ts';
import { FACE_GENERATOR_VERSION } from '../../data/faces/face-params.ts';
import { writeFaceFiles } from '../../data/faces/face-dataset-files.ts';
import { importCeleba } from '../../data/celeba.ts';

export function faceCounts(items: readonly FaceItem[], names: readonly string[]) {
  const attributeCounts = Object.fromEntries(names.map((n) => [n, 0])) as Record<string, number>;
  const splitCounts: Record<FaceSplit, number> = { train: 0, val: 0, test: 0 };
  const eyeglassesStyles: Record<EyeglassesStyle, number> = { dark: 0, clear: 0, none: 0 };
  for (const it of items) {
    for (const n of names) attributeCounts[n] += it.attributes[n] ?? 0;
    splitCounts[it.split]++;
    eyeglassesStyles[it.eyeglasses]++;
  }
  return { attributeCounts, splitCounts, eyeglassesStyles };
}

export async function buildFaces(job: BuildFacesJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<BuildFacesResult> {
  const { config, stagingDir } = job;
  const problem = checkFacesDatasetConfig(config);
  if (problem !== null) throw new LabError('bad-input', problem);
  const progress = (done: number, total: number, stage: string) => emit({ type: 'progress', done, total, stage });
  if (config.source.kind === 'generated') {
    const names: string[] = [...GENERATED_FACE_ATTRIBUTES];
    const { attribute, perGroup } = config;
    if (attribute !== undefined && !names.includes(attribute)) {
      throw new LabError('bad-input', `attribute "${attribute}" is not one the face generator labels (it labels ${names.join(', ')})`);
    }
    const faces = generateFaces({ ...config, onProgress: (d, t) => progress(d, t, 'generating faces'), isCancelled });
    // The concept needs perGroup training faces with and without it: say so now, not after training.
    if (attribute !== undefined && perGroup !== undefined) {
      const train = faces.items.filter((it) => it.split === 'train');
      const withIt = train.filter((it) => it.attributes[attribute] === 1).length;
      if (withIt < perGroup || train.length - withIt < perGroup) {
        throw new LabError('bad-input', `attribute "${attribute}": ${withIt} of ${train.length} generated training faces have it and ${train.length - withIt} lack it; perGroup = ${perGroup} (the concept’s faces per group, --concept-faces) needs that many of each (more faces or fewer per group)`);
      }
    }
    writeFaceFiles(stagingDir, faces);
    return {
      sourceDescription: `generated faces (${FACE_GENERATOR_VERSION}, seed ${config.seed})`,
      count: faces.items.length,
      attributeNames: names,
      ...faceCounts(faces.items, names),
      eyeglassesSplit: { by: 'drawn', threshold: DARK_LENS_THRESHOLD, rule: LENS_DARKNESS_RULE },
      skipped: [],
    };
  }
  const imported = await importCeleba({ root: config.source.path, ...config, onProgress: progress, isCancelled });
  writeFaceFiles(stagingDir, imported);
  return {
    sourceDescription: imported.description,
    count: imported.items.length,
    attributeNames: imported.attributeNames,
    ...faceCounts(imported.items, imported.attributeNames),
    eyeglassesSplit: { by: 'lens-darkness', threshold: DARK_LENS_THRESHOLD, rule: LENS_DARKNESS_RULE },
    skipped: imported.skipped,
  };
}
