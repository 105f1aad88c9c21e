/**
 * Worker handler: the concept vector of an attribute from a trained VAE run (written to the run's
 * concept.json), its AUROC on the test faces, and traversal strips μ + α·c.
 */
import { writeFileAtomicSync } from '../../../node/atomic-write.ts';
import { join } from 'node:path';
import type { ConceptJob, ConceptResult } from '../../../shared/faces.ts';
import type { ProgressEvent } from '../../../shared/worker-protocol.ts';
import { LabError } from '../../../shared/result.ts';
import { loadFaceFiles, splitIndices } from '../../data/faces/face-dataset-files.ts';
import { conceptGroups, conceptSeparation, conceptVector, encodeFaces, traversal } from './concept.ts';
import { CONCEPT_FILE, type StoredConcept, disposeVae, loadTrainedVae } from './vae-checkpoint.ts';

export async function concept(job: ConceptJob, emit: (e: ProgressEvent) => void, isCancelled: () => boolean): Promise<ConceptResult> {
  const data = loadFaceFiles(job.datasetDir);
  const groups = conceptGroups(data, job.attribute, job.perGroup, job.seed);
  const vae = await loadTrainedVae(job.runDir);
  try {
    emit({ type: 'progress', done: 0, total: 3, stage: 'concept: encoding training faces' });
    const c = conceptVector(
      encodeFaces(vae.encoder, data, groups.withIt, job.latent, job.seed),
      encodeFaces(vae.encoder, data, groups.without, job.latent, job.seed + 1),
    );
    if (isCancelled()) throw new LabError('cancelled', 'concept step cancelled');
    emit({ type: 'progress', done: 1, total: 3, stage: 'concept: scoring test faces' });
    const test = splitIndices(data.items, 'test');
    const sep = conceptSeparation(vae.encoder, data, test, c, job.attribute);
    emit({ type: 'progress', done: 2, total: 3, stage: 'concept: traversal' });
    const starts = test.filter((i) => data.items[i].attributes[job.attribute] !== 1).slice(0, job.traversalCount);
    const strip = traversal(vae.encoder, vae.decoder, data, starts, c, job.alphas);
    const stored: StoredConcept = { attribute: job.attribute, vector: Array.from(c), perGroup: job.perGroup, latent: job.latent, seed: job.seed, auroc: sep.auroc };
    writeFileAtomicSync(join(job.runDir, CONCEPT_FILE), JSON.stringify(stored));
    emit({ type: 'progress', done: 3, total: 3, stage: 'concept: done' });
    return {
      attribute: job.attribute,
      vector: stored.vector,
      conceptFile: CONCEPT_FILE,
      perGroup: job.perGroup,
      auroc: sep.auroc,
      testIndices: test,
      testScores: sep.scores,
      testLabels: sep.labels,
      testStyles: sep.styles,
      aurocByStyle: sep.aurocByStyle,
      traversal: { indices: starts, alphas: [...job.alphas], size: data.size, pixels: strip },
    };
  } finally {
    disposeVae(vae);
  }
}
