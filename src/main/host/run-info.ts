/**
 * What a researcher writes on a run (issue 21): its name, its tags and a free-text note, stored in the
 * run's manifest under the run's lock, so a run a live process is training or explaining is refused with
 * the lock's one line (naming that process) rather than having its manifest written under it.
 */
import type { RunManifest } from '../../shared/run.ts';
import type { Workspace } from './workspace.ts';

export interface RunInfoPatch {
  runId: string;
  name?: string;
  tags?: string[];
  notes?: string;
}

/** The manifest as stored. Tags keep the order given; a name is trimmed; an empty note removes it. */
export async function updateRunInfo(workspace: Workspace, { runId, name, tags, notes }: RunInfoPatch): Promise<RunManifest> {
  await workspace.readRun(runId); // not-found before a lock file is made in a folder that is not a run
  const lock = await workspace.lockRun(runId, 'editing its name, tags or note');
  try {
    const patch: Partial<RunManifest> = {};
    if (name !== undefined) {
      patch.name = name.trim();
      patch.named = true;
    }
    if (tags !== undefined) patch.tags = [...tags];
    if (notes !== undefined) patch.notes = notes;
    const next = await workspace.updateRun(runId, patch);
    if (next.notes === '') {
      const { notes: _empty, ...rest } = next;
      await workspace.writeRun(rest);
      return rest;
    }
    return next;
  } finally {
    await lock.releaseAsync();
  }
}
