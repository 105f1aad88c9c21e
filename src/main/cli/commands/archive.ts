/**
 * `saliency-lab archive export --run ID [--out FILE.tgz]` and `archive import FILE.tgz` (issue 21): a run,
 * the runs its analyses trained and its dataset as one archive, for another workspace or machine.
 * `--json` prints one line: what was written, or what was imported.
 */
import { resolve } from 'node:path';
import { LabError } from '../../../shared/result.ts';
import { exportRunArchive, importRunArchive } from '../../host/run-archive.ts';
import { type Flags, requireFlag } from '../flags.ts';
import { hostFromFlags } from '../host-from-flags.ts';
import { terminalSafe } from '../terminal-text.ts';

export const ARCHIVE_FLAGS = { json: { type: 'boolean' }, run: { type: 'string' }, out: { type: 'string' } } as const;
export const ARCHIVE_USAGE = 'archive export --run ID [--out FILE.tgz] [--json]   |   archive import FILE.tgz [--json]   (a run with its dataset, for another workspace)';

export async function archiveCommand(flags: Flags, positionals: string[]): Promise<void> {
  const [sub, file] = positionals;
  const host = await hostFromFlags(flags);
  try {
    if (sub === 'export') {
      const runId = requireFlag(flags, 'run');
      const out = resolve(typeof flags.out === 'string' ? flags.out : `${runId}.tgz`);
      const r = await exportRunArchive(host.workspace, runId, out);
      if (flags.json === true) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stderr.write(`wrote ${r.path} (${(r.bytes / 2 ** 20).toFixed(1)} MiB): run${r.runs.length > 1 ? 's' : ''} ${r.runs.join(', ')}; dataset${r.datasets.length === 1 ? '' : 's'} ${r.datasets.join(', ') || 'none'}\n`);
    } else if (sub === 'import') {
      if (file === undefined) throw new LabError('bad-input', 'archive import: FILE.tgz is required');
      const r = await importRunArchive(host.workspace, resolve(file));
      if (flags.json === true) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stderr.write(`imported run${r.runs.length > 1 ? 's' : ''} ${r.runs.join(', ')}${r.datasets.length > 0 ? `, dataset ${r.datasets.join(', ')}` : ''}${r.keptDatasets.length > 0 ? ` (dataset ${r.keptDatasets.join(', ')} was already here: kept)` : ''}\n`);
    } else {
      throw new LabError('bad-input', `archive: expected export or import, got "${terminalSafe(sub ?? '')}"`);
    }
  } finally {
    await host.close();
  }
}
