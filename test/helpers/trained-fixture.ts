/**
 * One trained black-box workspace per test run, shared by every test that needs the quick preset's trained
 * classifier (issue 17, "faster CI from a shared fixture"). The quick preset was trained twice per test run
 * before (blackbox-host, cli-experiment) and sweep-host trained two smaller models of its own; now the quick
 * preset is trained once, by the real command a user types, `saliency-lab experiment blackbox --quick`,
 * whose output is kept for cli-experiment to check, and a centred-input run on the same data, for the
 * sweep, is trained next to it.
 *
 * Node's test runner runs each file in its own process, so the fixture lives on disk, in
 * os.tmpdir()/sbl-trained-fixture-<key>/, where the key hashes everything that decides what it holds
 * (src/, bin/, the lockfile, Node's version, this file). A source change gives a new key and a fresh build;
 * an unchanged tree reuses the last one (training is seeded: the same code trains the same weights).
 *
 * It is built in a private folder and renamed into place only when complete, so a reader never sees half
 * a fixture and two builders cannot interleave (the first rename wins; the other discards its copy). A
 * failed build is not kept. It is shared read-only: tests take a copy (`copyTrainedWorkspace`, about 4 MB)
 * and write only to that. The build records a digest of its files and every use checks it, so a test that
 * writes into the shared folder fails, naming it, instead of handing the next file a different fixture.
 *
 * `node --import tsx test/helpers/trained-fixture.ts` builds it ahead of the tests (scripts/run-tests.mjs).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LabHost } from '../../src/main/host/lab-host.ts';
import type { RunEvent } from '../../src/shared/run.ts';
import { unwrap } from '../../src/shared/result.ts';
import { type CliRun, describeRun, runCli } from './cli.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const PREFIX = 'sbl-trained-fixture-';

/**
 * The quick experiment exactly as cli-experiment's first test ran it (its workspace argument aside), and
 * the centred run: 2 epochs of the same 600 images, as many steps as the 4 epochs of 300 that sweep-host
 * trained before.
 */
export const QUICK_ARGS = ['experiment', 'blackbox', '--quick', '--methods', 'rectgrad,nobias-rectgrad', '--limit', '10', '--backend', 'wasm', '--json'];
export const CENTRED_TRAIN = { epochs: 2, seed: 1, preprocessing: 'centred' as const };

export interface TrainedFixture {
  /** The shared workspace: read it, never write it (copyTrainedWorkspace gives a writable one). */
  workspace: string;
  /** Where the workspace was while it was built: paths the quick command printed start with it. */
  builtAt: string;
  /** `saliency-lab <QUICK_ARGS> --workspace <builtAt>` as it ran: exit code, stdout, stderr. */
  quick: Pick<CliRun, 'code' | 'stdout' | 'stderr'>;
  /** The quick experiment's run (the quick preset: 600 images of 32², 8 epochs, seed 1) and its dataset. */
  quickRunId: string;
  datasetId: string;
  /** A run trained in-process with CENTRED_TRAIN on that dataset, and every event host.train reported live. */
  centredRunId: string;
  centredEvents: RunEvent[];
  /** Seconds the build took. */
  buildSeconds: number;
  /** sha256 over the workspace's file names and bytes, taken when the build finished. */
  digest: string;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** The cache key: every source file that can change what the fixture's training produces. */
export function fixtureKey(): string {
  const h = createHash('sha256');
  h.update(`${process.version}\n`);
  for (const f of [...filesUnder(join(REPO, 'src')), ...filesUnder(join(REPO, 'bin')), join(REPO, 'package.json'), join(REPO, 'package-lock.json'), fileURLToPath(import.meta.url), join(REPO, 'test/helpers/cli.ts')]) {
    h.update(`${relative(REPO, f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

function treeDigest(dir: string): string {
  const h = createHash('sha256');
  for (const f of filesUnder(dir)) {
    h.update(`${relative(dir, f)}\n`);
    h.update(readFileSync(f));
  }
  return h.digest('hex');
}

async function build(workspace: string): Promise<Omit<TrainedFixture, 'workspace' | 'builtAt' | 'digest' | 'buildSeconds'>> {
  const r = await runCli([...QUICK_ARGS, '--workspace', workspace], { timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`the trained fixture's quick experiment failed: ${describeRun(r)}`);
  const { runId } = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { runId: string };
  const host = new LabHost({ workspace, backend: 'wasm' });
  try {
    const datasetId = (await host.workspace.readRun(runId)).datasetId;
    const centredEvents: RunEvent[] = [];
    const centred = unwrap(await host.train({ datasetId, name: 'centred (test fixture)', config: CENTRED_TRAIN }, { onProgress: (e) => centredEvents.push(e) }));
    return { quick: { code: r.code, stdout: r.stdout, stderr: r.stderr }, quickRunId: runId, datasetId, centredRunId: centred.id, centredEvents };
  } finally {
    await host.close();
  }
}

/**
 * Removes fixtures and builders' leftovers unused for a day. Not sooner: another checkout on this machine
 * (a second worktree, a colleague's edit in progress) may be using a fixture of another key right now.
 */
function prune(keep: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX) || name === keep) continue;
    const p = join(tmpdir(), name);
    if (Date.now() - statSync(p).mtimeMs > 86_400_000) rmSync(p, { recursive: true, force: true });
  }
}

