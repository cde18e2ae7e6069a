import type { Clock } from "../clock";

/**
 * Which requests go first when the budget is short. `foreground`: a request an operation cannot go on without (the
 * first read of an add-on, the rollback POST, a refresh, a function's read). `background`: a read of a rollback that
 * is already waiting, which loses nothing by coming a moment later. Foreground requests never queue behind background
 * ones, so that a fleet's polls cannot slow down the rollbacks still to be sent.
 * @public
 */
export type Urgency = "foreground" | "background";

/** @public */
export interface RequestBudgetOptions {
  /** The most requests per second ever sent (the ceiling the rate recovers to). */
  maxPerSecond: number;
  /** The rate never falls below this, however often the gateway throttles. Default 0.5 (AWS SDKs' minimum). */
  minPerSecond?: number;
}

/**
 * The constants of the AWS SDKs' adaptive retry mode (the "CUBIC" client rate limiter: smithy-typescript's
 * `DefaultRateLimiter`, packages/util-retry, and the AWS SDKs and Tools Reference Guide, "Retry behavior"): on a
 * throttle the rate drops to `BETA` of what it was, then grows back along `SCALE * (t - K)^3 + lastMax`.
 */
const BETA = 0.7;
const SCALE = 0.4;

/** A place in the queue. */
interface Ticket {
  /** Asked each time a token is handed out: a queued read that a foreground caller joins moves up. */
  urgency: () => Urgency;
  resolve: () => void;
  reject: (reason: unknown) => void;
  /** Detaches the abort listener once the ticket is settled. */
  done: () => void;
}

/**
 * One request budget: how many requests per second one account may send to one endpoint from this process, shared
 * by every resource operation, read and function that uses it. A token bucket holding one second's worth (client-go's
 * QPS and burst, `k8s.io/client-go/util/flowcontrol`, with the burst at the QPS, as AWS sizes its bucket), whose rate adapts to the gateway's answers as the AWS SDKs' adaptive mode does:
 * a 429 cuts it to 0.7 of what it was, and it grows back along a cubic curve, first fast, then slowly near the rate
 * that was throttled, never above `maxPerSecond`. So several processes that share one account's limit without
 * knowing of each other settle near their shares of it.
 *
 * What was taken from each, and what was not:
 * - the bucket is on from the start, at the configured rate (client-go); AWS's starts off and only turns on at the
 *   first throttle, which would let the first wave of a fleet run into the gateway;
 * - only a throttled request sent after the last cut cuts the rate again (as TCP takes one loss per window): the
 *   answers to requests that were already on their way say nothing new, and counting each of them would send the
 *   rate to its floor after one burst;
 * - when a throttled rate was itself below the rate of the previous throttle, the curve aims lower (CUBIC's "fast
 *   convergence", RFC 9438 §4.7), which is what lets two processes that both started at the ceiling share it;
 * - time comes from the injected clock, and a wait for a token ends when its signal aborts (a deadline, Ctrl-C).
 * @public
 */
export class RequestBudget {
  private readonly max: number;
  private readonly min: number;
  private tokens: number;
  private refilledAt: number;
  /** The rate tokens come at now. */
  private rate: number;
  /** The rate at the last throttle, and when it came: the origin of the cubic curve. */
  private lastMax: number;
  private throttledAt: number | undefined;
  /** How long after a throttle the curve is back at `lastMax` (the cubic's K). */
  private window = 0;
  private readonly queue: Ticket[] = [];
  private pumping = false;

  constructor(
    private readonly clock: Clock,
    options: RequestBudgetOptions,
  ) {
    const problems = [
      !(options.maxPerSecond > 0 && Number.isFinite(options.maxPerSecond)) &&
        `maxPerSecond must be > 0 and finite (got ${options.maxPerSecond})`,
      options.minPerSecond !== undefined &&
        !(options.minPerSecond > 0) &&
        `minPerSecond must be > 0 (got ${options.minPerSecond})`,
    ].filter(Boolean);
    if (problems.length > 0) throw new RangeError(`invalid request budget: ${problems.join("; ")}`);
    this.max = options.maxPerSecond;
    this.min = Math.min(options.minPerSecond ?? 0.5, this.max);
    this.rate = this.max;
    this.lastMax = this.max;
    this.tokens = this.capacity();
    this.refilledAt = clock.now();
  }

  /** Requests per second allowed now. */
  get ratePerSecond(): number {
    return this.rate;
  }

  /** How many requests wait for a token now. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Waits until a request may be sent. Foreground requests go first; among equals, first come, first served.
   * @param urgency - the request's urgency, or a function asked whenever a token is handed out (for a queued read
   *   that more callers join while it waits).
   * @param signal - gives up waiting when it aborts: rejects with its reason, and no token is spent.
   */
  take(urgency: Urgency | (() => Urgency), signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted();
      const ticket: Ticket = {
        urgency: typeof urgency === "function" ? urgency : () => urgency,
        resolve,
        reject,
        done: () => undefined,
      };
      if (signal) {
        const onAbort = () => {
          const at = this.queue.indexOf(ticket);
          if (at >= 0) this.queue.splice(at, 1);
          reject(signal.reason as Error);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        ticket.done = () => signal.removeEventListener("abort", onAbort);
      }
      this.queue.push(ticket);
      void this.pump();
    });
  }

  /**
   * Tells the budget how a request it let through was answered.
   * @param sentAt - when the request was sent, on the budget's clock.
   * @param throttled - the gateway refused it for the rate (429).
   */
  answered(sentAt: number, throttled: boolean): void {
    const now = this.clock.now();
    this.refill(now);
    if (throttled) {
      if (this.throttledAt !== undefined && sentAt < this.throttledAt) return;
      const at = this.rate;
      // Fast convergence: throttled below the last throttled rate means someone else needs a share of it too.
      this.lastMax = at < this.lastMax ? (at * (1 + BETA)) / 2 : at;
      this.throttledAt = now;
      this.rate = Math.max(this.min, at * BETA);
      // The curve starts at the rate just cut to (RFC 9438 §4.2: K from W_max - cwnd_epoch), also when it aims lower.
      this.window = Math.cbrt((this.lastMax - this.rate) / SCALE);
      this.tokens = Math.min(this.tokens, this.capacity());
      return;
    }
    if (this.throttledAt === undefined) return;
    const t = (now - this.throttledAt) / 1000 - this.window;
    this.rate = Math.min(this.max, Math.max(this.min, SCALE * t ** 3 + this.lastMax));
  }

  /** What the bucket holds at most: one second's worth at the rate of now, and at least one request (as AWS's). */
  private capacity(): number {
    return Math.max(1, this.rate);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.capacity(), this.tokens + ((now - this.refilledAt) / 1000) * this.rate);
    this.refilledAt = now;
  }

  /** Hands out tokens while requests wait, sleeping until the next one is due. One pump at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        this.refill(this.clock.now());
        if (this.tokens >= 1) {
          this.tokens -= 1;
          const next = this.next();
          next.done();
          next.resolve();
          continue;
        }
        await this.clock.sleep(Math.max(1, Math.ceil(((1 - this.tokens) / this.rate) * 1000)));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Removes and returns the ticket served next: the oldest foreground one, else the oldest. */
  private next(): Ticket {
    const at = Math.max(
      0,
      this.queue.findIndex((t) => t.urgency() === "foreground"),
    );
    return this.queue.splice(at, 1)[0]!;
  }
}
