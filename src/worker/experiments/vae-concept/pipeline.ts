/**
 * Experiment 2 end to end in one thread, composing the worker calls in order (faces → VAE → concept →
 * concept maps), for tests and measurements. The host runs the same calls one by one in a worker.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConceptJob, ConceptMapsResult, ConceptResult, FacesDatasetConfig, VaeTrainConfig, VaeTrainEvent, VaeTrainResult } from '../../../shared/faces.ts';
import { DEFAULT_CONCEPT_JOB } from '../../../shared/faces.ts';
import type { MethodId, SaliencyOptions } from '../../../shared/saliency.ts';
import type { ProgressEvent } from '../../../shared/worker-protocol.ts';
import { buildFaces } from './build-faces.ts';
import { trainVaeHandler } from './train-vae.ts';
import { concept } from './concept-job.ts';
import { conceptMaps } from './concept-maps.ts';

export interface PipelineConfig {
  dataset: FacesDatasetConfig;
  train: VaeTrainConfig;
  concept: Partial<Omit<ConceptJob, 'datasetDir' | 'runDir'>>;
  methods: MethodId[];
  options: SaliencyOptions;
  mapsPerGroup: number;
}

export interface PipelineOutcome {
  train: VaeTrainResult;
  concept: ConceptResult;
  maps: ConceptMapsResult;
  seconds: { dataset: number; train: number; concept: number; maps: number };
}

export async function runVaeConceptPipeline(
  workDir: string,
  c: PipelineConfig,
  onEvent: (e: VaeTrainEvent | ProgressEvent) => void = () => {},
  isCancelled: () => boolean = () => false,
): Promise<PipelineOutcome> {
  const datasetDir = join(workDir, 'dataset');
  const runDir = join(workDir, 'run');
  mkdirSync(datasetDir, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  const t = [performance.now()];
  await buildFaces({ config: c.dataset, stagingDir: datasetDir }, onEvent, isCancelled);
  t.push(performance.now());
  const train = await trainVaeHandler({ datasetDir, runDir, config: c.train, resume: false }, onEvent, isCancelled);
  t.push(performance.now());
  const conceptResult = await concept({ ...DEFAULT_CONCEPT_JOB, ...c.concept, datasetDir, runDir }, onEvent, isCancelled);
  t.push(performance.now());
  const maps = await conceptMaps({ datasetDir, runDir, methods: c.methods, options: c.options, perGroup: c.mapsPerGroup }, onEvent, isCancelled);
  t.push(performance.now());
  const s = (i: number) => (t[i + 1] - t[i]) / 1000;
  return { train, concept: conceptResult, maps, seconds: { dataset: s(0), train: s(1), concept: s(2), maps: s(3) } };
}
