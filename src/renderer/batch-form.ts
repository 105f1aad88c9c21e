/**
 * The Batches view's form as text fields (issue 22) and the BatchRequest it sends. The renderer does not
 * know a kind's flags (they live with the host's kinds): grid rows and the other flags are sent as
 * typed, and the host checks every one against the kind, answering in one line that names the flag
 * (`--set epochs=0: expected an integer in [1, 1000], got 0`). Only what is not a request at all (a seed
 * that is not an integer, a grid row without values) is refused here, in the same voice.
 */
import type { BatchExecutor, BatchRequest } from '../shared/batch.ts';

export interface GridRowInput {
  flag: string;
  /** Comma-separated values, as on the command line's `--set FLAG=V1,V2`. */
  values: string;
}

export interface BatchFormInput {
  kind: string;
  /** `1,2,3`. */
  seeds: string;
  grid: GridRowInput[];
  quick: boolean;
  /** The kind's other flags for every member: `count=200 epochs=2 padding-trick` (a bare name is on). */
  flags: string;
  executor: BatchExecutor;
  /** Members run at once (local executor). */
  parallel: string;
  slurm: { partition: string; time: string; cpus: string; mem: string; gres: string };
}

export function defaultBatchForm(kind = ''): BatchFormInput {
  return { kind, seeds: '1,2,3', grid: [{ flag: '', values: '' }], quick: true, flags: '', executor: 'local', parallel: '1', slurm: { partition: '', time: '', cpus: '', mem: '', gres: '' } };
}

/**
 * Flags worth varying over a grid, offered as suggestions beside the free-text flag field (any flag of
 * the kind may be typed; test/unit/renderer/batch-form.test.ts checks these are the kinds' flags).
 */
export const SUGGESTED_GRID_FLAGS: Record<string, readonly string[]> = {
  blackbox: ['epochs', 'lr', 'preprocessing', 'count', 'batch', 'size'],
  'vae-concept': ['epochs', 'lr', 'latent', 'preset', 'count', 'batch'],
};

export function suggestedGridFlags(kind: string): readonly string[] {
  return SUGGESTED_GRID_FLAGS[kind] ?? ['epochs', 'lr'];
}

class FormProblem extends Error {}

const quoted = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
const pieces = (text: string, sep: RegExp) => text.split(sep).map((s) => s.trim()).filter((s) => s !== '');

/** `1, 2,3` → [1, 2, 3]; the first item that is not an integer is named. */
export function parseSeeds(text: string): number[] {
  const items = pieces(text, /[,\s]+/);
  if (items.length === 0) throw new FormProblem('--seeds: give at least one seed (e.g. 1,2,3)');
  return items.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new FormProblem(`--seeds: expected comma-separated integers, got ${quoted(s)}`);
    return n;
  });
}

const flagName = (s: string) => s.replace(/^--/, '');

/** `count=200 --epochs=2 padding-trick` → { count: '200', epochs: '2', 'padding-trick': true }. */
export function parseFlags(text: string): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const item of pieces(text, /\s+/)) {
    const eq = item.indexOf('=');
    const name = flagName(eq < 0 ? item : item.slice(0, eq));
    if (name === '') throw new FormProblem(`other flags: expected FLAG=VALUE or FLAG, got ${quoted(item)}`);
    if (Object.hasOwn(out, name)) throw new FormProblem(`--${name}: given twice in the other flags`);
    out[name] = eq < 0 ? true : item.slice(eq + 1);
  }
  return out;
}

/** The grid's axes; rows left blank are skipped. */
export function parseGrid(rows: readonly GridRowInput[]): NonNullable<BatchRequest['grid']> {
  return rows
    .filter((r) => r.flag.trim() !== '' || r.values.trim() !== '')
    .map((r) => {
      const flag = flagName(r.flag.trim());
      const values = pieces(r.values, /,/);
      if (flag === '') throw new FormProblem(`--set =${r.values.trim()}: name the flag the values are for (e.g. epochs)`);
      if (values.length === 0) throw new FormProblem(`--set ${flag}=…: give its values, separated by commas (e.g. 3,5)`);
      return { flag, values };
    });
}

function integer(text: string, flag: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n)) throw new FormProblem(`--${flag}: expected an integer, got ${quoted(text.trim())}`);
  return n;
}

/** The request the form describes, or the first problem in one line. */
export function batchRequestOf(form: BatchFormInput): { request: BatchRequest } | { error: string } {
  try {
    if (form.kind === '') throw new FormProblem('--kind: pick the kind of experiment to run');
    const flags = parseFlags(form.flags);
    if (form.quick) flags.quick = true;
    const request: BatchRequest = { kind: form.kind, executor: form.executor, seeds: parseSeeds(form.seeds), grid: parseGrid(form.grid), flags };
    if (form.executor === 'local' && form.parallel.trim() !== '') request.parallel = integer(form.parallel, 'parallel');
    if (form.executor === 'slurm') {
      const s = form.slurm;
      const slurm: NonNullable<BatchRequest['slurm']> = {};
      if (s.partition.trim() !== '') slurm.partition = s.partition.trim();
      if (s.time.trim() !== '') slurm.time = s.time.trim();
      if (s.cpus.trim() !== '') slurm.cpus = integer(s.cpus, 'cpus');
      if (s.mem.trim() !== '') slurm.mem = s.mem.trim();
      if (s.gres.trim() !== '') slurm.gres = s.gres.trim();
      request.slurm = slurm;
    }
    return { request };
  } catch (e) {
    if (e instanceof FormProblem) return { error: e.message };
    throw e;
  }
}
