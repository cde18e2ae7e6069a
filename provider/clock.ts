/**
 * Time as the waiter and the HTTP retry loop see it. Injected so that tests and benchmarks can drive time
 * without global fake timers (which hang real sockets).
 * @public
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects with the signal's reason once `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * A signal that aborts `ms` milliseconds from now on this clock, with a `TimeoutError`. Deadlines use it, so a
   * connection that hangs is cut at the deadline of the clock the rest of the operation is measured on.
   */
  timeout(ms: number): AbortSignal;
}

/** The real clock. @public */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
  timeout: (ms) => AbortSignal.timeout(Math.max(0, Math.ceil(ms))),
};
