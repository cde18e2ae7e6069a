import { setMaxListeners } from "node:events";
import type { Clock } from "./clock";

/**
 * The operation was stopped on purpose (the engine's Cancel: Ctrl-C on `pulumi up`), not by its deadline. Its
 * message says only that; the caller says what had and had not been sent.
 * @public
 */
export class OperationCancelledError extends Error {
  override name = "OperationCancelledError";
  constructor(message = "cancelled (Ctrl-C or the engine's Cancel)") {
    super(message);
  }
}

/** True for {@link OperationCancelledError}. @public */
export function isOperationCancelled(err: unknown): err is OperationCancelledError {
  return err instanceof Error && err.name === "OperationCancelledError";
}

/**
 * One absolute point in time by which an operation must be over, fixed once when the operation starts and handed
 * down to every read, request, retry pause and wait under it. `signal` aborts at that point, so a connection that
 * never answers, or a body that never ends, is cut there too: no step can spend time another step was counting on.
 * It also aborts when the operation is cancelled (`cancel`), so that the same cut stops everything in flight.
 * @public
 */
export class Deadline {
  /** When the operation must be over, in epoch milliseconds on `clock`. */
  readonly atMs: number;
  /** Aborts at `atMs`, or when `cancel` aborts. */
  readonly signal: AbortSignal;
  /** Aborts at `atMs` only. */
  private readonly timeoutSignal: AbortSignal;

  /**
   * @param budgetMs - how long from now.
   * @param label - how the budget is named in errors, e.g. "timeoutSeconds (600 s)".
   * @param cancel - aborts when the operation is cancelled, with an {@link OperationCancelledError} as reason.
   */
  constructor(
    readonly clock: Clock,
    readonly budgetMs: number,
    readonly label: string,
    readonly cancel?: AbortSignal,
    /** The same deadline's point in time and timer, for {@link uncancellable}. */
    shared?: { atMs: number; timeoutSignal: AbortSignal },
  ) {
    this.atMs = shared?.atMs ?? clock.now() + budgetMs;
    this.timeoutSignal = shared?.timeoutSignal ?? clock.timeout(budgetMs);
    this.signal = cancel ? AbortSignal.any([this.timeoutSignal, cancel]) : this.timeoutSignal;
    // One deadline serves every read of a fleet lookup and every caller of a shared read at once, each listening to
    // it while it waits: more than Node's default of 10 listeners is its purpose, not a leak (each one is removed
    // when its wait ends).
    setMaxListeners(0, this.signal, this.timeoutSignal);
  }

  /** Milliseconds left, never negative. */
  remainingMs(): number {
    return Math.max(0, this.atMs - this.clock.now());
  }

  /** True once the deadline has passed (on the clock, or because its timer fired first). */
  get expired(): boolean {
    return this.timeoutSignal.aborted || this.clock.now() >= this.atMs;
  }

  /** True once the operation has been cancelled. */
  get cancelled(): boolean {
    return this.cancel?.aborted === true;
  }

  /** Throws the cancellation's {@link OperationCancelledError} once the operation has been cancelled. */
  throwIfCancelled(): void {
    if (this.cancelled) throw cancellationOf(this.cancel!);
  }

  /**
   * The same deadline, deaf to cancellation: for the one request that must not be cut halfway (the rollback's
   * POST, whose answer says whether the service took it).
   */
  uncancellable(): Deadline {
    return new Deadline(this.clock, this.budgetMs, this.label, undefined, {
      atMs: this.atMs,
      timeoutSignal: this.timeoutSignal,
    });
  }
}

/** The error a cancelled signal stands for. */
export function cancellationOf(signal: AbortSignal): OperationCancelledError {
  return isOperationCancelled(signal.reason) ? signal.reason : new OperationCancelledError();
}
