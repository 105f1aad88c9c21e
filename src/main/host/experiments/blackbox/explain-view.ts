/**
 * The gallery's "Explain this" (issue 21): one image of a black-box run's dataset, any of them, explained
 * now by the run's model with the methods asked for. A worker job that writes nothing, so the run's saved
 * maps (saliency/*.npy) and its numbers stay exactly as its maps stage left them.
 */
import type { ExplainView } from '../../../../shared/experiments/blackbox.ts';
import type { MethodId, SaliencyOptions } from '../../../../shared/saliency.ts';
import { LabError, unwrap } from '../../../../shared/result.ts';
import { isClassifierConfig } from '../../../../shared/run.ts';
import type { HostContext } from '../../host-context.ts';
import { runImagesJob } from './trained-run.ts';

const WHERE = 'experimentView blackbox explain';

export async function explainView(host: HostContext, p: { runId: string; index: number; methods: MethodId[]; options: SaliencyOptions }): Promise<ExplainView> {
  const run = await host.workspace.readRun(p.runId);
  if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `${WHERE}: runId: run "${run.id}" trained a ${run.config.model}, not the black-box classifier "Explain this" explains`);
  const trained = run.checkpointEpoch >= 1 && (run.status === 'completed' || (run.stagesDone ?? []).includes('training'));
  if (!trained) throw new LabError('bad-input', `${WHERE}: runId: run "${run.id}" has not finished training (status ${run.status}): explain with a completed run`);
  const dataset = await host.workspace.readDataset(run.datasetId);
  if (p.index >= dataset.count) throw new LabError('bad-input', `${WHERE}: index: image ${p.index} is out of range (dataset "${dataset.name}" has ${dataset.count} images, 0 to ${dataset.count - 1})`);
  const r = unwrap(await host.callWorker('explainImage', { ...(await runImagesJob(host, run)), index: p.index, methods: p.methods, options: p.options }));
  return {
    ...r,
    runId: run.id,
    target: { index: r.target, name: r.target === 1 ? 'box' : 'no box' },
    options: p.options,
    methods: r.methods.map(({ map, ...m }) => ({ ...m, values: Buffer.from(map.buffer, map.byteOffset, map.byteLength).toString('base64') })),
  };
}
