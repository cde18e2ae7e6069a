import type { Clock } from "./clock";

/**
 * One absolute point in time by which an operation must be over, fixed once when the operation starts and handed
 * down to every read, request, retry pause and wait under it. `signal` aborts at that point, so a connection that
 * never answers, or a body that never ends, is cut there too: no step can spend time another step was counting on.
 * @public
 */
export class Deadline {
  /** When the operation must be over, in epoch milliseconds on `clock`. */
  readonly atMs: number;
  /** Aborts at `atMs`. */
  readonly signal: AbortSignal;

  /**
   * @param budgetMs - how long from now.
   * @param label - how the budget is named in errors, e.g. "timeoutSeconds (600 s)".
   */
  constructor(
    readonly clock: Clock,
    readonly budgetMs: number,
    readonly label: string,
  ) {
    this.atMs = clock.now() + budgetMs;
    this.signal = clock.timeout(budgetMs);
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.atMs - this.clock.now());
  }

  /** True once the deadline has passed (on the clock, or because the signal fired first). */
  get expired(): boolean {
    return this.signal.aborted || this.clock.now() >= this.atMs;
  }
}
