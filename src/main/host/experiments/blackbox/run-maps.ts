/**
 * The black-box kind's maps (issue 17: nothing black-box-shaped left in LabHost): maps of the "box" logit
 * for a classifier run's test images with a box, written to saliency/*.npy with their sidecars, and the
 * run's metrics updated, all under the run's lock. The kind's own maps stage, the Saliency view's Compute
 * (LabService.computeMaps) and the control arm's child runs call it.
 */
import type { MapsResult } from '../../../../shared/analysis.ts';
import { isClassifierConfig } from '../../../../shared/run.ts';
import { parseOrThrow } from '../../../../shared/schemas/check.ts';
import { type MapsRequest, MapsRequestSchema } from '../../../../shared/schemas/lab-api.ts';
import { LabError, type Result, attempt, unwrap } from '../../../../shared/result.ts';
import type { FileLock } from '../../../../node/file-lock.ts';
import type { HostContext, JobHooks } from '../../host-context.ts';
import { writeMapsFiles } from '../../maps-files.ts';
import { runMapsJob } from './trained-run.ts';

export function computeRunMaps(host: HostContext, runId: string, request: MapsRequest, hooks: JobHooks = {}): Promise<Result<MapsResult>> {
  let lock: FileLock | undefined;
  return attempt(async () => {
    const params = parseOrThrow(MapsRequestSchema, request, 'computeMaps');
    const run = await host.workspace.readRun(runId);
    if (!isClassifierConfig(run.config)) throw new LabError('bad-input', `run "${runId}" trained a ${run.config.model}: black-box maps explain a classifier run (a VAE run's maps come from its experiment)`);
    lock = await host.workspace.lockRun(runId, 'computing maps');
    const job = await runMapsJob(host, run, { methods: params.methods, options: params.options, limit: params.limit });
    const result = unwrap(await host.callWorker('computeMaps', job, { onEvent: hooks.onProgress, signal: hooks.signal }));
    await writeMapsFiles(host.workspace.runDir(run.id), result, params.options, run.backend);
    const metrics = { ...(run.metrics ?? {}) };
    for (const m of result.methods) metrics[m.method] = m.summary;
    await host.workspace.updateRun(run.id, { metrics });
    return result;
  }).finally(() => lock?.releaseAsync());
}
