/**
 * One implementation of a piece of fs logic, run either blocking or not (issue 17). The main process
 * never blocks on disk on a request path (DESIGN.md "Boundaries"), but the worker thread and exit hooks
 * may, and must not get a copy of the logic to do so. The logic is written once as a generator that
 * yields each fs step (`yield* io.open(…)`); `runAsync` drives it with node:fs's callback API,
 * `runSync` with the blocking one. Errors of a step are thrown into the generator at the step.
 */
import * as fs from 'node:fs';

export interface Step<T> {
  sync(): T;
  async(): Promise<T>;
}
export type Steps<T> = Generator<Step<unknown>, T, unknown>;

/** One fs step: its blocking and its non-blocking form, which must do the same. */
export function* step<T>(sync: () => T, async: () => Promise<T>): Steps<T> {
  return (yield { sync, async }) as T;
}

/** Runs the steps blocking: only for the worker thread, exit hooks and one-shot commands. */
export function runSync<T>(g: Steps<T>): T {
  let r = g.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = r.value.sync();
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(value);
  }
  return r.value;
}

/** Runs the steps without blocking the event loop. */
export async function runAsync<T>(g: Steps<T>): Promise<T> {
  let r = g.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = await r.value.async();
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(value);
  }
  return r.value;
}

const cb = <T>(call: (done: (e: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) => call((e, v) => (e ? reject(e) : resolve(v))));

/** The fs steps the shared logic uses, on numeric descriptors in both forms. */
export const io = {
  open: (path: string, flags: string | number, mode?: number) => step(() => fs.openSync(path, flags, mode), () => cb<number>((d) => fs.open(path, flags, mode, d))),
  close: (fd: number) => step(() => fs.closeSync(fd), () => cb<void>((d) => fs.close(fd, (e) => d(e, undefined)))),
  fsync: (fd: number) => step(() => fs.fsyncSync(fd), () => cb<void>((d) => fs.fsync(fd, (e) => d(e, undefined)))),
  fstat: (fd: number) => step(() => fs.fstatSync(fd), () => cb<fs.Stats>((d) => fs.fstat(fd, d))),
  ftruncate: (fd: number, len: number) => step(() => fs.ftruncateSync(fd, len), () => cb<void>((d) => fs.ftruncate(fd, len, (e) => d(e, undefined)))),
  write: (fd: number, buf: Uint8Array, off: number, len: number) => step(() => fs.writeSync(fd, buf, off, len), () => cb<number>((d) => fs.write(fd, buf, off, len, null, (e, n) => d(e, n)))),
  read: (fd: number, buf: Uint8Array, off: number, len: number, pos: number) => step(() => fs.readSync(fd, buf, off, len, pos), () => cb<number>((d) => fs.read(fd, buf, off, len, pos, (e, n) => d(e, n)))),
  readFile: (path: string) => step(() => fs.readFileSync(path), () => fs.promises.readFile(path)),
  readText: (path: string) => step(() => fs.readFileSync(path, 'utf8'), () => fs.promises.readFile(path, 'utf8')),
  mkdirp: (path: string) => step(() => void fs.mkdirSync(path, { recursive: true }), async () => void (await fs.promises.mkdir(path, { recursive: true }))),
  rename: (from: string, to: string) => step(() => fs.renameSync(from, to), () => fs.promises.rename(from, to)),
  link: (from: string, to: string) => step(() => fs.linkSync(from, to), () => fs.promises.link(from, to)),
  unlink: (path: string) => step(() => fs.unlinkSync(path), () => fs.promises.unlink(path)),
  rmForce: (path: string) => step(() => fs.rmSync(path, { force: true }), () => fs.promises.rm(path, { force: true })),
  stat: (path: string) => step(() => fs.statSync(path), () => fs.promises.stat(path)),
  utimes: (path: string, t: Date) => step(() => fs.utimesSync(path, t, t), () => fs.promises.utimes(path, t, t)),
  statfs: (path: string) => step(() => fs.statfsSync(path), () => fs.promises.statfs(path)),
};
