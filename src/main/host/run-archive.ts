/**
 * A run as one archive (issue 21, "data out"): `runs/<id>/` with the runs its analyses trained for it
 * (seeds, control arms: RunManifest.analysisOf) and the dataset it was trained on, as a .tgz that another
 * workspace (a colleague's machine) imports. Export skips what only means something to this machine
 * (lock files, temp and part files, symlinks). Import is held to what an export holds: regular files
 * and folders under runs/<id>/ and datasets/<id>/, within the archive caps of src/node/archive-limits.ts,
 * each run and dataset with a readable manifest; it is staged inside the workspace and renamed into
 * place only when all of it checks out, and a run already in the workspace is refused, never replaced.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { create } from 'tar';
import { LabError } from '../../shared/result.ts';
import { MAX_DATASET_BYTES } from '../../shared/memory-limits.ts';
import type { RunManifest } from '../../shared/run.ts';
import { readTarGz } from '../../node/tar-gz-reader.ts';
import { fsyncDir } from '../../node/atomic-write.ts';
import { checkDatasetManifest, checkRunManifest, exists, readJsonFile } from './workspace-check.ts';
import type { Workspace } from './workspace.ts';

/** The largest file of a run archive: a dataset's images.bin may reach MAX_DATASET_BYTES. */
const ARCHIVE_ENTRY_BYTES = MAX_DATASET_BYTES + 2 ** 20;

/** `runs/<id>/…` or `datasets/<id>/…`: the only places an archive may write. */
const ENTRY = /^(runs|datasets)\/([a-z0-9][a-z0-9-]{0,80})\/(.+)$/;
/** Files that belong to a live process on the exporting machine, not to the run. */
const TRANSIENT = /(^|\/)([^/]+\.lock|[^/]+\.part|[^/]+\.part\.validator|[^/]*\.tmp-\d+-[^/]*|[^/]*\.staging-\d+)(\/|$)/;

export interface ExportedArchive {
  path: string;
  runs: string[];
  datasets: string[];
  bytes: number;
}

