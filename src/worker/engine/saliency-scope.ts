/**
 * The engine's few pieces of global saliency state (the input-gradient-only flag, a GraphModel's
 * swapped ReLU gradients) live only inside synchronous scopes opened here. A scope whose body returns
 * a promise is refused: `try { fn() } finally { restore }` would restore at the body's first `await`
 * and let the rest of the backward pass run without the rule, labelled as if it had one (issue 15).
 * Training asserts that no scope is open, so a rule can never leak into a weight update either.
 */
const open: string[] = [];

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** Runs `fn` synchronously inside a named scope; `enter`/`exit` set and restore the state it guards. */
export function withSaliencyScope<T>(name: string, enter: () => void, exit: () => void, fn: () => T): T {
  open.push(name);
  enter();
  let out: T;
  try {
    out = fn();
  } finally {
    exit();
    open.pop();
  }
  if (isThenable(out)) {
    // The body has already left the scope; its continuation would run with the state restored.
    Promise.resolve(out).catch(() => {});
    throw new Error(`engine scope "${name}" was given an async function: its body must be synchronous (the rest after an await would run outside the scope)`);
  }
  return out;
}

export function openSaliencyScopes(): readonly string[] {
  return open;
}

/** Called by every training step: a saliency rule must never shape a weight update. */
export function assertNoSaliencyScope(where: string): void {
  if (open.length > 0) throw new Error(`${where}: a saliency scope is open (${open.join(', ')}); training must run with the plain gradient`);
}
