/**
 * The cluster guide and what it ships (issue 22): docs/k8s/batch-job.yaml must be a manifest that runs a
 * batch as a Kubernetes indexed Job on a shared volume, docs/k8s/Dockerfile must build an image whose
 * entrypoint is the CLI, and docs/cluster.md must name only `batch` subcommands that exist. Nothing here
 * talks to a cluster: these are the mistakes a reader would otherwise find only when a Job misbehaves.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

// js-yaml ships no types and only this much of it is used.
const requireHere = createRequire(import.meta.url);
const yaml = requireHere('js-yaml') as { loadAll(text: string): unknown[] };

const ROOT = resolve(import.meta.dirname, '../..');
const MANIFEST = 'docs/k8s/batch-job.yaml';
const DOCKERFILE = 'docs/k8s/Dockerfile';
const GUIDE = 'docs/cluster.md';
const BATCH_SUBCOMMANDS = ['submit', 'run-member', 'status', 'wait', 'cancel', 'resubmit', 'collect'];

const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a dotted path, asserting that each step on the way is an object. */
function at(root: unknown, path: string): unknown {
  let v = root;
  for (const key of path.split('.')) {
    assert.ok(isObj(v), `${path}: "${key}" is not inside an object`);
    v = v[key];
  }
  return v;
}

function documents(): Obj[] {
  const docs = yaml.loadAll(read(MANIFEST)).filter((d) => d !== null && d !== undefined);
  for (const d of docs) assert.ok(isObj(d), `${MANIFEST}: every document is a mapping`);
  return docs as Obj[];
}

function only(kind: string, apiVersion: string): Obj {
  const found = documents().filter((d) => d.kind === kind);
  assert.equal(found.length, 1, `${MANIFEST}: one ${kind}`);
  assert.equal(found[0].apiVersion, apiVersion, `${MANIFEST}: ${kind} apiVersion`);
  return found[0];
}

test('the manifest claims a ReadWriteMany volume: members on different nodes write one workspace', () => {
  const pvc = only('PersistentVolumeClaim', 'v1');
  assert.deepEqual(at(pvc, 'spec.accessModes'), ['ReadWriteMany']);
  assert.equal(typeof at(pvc, 'spec.resources.requests.storage'), 'string');
});

test('the Job is indexed, bounded, and retries each member on its own', () => {
  const spec = at(only('Job', 'batch/v1'), 'spec') as Obj;
  assert.equal(spec.completionMode, 'Indexed');
  assert.ok(Number.isInteger(spec.completions) && (spec.completions as number) > 0, 'completions is a positive integer');
  assert.ok(Number.isInteger(spec.parallelism) && (spec.parallelism as number) >= 1, 'parallelism is a positive integer');
  assert.ok((spec.parallelism as number) <= (spec.completions as number), 'parallelism ≤ completions');
  assert.ok(Number.isInteger(spec.backoffLimitPerIndex) && (spec.backoffLimitPerIndex as number) >= 0, 'backoffLimitPerIndex is set');
  // Kubernetes rejects backoffLimitPerIndex (and a podFailurePolicy) unless pods are never restarted in place.
  assert.equal(at(spec, 'template.spec.restartPolicy'), 'Never');
});

test('each pod runs its member with the workspace mounted at /workspace from the claim', () => {
  const podSpec = at(only('Job', 'batch/v1'), 'spec.template.spec') as Obj;
  const pvcName = at(only('PersistentVolumeClaim', 'v1'), 'metadata.name');
  const containers = podSpec.containers as Obj[];
  assert.equal(containers.length, 1);
  const [c] = containers;
  assert.equal(typeof c.image, 'string');

  const argv = [...((c.command as string[] | undefined) ?? []), ...((c.args as string[] | undefined) ?? [])].map(String);
  const runMember = argv.indexOf('run-member');
  assert.ok(runMember > 0 && argv[runMember - 1] === 'batch', `runs "batch run-member": ${argv.join(' ')}`);
  assert.ok(argv[runMember + 1] !== undefined && !argv[runMember + 1].startsWith('-'), 'names the batch');
  assert.equal(argv[argv.indexOf('--workspace') + 1], '/workspace', '--workspace /workspace');
  // The member comes from JOB_COMPLETION_INDEX: a fixed --member would run one member N times.
  assert.ok(!argv.includes('--member'), 'no --member');

  const mount = (c.volumeMounts as Obj[]).find((m) => m.mountPath === '/workspace');
  assert.ok(mount !== undefined, 'a volumeMount at /workspace');
  const volume = (podSpec.volumes as Obj[]).find((v) => v.name === mount.name);
  assert.ok(volume !== undefined, `the volume "${String(mount.name)}" is declared`);
  assert.equal(at(volume, 'persistentVolumeClaim.claimName'), pvcName, 'mounted from the manifest\'s claim');

  for (const kind of ['requests', 'limits']) {
    const r = at(c, `resources.${kind}`);
    assert.ok(isObj(r) && r.cpu !== undefined && r.memory !== undefined, `resources.${kind} has cpu and memory`);
  }
});

test('the Dockerfile builds on Node 20+ and its entrypoint is the CLI', () => {
  // Comments may mention what the image avoids; only instructions count.
  const text = read(DOCKERFILE).split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
  const from = [...text.matchAll(/^FROM\s+(\S+)/gim)].map((m) => m[1]);
  assert.ok(from.length > 0, 'a FROM line');
  const major = /^node:(\d+)/.exec(from.at(-1)!)?.[1];
  assert.ok(major !== undefined && Number(major) >= 20, `the final image is node 20 or later: ${from.at(-1)}`);

  const entry = /^(?:ENTRYPOINT|CMD)\s+(\[.*\])\s*$/gim;
  const argvs = [...text.matchAll(entry)].map((m) => JSON.parse(m[1]) as string[]);
  assert.ok(argvs.some((argv) => argv.some((a) => a.endsWith('bin/saliency-lab.mjs'))), 'ENTRYPOINT or CMD runs bin/saliency-lab.mjs');
  // tsx runs the sources at run time; omitting optional packages would drop esbuild's platform binary.
  assert.doesNotMatch(text, /--omit[= ]optional/);
  assert.match(text, /COPY\s+src\b/);
  assert.match(text, /COPY\s+bin\b/);
});

test('the guide points at the manifest and the Dockerfile and names only batch subcommands that exist', () => {
  const guide = read(GUIDE);
  assert.ok(guide.includes(MANIFEST), `${GUIDE} refers to ${MANIFEST}`);
  assert.ok(guide.includes(DOCKERFILE), `${GUIDE} refers to ${DOCKERFILE}`);

  // Both spellings: a full command line, and `batch WORD` in running text.
  const named = [...guide.matchAll(/saliency-lab batch ([a-z][a-z-]*)/g), ...guide.matchAll(/`batch ([a-z][a-z-]*)/g)].map((m) => m[1]);
  assert.ok(named.length > 0, 'the guide names batch subcommands');
  assert.deepEqual([...new Set(named.filter((n) => !BATCH_SUBCOMMANDS.includes(n)))], [], 'unknown batch subcommands');
  for (const sub of BATCH_SUBCOMMANDS) assert.ok(named.includes(sub), `the guide shows "batch ${sub}"`);
});
