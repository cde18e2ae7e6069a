/**
 * Runs tasks that share a key one after another, in arrival order; tasks with different keys run in parallel.
 *
 * The Pulumi engine runs every create of a deployment in one provider process and in parallel, so two resources
 * that name the same add-on would both read it as rollbackable and both POST; a service that accepted both would
 * undo the first rollback with the second. Queued behind the first, the second reads the add-on only once the
 * first has finished, and decides on what it sees then.
 * @internal
 */
export class OneAtATime {
  /** Per key, a promise that settles once every task queued so far for that key has settled. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /**
   * Runs `task` once every earlier task with the same key has settled.
   * @param onQueued - called at once, with no argument, when `task` has to wait for an earlier one.
   * @param signal - gives up waiting when it aborts (the task then never runs): rejects with its reason.
   */
  async run<T>(
    key: string,
    task: (queued: boolean) => Promise<T>,
    options: { onQueued?: () => void; signal?: AbortSignal } = {},
  ): Promise<T> {
    const previous = this.tails.get(key);
    if (previous) options.onQueued?.();
    const mine = (async () => {
      if (previous) await untilSettled(previous, options.signal);
      return task(previous !== undefined);
    })();
    // The next task waits for this one AND the one before it: a task that gave up waiting settles early, but the
    // task it was queued behind may still be running.
    const tail = Promise.allSettled([previous, mine]);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return mine;
  }

  /** How many keys have a task running or queued (for tests). */
  get size(): number {
    return this.tails.size;
  }
}

function untilSettled(promise: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  const settled = promise.then(
    () => undefined,
    () => undefined,
  );
  if (!signal) return settled;
  signal.throwIfAborted();
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    void settled.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}
