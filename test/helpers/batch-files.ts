/** Reading a batch's workspace files from a test, as another process would (issue 22). */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The only batch of a fresh workspace. */
export function onlyBatch(ws: string): string {
  const ids = existsSync(join(ws, 'batches')) ? readdirSync(join(ws, 'batches')) : [];
  if (ids.length !== 1) throw new Error(`expected one batch in ${ws}, found ${ids.length}`);
  return ids[0];
}

/** The member's run manifest, or undefined before it exists. */
export function memberRun(ws: string, batch: string, member: number): { id: string; checkpointEpoch: number; status: string; batch?: { id: string; member: number } } | undefined {
  const record = join(ws, 'batches', batch, 'members', `${member}.json`);
  if (!existsSync(record)) return undefined;
  const { run } = JSON.parse(readFileSync(record, 'utf8')) as { run: string };
  const manifest = join(ws, 'runs', run, 'manifest.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : undefined;
}

/** The epochs a run's metrics.jsonl recorded, in order (a resumed run must not repeat one). */
export function recordedEpochs(ws: string, runId: string): number[] {
  return readFileSync(join(ws, 'runs', runId, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; epoch: number })
    .filter((e) => e.type === 'epoch')
    .map((e) => e.epoch);
}

export const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
