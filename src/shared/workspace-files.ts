/**
 * Names of the workspace's transient files, shared by every writer (main and worker) and by the
 * cleanup that runs when a workspace is opened (issue 7: "temp names are unique per writer; temp files
 * left by a crash are cleaned on open"). A name carries its writer's pid, so cleanup can tell a file
 * still being written from one whose writer died.
 */

/** `<target>.tmp-<pid>-<random>`: unique per writer and per write. */
export function tempNameFor(target: string, pid: number, random: string): string {
  return `${target}.tmp-${pid}-${random}`;
}

const TRANSIENT = /\.(tmp|staging|old|stale)-(\d+)(?:-[a-z0-9]+)?$/;

/** The pid of the writer of a temp/staging/old/stale file or folder, or null for a regular name. */
export function transientWriterPid(name: string): number | null {
  const m = TRANSIENT.exec(name);
  return m === null ? null : Number(m[2]);
}