let cached: Promise<TrainedFixture> | undefined;
/** Whether this process built the fixture (else it found one built earlier). */
let builtHere = false;

/** The shared fixture, built on first use in this tree's key; checked against its digest on every call. */
export function trainedFixture(): Promise<TrainedFixture> {
  cached ??= load();
  return cached.then((f) => {
    const now = treeDigest(f.workspace);
    if (now !== f.digest) {
      const dir = join(f.workspace, '..');
      // Moved aside so the next run rebuilds; this one fails, naming the problem.
      renameSync(dir, `${dir}.damaged-${process.pid}`);
      throw new Error(`the shared trained fixture ${dir} was changed after it was built (a test wrote into it instead of a copy from copyTrainedWorkspace)`);
    }
    return f;
  });
}

async function load(): Promise<TrainedFixture> {
  const name = `${PREFIX}${fixtureKey()}`;
  const dir = join(tmpdir(), name);
  const meta = join(dir, 'fixture.json');
  if (!existsSync(meta)) {
    prune(name);
    const started = performance.now();
    const staging = mkdtempSync(join(tmpdir(), `${name}.building-`));
    const workspace = join(staging, 'ws');
    let built;
    try {
      built = await build(workspace);
    } catch (e) {
      rmSync(staging, { recursive: true, force: true });
      throw e;
    }
    const record = { ...built, builtAt: workspace, buildSeconds: +((performance.now() - started) / 1000).toFixed(1), digest: treeDigest(workspace) };
    writeFileSync(join(staging, 'fixture.json'), JSON.stringify(record));
    try {
      renameSync(staging, dir);
    } catch (e) {
      // Another process finished first (its folder is complete, or it would not be there): use that one.
      if (!['ENOTEMPTY', 'EEXIST'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
      rmSync(staging, { recursive: true, force: true });
    }
    builtHere = true;
  }
  const now = new Date();
  utimesSync(dir, now, now); // in use: prune keeps it
  return { ...(JSON.parse(readFileSync(meta, 'utf8')) as Omit<TrainedFixture, 'workspace'>), workspace: join(dir, 'ws') };
}

/** A writable copy of the fixture's workspace at `dest` (created; must not exist yet). */
export async function copyTrainedWorkspace(dest: string): Promise<TrainedFixture> {
  const f = await trainedFixture();
  if (existsSync(dest)) throw new Error(`${dest}: exists; copyTrainedWorkspace wants a new folder`);
  mkdirSync(join(dest, '..'), { recursive: true });
  cpSync(f.workspace, dest, { recursive: true });
  return { ...f, workspace: dest };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const f = await trainedFixture();
  const took = ((performance.now() - started) / 1000).toFixed(1);
  console.log(builtHere ? `trained fixture built in ${took} s: ${f.workspace}` : `trained fixture reused (${took} s; it took ${f.buildSeconds} s to build): ${f.workspace}`);
}
