/**
 * Errors cross every process boundary as data, never as throws (DESIGN.md, "Boundaries").
 * `kind` lets a front door decide how to show an error; `message` is one line a user can act on.
 */
export type LabErrorKind =
  | 'bad-input' // a file or argument the user gave is missing, malformed or of the wrong shape
  | 'not-found' // something asked for by id does not exist
  | 'cancelled' // the user cancelled long work
  | 'io' // the file system refused (permissions, disk full)
  | 'engine' // TF.js or a kernel failed
  | 'internal'; // a bug: the message says what broke

export interface SerializedError {
  kind: LabErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = <T = never>(kind: LabErrorKind, message: string, details?: Record<string, unknown>): Result<T> => ({
  ok: false,
  error: details === undefined ? { kind, message } : { kind, message, details },
});

/** An Error that carries a kind, so a boundary can serialise it without guessing. */
export class LabError extends Error {
  constructor(
    readonly kind: LabErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'LabError';
  }
}

/** Turns anything thrown into a SerializedError; unknown errors become 'internal'. */
export function serializeError(e: unknown): SerializedError {
  if (e instanceof LabError) {
    return e.details === undefined ? { kind: e.kind, message: e.message } : { kind: e.kind, message: e.message, details: e.details };
  }
  if (e instanceof Error) return { kind: 'internal', message: e.message, details: { stack: e.stack } };
  return { kind: 'internal', message: String(e) };
}

/** Unwraps a Result, turning a failure back into a LabError at the edge that must throw. */
export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  throw new LabError(r.error.kind, r.error.message, r.error.details);
}

/** Runs `fn`, turning what it throws into a failed Result (every host method returns one). */
export async function attempt<T>(fn: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await fn());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** `attempt` for synchronous work. */
export function attemptSync<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
