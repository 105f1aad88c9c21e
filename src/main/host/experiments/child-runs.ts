/**
 * The runs an analysis trains for itself (a control arm's model, another seed's experiment), recorded
 * in runs/<parent>/analyses/<kind>.children.json the moment each exists on disk. An analysis step's
 * result is kept only once the step finishes; a child run takes minutes to train, so a kill in the
 * middle must still find it, to resume it from its last checkpoint instead of training a new one.
 * The record outlives the analysis' own progress file: a child trained under one analysis config is
 * as good for another (more images, other methods) as long as it was trained the same way, which the
 * analysis checks before it reuses one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../node/atomic-write.ts';
import { readJsonFile } from '../workspace-check.ts';
import { ANALYSES_DIR } from './analysis-definition.ts';

function childRunsPath(runDir: string, kind: string): string {
  return join(runDir, ANALYSES_DIR, `${kind}.children.json`);
}

/** Child run ids by the analysis' own key (an arm, a seed); empty when none was recorded or the file is damaged. */
export function readChildRuns(runDir: string, kind: string): Record<string, string> {
  const p = childRunsPath(runDir, kind);
  if (!existsSync(p)) return {};
  try {
    const v = readJsonFile(p, `${kind} child runs`) as { children?: unknown };
    const children = v?.children;
    if (typeof children !== 'object' || children === null) return {};
    return Object.fromEntries(Object.entries(children).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    // A damaged record loses only the link: the child is trained again, the old one stays listed.
    return {};
  }
}

/** Records (or replaces) the child run of `key`. Only the holder of the parent's lock writes here. */
export function recordChildRun(runDir: string, kind: string, key: string, runId: string): void {
  const children = { ...readChildRuns(runDir, kind), [key]: runId };
  writeFileAtomic(childRunsPath(runDir, kind), JSON.stringify({ analysis: kind, children }));
}

/** Stable JSON (keys sorted): two configs compare equal whatever order their fields were written in. */
export function stableJson(v: unknown): string {
  const sort = (x: unknown): unknown =>
    Array.isArray(x) ? x.map(sort) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).map(([k, y]) => [k, sort(y)])) : x;
  return JSON.stringify(sort(v));
}
