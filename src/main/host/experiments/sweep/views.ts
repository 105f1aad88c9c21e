/**
 * What the app's sweep panel reads (experimentView sweep 'result', declared in definition.ts): a
 * black-box run's manifest and its last suppressed-point sweep (runs/<id>/sweep.json), null before one ran.
 */
import type { SweepView } from '../../../../shared/lab-api.ts';
import { LabError } from '../../../../shared/result.ts';
import type { HostContext } from '../../host-context.ts';
import { readSweepFile } from './sweep-file.ts';

export async function sweepView(host: HostContext, runId: string): Promise<SweepView> {
  const manifest = await host.workspace.readRun(runId);
  if (manifest.config.model !== 'blackbox-cnn') throw new LabError('bad-input', `run "${runId}" trained a ${manifest.config.model}, not the black-box classifier the sweep explains`);
  return { manifest, sweep: await readSweepFile(host.workspace.runDir(runId)) };
}
