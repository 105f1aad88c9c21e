/**
 * A black-box run as the Training and Saliency views show it (experimentView blackbox run): its manifest
 * and events, its test split with the predictions and logits of every dataset image (once trained), and
 * the overview of its maps (once computed).
 */
import type { RunDetail } from '../../../../shared/lab-api.ts';
import type { HostContext } from '../../host-context.ts';
import { readRunJsonIfAny } from '../../run-files.ts';
import { mapsOverview } from './maps-overview.ts';

export async function runDetail(host: HostContext, runId: string): Promise<RunDetail> {
  const manifest = await host.workspace.readRun(runId);
  const runDir = host.workspace.runDir(runId);
  const pred = await readRunJsonIfAny<{ testIndices: number[]; predictions: number[]; logits?: number[][] }>(runDir, 'predictions.json', 'predictions file');
  const maps = await mapsOverview(runDir, manifest);
  return { manifest, events: await host.workspace.readMetrics(runId), testIndices: pred?.testIndices ?? [], predictions: pred?.predictions ?? null, logits: pred?.logits ?? null, maps };
}
