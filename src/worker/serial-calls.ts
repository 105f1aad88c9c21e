/**
 * Runs a worker's calls one after another, in arrival order. The engine's backend, kernel caches and
 * model-walking scopes are per thread; two calls interleaving at their awaits (a map computed while a
 * training epoch awaits its checkpoint write) would share them. Cancels do not queue: they reach a
 * running call through its shared flag, and a queued call sees its flag when it starts.
 */
export class SerialCalls {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Calls queued behind the running one (for traces and tests). */
  get queued(): number {
    return this.waiting;
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    this.waiting++;
    const started = this.tail.then(() => {
      this.waiting--;
      return call();
    });
    // The next call waits for this one to settle, whether it succeeded or failed.
    this.tail = started.then(
      () => undefined,
      () => undefined,
    );
    return started;
  }
}