export async function exportRunArchive(workspace: Workspace, runId: string, out: string): Promise<ExportedArchive> {
  const run = await workspace.readRun(runId);
  const children = (await workspace.listRuns()).filter((r) => r.analysisOf?.runId === runId && r.broken === undefined);
  const runs = [run, ...children];
  const ids = [...new Set(runs.map((r) => r.datasetId))].filter((id) => /^[a-z0-9][a-z0-9-]{0,80}$/.test(id));
  const present = await Promise.all(ids.map((id) => exists(join(workspace.datasetsDir, id, 'manifest.json'))));
  const datasets = ids.filter((_, i) => present[i]);
  // One part file per writer: two exports of one run to one path must not interleave.
  const part = `${out}.part-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  await mkdir(dirname(out), { recursive: true });
  try {
    await pipeline(
      create({ gzip: true, cwd: workspace.root, portable: true, follow: false, filter: (path, stat) => !('isSymbolicLink' in stat && stat.isSymbolicLink()) && !TRANSIENT.test(path) }, [
        ...runs.map((r) => `runs/${r.id}`),
        ...datasets.map((id) => `datasets/${id}`),
      ]),
      createWriteStream(part),
    );
    await rename(part, out);
  } catch (e) {
    await rm(part, { force: true });
    throw new LabError('io', `${out}: cannot write the archive (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { path: out, runs: runs.map((r) => r.id), datasets, bytes: (await stat(out)).size };
}

export interface ImportedArchive {
  runs: string[];
  datasets: string[];
  /** Datasets the workspace already had under the same id: kept as they are. */
  keptDatasets: string[];
}

/** Unpacks a run archive into the workspace; refused whole, in one line naming the archive, when any of it is wrong. */
export async function importRunArchive(workspace: Workspace, archive: string, opts: { isCancelled?: () => boolean } = {}): Promise<ImportedArchive> {
  await workspace.open();
  const staging = join(workspace.root, `.import.staging-${process.pid}-${Date.now()}`);
  await mkdir(staging, { recursive: true });
  try {
    const folders = new Map<string, { top: 'runs' | 'datasets'; id: string }>();
    // Problems are kept, not thrown: the reader calls back from inside its stream events.
    let problem: LabError | null = null;
    const allowed = (name: string) => ENTRY.test(name) && !name.split('/').some((part) => part === '..' || part === '.' || part === '') && !TRANSIENT.test(name);
    await readTarGz(
      archive,
      async (e) => {
        if (problem !== null) return;
        const [, top, id] = ENTRY.exec(e.name)!;
        folders.set(`${top}/${id}`, { top: top as 'runs' | 'datasets', id });
        const to = join(staging, e.name);
        try {
          await mkdir(dirname(to), { recursive: true });
          await writeFile(to, e.data);
        } catch (err) {
          problem = new LabError('io', `${archive}: cannot unpack ${e.name} into ${workspace.root} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing imported`);
        }
      },
      {
        isCancelled: opts.isCancelled,
        // A run's maps and a dataset's images.bin are far larger than the images the default caps are for;
        // each entry is written out as soon as it is read, so only one is held at a time.
        limits: { entryBytes: ARCHIVE_ENTRY_BYTES, totalBytes: Number.MAX_SAFE_INTEGER },
        want: (name) => {
          if (allowed(name)) return true;
          problem ??= new LabError('bad-input', `${archive}: entry "${name.slice(0, 200)}" is not part of a run archive (only runs/<id>/… and datasets/<id>/…); nothing imported`);
          return false;
        },
      },
    );
    if (problem !== null) throw problem;
    const runs = [...folders.values()].filter((f) => f.top === 'runs');
    if (runs.length === 0) throw new LabError('bad-input', `${archive}: holds no run (a run archive has runs/<id>/manifest.json)`);
    for (const f of folders.values()) {
      const manifest = join(staging, f.top, f.id, 'manifest.json');
      if (!(await exists(manifest))) throw new LabError('bad-input', `${archive}: ${f.top}/${f.id} has no manifest.json; nothing imported`);
      let v: { id: string };
      try {
        v = (await readJsonFile(manifest, f.top === 'runs' ? 'run manifest' : 'dataset manifest', f.top === 'runs' ? checkRunManifest : checkDatasetManifest)) as { id: string };
      } catch (e) {
        // Named as the archive names it, not by the staging folder it was unpacked into.
        throw new LabError('bad-input', `${archive}: ${f.top}/${f.id}/manifest.json${(e as Error).message.slice(manifest.length)}; nothing imported`);
      }
      if (v.id !== f.id) throw new LabError('bad-input', `${archive}: ${f.top}/${f.id}/manifest.json names "${v.id}"; nothing imported`);
      if (f.top === 'runs' && (await exists(workspace.runDir(f.id)))) {
        throw new LabError('bad-input', `${archive}: run ${f.id} is already in ${workspace.root}; nothing imported (delete it there first, or import into another workspace)`);
      }
    }
    const imported: ImportedArchive = { runs: [], datasets: [], keptDatasets: [] };
    const moved: Array<{ from: string; to: string }> = [];
    try {
      for (const f of [...folders.values()].sort((a, b) => (a.top === b.top ? 0 : a.top === 'datasets' ? -1 : 1))) {
        const final = f.top === 'runs' ? workspace.runDir(f.id) : workspace.datasetDir(f.id);
        if (f.top === 'datasets' && (await exists(final))) {
          imported.keptDatasets.push(f.id);
          continue;
        }
        // Checked again at the rename: another import or a new run may have taken the id meanwhile.
        if (await exists(final)) throw new LabError('bad-input', `${archive}: ${f.top}/${f.id} appeared in ${workspace.root} while importing; nothing imported`);
        await rename(join(staging, f.top, f.id), final);
        moved.push({ from: join(staging, f.top, f.id), to: final });
        (f.top === 'runs' ? imported.runs : imported.datasets).push(f.id);
      }
    } catch (e) {
      // Whole or nothing: what was already moved in goes back out.
      for (const m of moved.reverse()) await rm(m.to, { recursive: true, force: true });
      throw e instanceof LabError ? e : new LabError('io', `${archive}: cannot move the import into ${workspace.root} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); nothing imported`);
    }
    await fsyncDir(workspace.runsDir);
    // An imported run that was running where it was exported is not running here.
    for (const id of imported.runs) {
      const run = await workspace.readRun(id) as RunManifest;
      if (run.status === 'running' || run.status === 'created') await workspace.updateRun(id, { status: 'interrupted', error: 'exported while it ran; resume goes on from its last checkpoint' });
    }
    return imported;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
