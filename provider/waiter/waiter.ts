import type { Clock } from "../clock";

/** What one observation means for the wait. @public */
export type Verdict = { state: "success" } | { state: "pending" } | { state: "failure"; reason: string };

/**
 * How often to look. The pause after each read is `fractionOfElapsed` of the time waited so far, kept within
 * [minDelayMs, maxDelayMs] and shortened by up to `jitter` (never lengthened, so the bound holds) so that
 * parallel waits spread out. With the defaults, a change is seen at most max(1 s, 10 % of the time waited) after
 * it happens, and a long wait costs a logarithmic number of reads instead of one every few seconds.
 * @public
 */
export interface PollSchedule {
  minDelayMs: number;
  maxDelayMs: number;
  fractionOfElapsed: number;
  jitter: number;
}

/** @public */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
  minDelayMs: 1000,
  maxDelayMs: 60_000,
  fractionOfElapsed: 0.1,
  jitter: 0.1,
};

/** @public */
export interface WaitOptions<T> {
  clock: Clock;
  random: () => number;
  /** The wait fails once this much time has passed since `startedAt`. */
  timeoutMs: number;
  /** The origin of "time waited" (when the operation was accepted); defaults to now. */
  startedAt?: number;
  schedule?: Partial<PollSchedule>;
  poll: () => Promise<T>;
  classify: (value: T) => Verdict;
  /**
   * Errors of `poll` that should not end the wait (a throttled or dropped read); the next read may succeed. An
   * error with a `retryAfterMs` (the service's `Retry-After`) pushes the next read back at least that far.
   */
  isTransient?: (err: unknown) => boolean;
  /** Called after every read, with the value or the transient error. */
  onObserve?: (observation: { value?: T; error?: unknown; elapsedMs: number }) => void;
  signal?: AbortSignal;
}

/** @public */
export type WaiterResult<T> =
  | { state: "success"; value: T; observed: number; elapsedMs: number }
  | { state: "failure"; value: T; reason: string; observed: number; elapsedMs: number }
  | { state: "timeout"; value: T | undefined; lastError: unknown; observed: number; elapsedMs: number };

/**
 * Polls until `classify` says success or failure, or the deadline passes. Deadline based, not attempt based;
 * the last read is attempted at the deadline itself so a wait never ends without a final look (a read given the
 * same deadline fails at once there, and its failure is not taken over an earlier one). Time comes only from
 * the injected clock.
 * @public
 */
export async function runPolling<T>(options: WaitOptions<T>): Promise<WaiterResult<T>> {
  const schedule = { ...DEFAULT_POLL_SCHEDULE, ...options.schedule };
  validate(options, schedule);
  const { clock } = options;
  const startedAt = options.startedAt ?? clock.now();
  const deadline = startedAt + options.timeoutMs;
  let observed = 0;
  let last: T | undefined;
  let lastError: unknown;
  // Set by a pause that ends at the deadline. A real timer may fire up to ~2 ms before the clock says its time has
  // come (libuv counts whole milliseconds), and the deadline's signal with it: the read after that pause is the
  // final look even when it starts a moment before the deadline.
  let finalLook = false;

  for (;;) {
    options.signal?.throwIfAborted();
    try {
      last = await options.poll();
      lastError = undefined;
      observed++;
      const elapsedMs = clock.now() - startedAt;
      options.onObserve?.({ value: last, elapsedMs });
      const verdict = options.classify(last);
      if (verdict.state === "success") return { state: "success", value: last, observed, elapsedMs };
      if (verdict.state === "failure") {
        return { state: "failure", value: last, reason: verdict.reason, observed, elapsedMs };
      }
    } catch (err) {
      if (!options.isTransient?.(err)) throw err;
      // The final look happens at the deadline, where a request has no time left to be answered: its failure
      // says less than what came before it, an error (a 429, a 503) or a good read, which the timeout error names.
      // It is kept only when nothing came before.
      if ((!finalLook && clock.now() < deadline) || (lastError === undefined && observed === 0)) lastError = err;
      options.onObserve?.({ error: err, elapsedMs: clock.now() - startedAt });
    }
    const now = clock.now();
    if (finalLook || now >= deadline) {
      return { state: "timeout", value: last, lastError, observed, elapsedMs: now - startedAt };
    }
    const paced = nextDelayMs(now - startedAt, schedule, options.random);
    const delay = Math.min(Math.max(paced, retryAfterMs(lastError)), deadline - now);
    finalLook = delay === deadline - now;
    await clock.sleep(delay, options.signal);
  }
}

function retryAfterMs(err: unknown): number {
  const value = (err as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof value === "number" && value > 0 ? value : 0;
}

/**
 * The pause before the next read after `elapsedMs` of waiting.
 * @public
 */
export function nextDelayMs(elapsedMs: number, schedule: PollSchedule, random: () => number): number {
  const base = Math.min(schedule.maxDelayMs, Math.max(schedule.minDelayMs, elapsedMs * schedule.fractionOfElapsed));
  return Math.max(1, Math.round(base * (1 - schedule.jitter * random())));
}

function validate(options: { timeoutMs: number }, schedule: PollSchedule): void {
  const problems: string[] = [];
  if (!(options.timeoutMs > 0)) problems.push(`timeoutMs must be > 0 (got ${options.timeoutMs})`);
  if (!(schedule.minDelayMs > 0)) problems.push(`minDelayMs must be > 0 (got ${schedule.minDelayMs})`);
  if (schedule.maxDelayMs < schedule.minDelayMs) problems.push("maxDelayMs must be >= minDelayMs");
  if (!(schedule.fractionOfElapsed >= 0)) problems.push("fractionOfElapsed must be >= 0");
  if (!(schedule.jitter >= 0 && schedule.jitter < 1)) problems.push("jitter must be in [0, 1)");
  if (problems.length) throw new RangeError(`invalid wait options: ${problems.join("; ")}`);
}
